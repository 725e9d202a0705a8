"""The staff's "Members and roles" pages in the Wagtail admin, and the groups field of
Wagtail's own user forms."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from community import roles
from community.models import RoleChange, User
from community.services import membership_sync, role_grant, roles_ensure
from mentoring.models import Session
from tests.factories.community import (
    EditorFactory,
    EntrepreneurFactory,
    MentorFactory,
    SeatAllocationFactory,
    SeatApplicationFactory,
    StaffFactory,
    StartupFactory,
    UserFactory,
)
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.mentoring import MatchFactory, SessionFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/personer/"


@pytest.fixture
def staff():
    return StaffFactory(full_name="Stine Stab")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True, full_name="Sjef Sjefsen")


def _member(*, name, startup=None, desk_start=None):
    """A member as the platform makes one: a desk allocation, then membership_sync."""
    user = UserFactory(full_name=name)
    allocation = SeatAllocationFactory(
        member=user, start=desk_start or timezone.localdate() - timedelta(days=30)
    )
    membership_sync(user=user)
    if startup is not None:
        startup.members.add(user)
    return user, allocation


# --- Access ----------------------------------------------------------------------------------


def test_the_urls_are_where_staff_expect_them():
    assert reverse("people_admin:index") == INDEX
    assert reverse("people_admin:person", args=[7]) == "/admin/personer/7/"
    assert reverse("people_admin:invite_mentor") == "/admin/personer/inviter-mentor/"


@pytest.mark.parametrize("url", [INDEX, "/admin/personer/{pk}/", "/admin/personer/inviter-mentor/"])
def test_anonymous_people_are_sent_to_the_login(client, url):
    person = UserFactory()
    response = client.get(url.format(pk=person.pk))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("url", [INDEX, "/admin/personer/{pk}/", "/admin/personer/inviter-mentor/"])
def test_an_editor_in_the_admin_gets_403(client, url):
    person = UserFactory(full_name="Kari Nordmann")
    client.force_login(EditorFactory())
    response = client.get(url.format(pk=person.pk))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Bare husets ansatte" in body
    assert "Kari Nordmann" not in body


@pytest.mark.parametrize("factory", [EntrepreneurFactory, MentorFactory])
@pytest.mark.parametrize("url", [INDEX, "/admin/personer/{pk}/", "/admin/personer/inviter-mentor/"])
def test_members_and_mentors_never_see_the_pages(client, factory, url):
    """They have no admin access at all: Wagtail turns them away at its door (to the login,
    with "no permission") before the page runs, and a POST changes nothing."""
    person = UserFactory(full_name="Kari Nordmann")
    client.force_login(factory())
    response = client.get(url.format(pk=person.pk))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]
    response = client.post(
        f"/admin/personer/{person.pk}/",
        {"role": roles.MENTOR, "action": "grant", "reason": "Prøver meg"},
    )
    assert response.status_code in (302, 403)
    assert not person.groups.exists()
    assert not RoleChange.objects.filter(user=person).exists()


def test_staff_and_superusers_open_the_pages(client, staff, superuser):
    person = UserFactory()
    for who in (staff, superuser):
        client.force_login(who)
        for url in (INDEX, f"/admin/personer/{person.pk}/", "/admin/personer/inviter-mentor/"):
            assert client.get(url).status_code == 200, (who, url)


def test_a_deactivated_staff_account_is_no_house_staff(client):
    client.force_login(StaffFactory(is_active=False))
    assert client.get(INDEX).status_code in (302, 403)


def test_the_menu_shows_members_and_roles_to_staff_only(client, staff_client):
    assert "/admin/personer/" in staff_client.get("/admin/").content.decode()
    client.force_login(EditorFactory())
    assert "/admin/personer/" not in client.get("/admin/").content.decode()


def test_an_unknown_person_is_a_404(staff_client):
    # The project's 404 handling first tries the language-prefixed address.
    response = staff_client.get("/admin/personer/999999/", follow=True)
    assert response.status_code == 404


# --- Index -----------------------------------------------------------------------------------


def test_index_shows_members_with_startup_desk_mentor_hours_events_and_roles(staff_client):
    startup = StartupFactory(name="Sirkulær Sykkel AS")
    kari, allocation = _member(name="Kari Nordmann", startup=startup)
    match = MatchFactory(request__entrepreneur=kari, mentor__user__full_name="Mona Mentor")
    now = timezone.now()
    SessionFactory(match=match, start=now - timedelta(days=3))  # held, 1 h
    SessionFactory(match=match, start=now + timedelta(days=3), end=now + timedelta(days=3, hours=2))
    SessionFactory(match=match, start=now + timedelta(days=9), status=Session.Status.CANCELLED)
    for _ in range(2):
        RegistrationFactory(user=kari, event=EventFactory())
    RegistrationFactory(user=kari, event=EventFactory(start=now - timedelta(days=2)))
    RegistrationFactory(user=kari, event=EventFactory(), status="waitlisted")
    UserFactory(full_name="Ola Utenfor")  # no role: not a member

    body = staff_client.get(INDEX).content.decode()
    assert "Kari Nordmann" in body and kari.email in body
    assert "Sirkulær Sykkel AS" in body
    assert allocation.desk.code in body
    assert "Mona Mentor" in body
    assert "1,0 holdt / 2,0 planlagt" in body
    row = body[body.index("Kari Nordmann") :]
    row = row[: row.index("</tr>")]
    assert "<td>2</td>" in row  # two confirmed places at future events
    assert "Medlem" in row
    assert "Ola Utenfor" not in body
    assert f'href="/admin/personer/{kari.pk}/"' in body


def test_filters_show_each_kind_of_person(staff_client, staff, superuser):
    member, _ = _member(name="Mia Medlem")
    alumnus = UserFactory(full_name="Alf Alumn", role=roles.ALUMNUS)
    mentor = MentorFactory(full_name="Mons Mentor")
    editor = EditorFactory(full_name="Edel Redaktør")
    applicant = SeatApplicationFactory(applicant=UserFactory(full_name="Siri Søker")).applicant
    everyone = [member, alumnus, mentor, editor, applicant, staff, superuser]
    expected = {
        "members": {member},
        "alumni": {alumnus},
        "mentors": {mentor},
        "editors": {editor},
        "staff": {staff, superuser},
        "applicants": {applicant},
        "all": set(everyone),
    }
    for show, people in expected.items():
        body = staff_client.get(INDEX, {"show": show}).content.decode()
        for person in everyone:
            assert (person.full_name in body) == (person in people), (show, person.full_name)


def test_search_by_name_email_or_startup(staff_client):
    startup = StartupFactory(name="Fjordkraft Gründer AS")
    kari, _ = _member(name="Kari Nordmann", startup=startup)
    ola, _ = _member(name="Ola Hansen")
    ola.email = "ola.hansen@asker.example"
    ola.save()
    for query, found in [
        ("kari", kari),
        ("ASKER.example", ola),
        ("fjordkraft", kari),
    ]:
        body = staff_client.get(INDEX, {"q": query}).content.decode()
        other = ola if found == kari else kari
        assert found.full_name in body and other.full_name not in body, query
    body = staff_client.get(INDEX, {"q": "finnes ikke"}).content.decode()
    assert "Ingen treff." in body


def test_a_bad_filter_falls_back_to_members(staff_client):
    member, _ = _member(name="Mia Medlem")
    response = staff_client.get(INDEX, {"show": "<script>", "page": "x"})
    assert response.status_code == 200
    assert "Mia Medlem" in response.content.decode()


def test_index_paginates_by_fifty(staff_client):
    group = roles_ensure()[roles.MENTOR]
    for n in range(52):
        user = UserFactory(full_name=f"Mentor {n:02d}")
        user.groups.add(group)
    first = staff_client.get(INDEX, {"show": "mentors"}).content.decode()
    assert "Mentor 49" in first and "Mentor 50" not in first
    assert "show=mentors" in first and "page=2" in first
    second = staff_client.get(INDEX, {"show": "mentors", "page": 2}).content.decode()
    assert "Mentor 50" in second and "Mentor 51" in second and "Mentor 00" not in second


def _populate(first, last):
    """Members numbered first..last, each with a startup, a desk, a mentor, a session and an
    event place."""
    now = timezone.now()
    for i in range(first, last + 1):
        user, _ = _member(name=f"Medlem {i:02d}", startup=StartupFactory())
        match = MatchFactory(request__entrepreneur=user)
        SessionFactory(match=match, start=now + timedelta(days=2 + i))
        RegistrationFactory(user=user, event=EventFactory())


def test_the_index_query_count_does_not_grow_with_the_people_on_it(
    staff_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _populate(0, 2)
    staff_client.get(INDEX)  # warm up per-process caches (content types, site, locale)
    with CaptureQueriesContext(connection) as few:
        assert "Medlem 02" in staff_client.get(INDEX).content.decode()
    _populate(3, 11)
    with django_assert_num_queries(len(few)):
        assert "Medlem 11" in staff_client.get(INDEX).content.decode()


# --- One person, granting and revoking -------------------------------------------------------


def test_person_page_shows_roles_startup_desks_and_the_log(staff_client, staff):
    startup = StartupFactory(name="Sirkulær Sykkel AS")
    kari, allocation = _member(name="Kari Nordmann", startup=startup)
    role_grant(user=kari, role=roles.EDITOR, by=staff, reason="Skriver nyhetsbrevet")
    body = staff_client.get(f"/admin/personer/{kari.pk}/").content.decode()
    assert "Sirkulær Sykkel AS" in body
    assert allocation.desk.code in body
    assert "Avledet: følger plasstildelingene." in body
    assert "Gis av en superbruker under Brukere." in body
    # The log: the platform made her a member, staff made her an editor, with the reasons.
    assert "plattformen" in body
    assert "Stine Stab" in body and "Skriver nyhetsbrevet" in body


def test_staff_grant_the_mentor_role_with_a_reason_and_it_is_logged(staff_client, staff):
    kari = UserFactory(full_name="Kari Nordmann")
    response = staff_client.post(
        f"/admin/personer/{kari.pk}/",
        {"role": roles.MENTOR, "action": "grant", "reason": "Erfaren investor"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Kari Nordmann har nå rollen Mentor." in response.content.decode()
    assert roles.user_has_role(kari, roles.MENTOR)
    change = RoleChange.objects.get(user=kari)
    assert (change.role, change.action, change.by, change.reason) == (
        roles.MENTOR,
        RoleChange.Action.GRANTED,
        staff,
        "Erfaren investor",
    )


def test_staff_revoke_the_editor_role_with_a_reason(staff_client, staff):
    kari = EditorFactory(full_name="Kari Nordmann")
    response = staff_client.post(
        f"/admin/personer/{kari.pk}/",
        {"role": roles.EDITOR, "action": "revoke", "reason": "Sluttet i redaksjonen"},
    )
    assert response.status_code == 302
    kari = User.objects.get(pk=kari.pk)
    assert not roles.user_has_role(kari, roles.EDITOR)
    assert not kari.is_staff  # editors open the admin; without the role the flag goes
    change = RoleChange.objects.get(user=kari)
    assert change.action == RoleChange.Action.REVOKED and change.reason == "Sluttet i redaksjonen"


def test_a_missing_reason_is_an_error_on_the_form_and_nothing_changes(staff_client):
    kari = UserFactory(full_name="Kari Nordmann")
    response = staff_client.post(
        f"/admin/personer/{kari.pk}/", {"role": roles.MENTOR, "action": "grant", "reason": "  "}
    )
    assert response.status_code == 200
    assert "Oppgi en begrunnelse for endringen." in response.content.decode()
    assert not kari.groups.exists()
    assert not RoleChange.objects.exists()


def test_errors_speak_english_to_an_english_speaking_admin(client):
    client.force_login(StaffFactory(preferred_language="en"))
    kari = UserFactory()
    response = client.post(
        f"/admin/personer/{kari.pk}/",
        {"role": roles.MENTOR, "action": "grant", "reason": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Give a reason for the change." in response.content.decode()


def test_granting_a_role_held_already_says_so(staff_client, staff):
    kari = MentorFactory(full_name="Kari Nordmann")
    response = staff_client.post(
        f"/admin/personer/{kari.pk}/", {"role": roles.MENTOR, "action": "grant", "reason": "Igjen"}
    )
    assert response.status_code == 200
    assert "Kari Nordmann har allerede rollen Mentor." in response.content.decode()
    assert not RoleChange.objects.exists()


@pytest.mark.parametrize("role", [roles.ENTREPRENEUR, roles.ALUMNUS, roles.STAFF])
def test_staff_cannot_set_membership_or_the_staff_role(staff_client, role):
    kari = UserFactory()
    response = staff_client.post(
        f"/admin/personer/{kari.pk}/", {"role": role, "action": "grant", "reason": "Fordi"}
    )
    assert response.status_code == 200
    assert 'name="role"' in response.content.decode()
    assert "Velg et gyldig valg" in response.content.decode()
    assert not kari.groups.exists()
    assert not RoleChange.objects.exists()


def test_the_staff_role_is_offered_to_superusers_only(client, staff_client, superuser):
    kari = UserFactory()
    url = f"/admin/personer/{kari.pk}/"
    assert f'value="{roles.STAFF}"' not in staff_client.get(url).content.decode()
    client.force_login(superuser)
    assert f'value="{roles.STAFF}"' in client.get(url).content.decode()
    response = client.post(url, {"role": roles.STAFF, "action": "grant", "reason": "Ny i staben"})
    assert response.status_code == 302
    kari = User.objects.get(pk=kari.pk)
    assert roles.user_has_role(kari, roles.STAFF) and kari.is_staff
    change = RoleChange.objects.get(user=kari)
    assert change.by == superuser and change.reason == "Ny i staben"


# --- Wagtail's user forms --------------------------------------------------------------------


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _edit_data(user, groups):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": "nb",
        "is_active": "on",
        "password1": "",
        "password2": "",
        "groups": [g.pk for g in groups],
    }


def test_the_user_form_offers_only_staff_and_non_role_groups(admin_client):
    groups = roles_ensure()
    other = Group.objects.create(name="Husstyret")
    user = UserFactory()
    body = admin_client.get(reverse("wagtailusers_users:edit", args=[user.pk])).content.decode()
    for name in (roles.ENTREPRENEUR, roles.ALUMNUS, roles.MENTOR, roles.EDITOR):
        assert f'value="{groups[name].pk}"' not in body, name
    assert f'value="{groups[roles.STAFF].pk}"' in body
    assert f'value="{other.pk}"' in body
    # A forged tick of a role group is refused, and nothing changes.
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]), _edit_data(user, [groups[roles.MENTOR]])
    )
    assert response.status_code == 200
    assert not user.groups.exists()
    assert not RoleChange.objects.exists()


def test_saving_the_user_form_keeps_the_roles_it_does_not_show(admin_client, staff):
    groups = roles_ensure()
    kari, _ = _member(name="Kari Nordmann")
    role_grant(user=kari, role=roles.MENTOR, by=staff, reason="Erfaren")
    other = Group.objects.create(name="Husstyret")
    logged = RoleChange.objects.count()
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[kari.pk]), _edit_data(kari, [other])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(kari.groups.values_list("name", flat=True)) == {
        roles.ENTREPRENEUR,
        roles.MENTOR,
        "Husstyret",
    }
    assert RoleChange.objects.count() == logged
    # Unticking the other group keeps the roles too.
    admin_client.post(reverse("wagtailusers_users:edit", args=[kari.pk]), _edit_data(kari, []))
    assert set(kari.groups.values_list("name", flat=True)) == {roles.ENTREPRENEUR, roles.MENTOR}
    assert groups[roles.STAFF] not in kari.groups.all()


def test_ticking_and_unticking_staff_in_the_user_form_is_logged(admin_client, superuser):
    staff_group = roles_ensure()[roles.STAFF]
    kari = MentorFactory(full_name="Kari Nordmann")
    url = reverse("wagtailusers_users:edit", args=[kari.pk])
    assert admin_client.post(url, _edit_data(kari, [staff_group])).status_code == 302
    kari = User.objects.get(pk=kari.pk)
    assert roles.user_has_role(kari, roles.STAFF) and roles.user_has_role(kari, roles.MENTOR)
    assert kari.is_staff
    granted = RoleChange.objects.get(user=kari)
    assert (granted.role, granted.action, granted.by, granted.reason) == (
        roles.STAFF,
        RoleChange.Action.GRANTED,
        superuser,
        "Endret i brukeradministrasjonen",
    )
    # Saving again without a change logs nothing more.
    admin_client.post(url, _edit_data(kari, [staff_group]))
    assert RoleChange.objects.filter(user=kari).count() == 1
    admin_client.post(url, _edit_data(kari, []))
    kari = User.objects.get(pk=kari.pk)
    assert not roles.user_has_role(kari, roles.STAFF) and roles.user_has_role(kari, roles.MENTOR)
    revoked = RoleChange.objects.filter(user=kari).first()
    assert (revoked.action, revoked.by) == (RoleChange.Action.REVOKED, superuser)


def test_creating_a_user_with_the_staff_role_is_logged(admin_client, superuser):
    staff_group = roles_ensure()[roles.STAFF]
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "ny@example.no",
            "full_name": "Ny Ansatt",
            "preferred_language": "nb",
            "password1": "et langt og godt passord 42",
            "password2": "et langt og godt passord 42",
            "groups": [staff_group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="ny@example.no")
    assert list(user.groups.all()) == [staff_group] and user.is_staff
    change = RoleChange.objects.get(user=user)
    assert (change.action, change.by, change.reason) == (
        RoleChange.Action.GRANTED,
        superuser,
        "Endret i brukeradministrasjonen",
    )


def test_a_non_superuser_with_user_admin_rights_cannot_tick_staff_and_keeps_it(client):
    """Someone given Wagtail's user permissions (not a superuser) sees no staff box; a
    staff member they edit keeps the role."""
    from django.contrib.auth.models import Permission

    groups = roles_ensure()
    clerk_group = Group.objects.create(name="Brukerstøtte")
    clerk_group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "community"],
            codename__in=["access_admin", "add_user", "change_user"],
        )
    )
    clerk = UserFactory(is_staff=True)
    clerk.groups.add(clerk_group)
    client.force_login(clerk)
    colleague = StaffFactory()
    url = reverse("wagtailusers_users:edit", args=[colleague.pk])
    body = client.get(url).content.decode()
    assert f'value="{groups[roles.STAFF].pk}"' not in body
    response = client.post(url, _edit_data(colleague, []))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert roles.user_has_role(User.objects.get(pk=colleague.pk), roles.STAFF)
    fresh = UserFactory()
    response = client.post(
        reverse("wagtailusers_users:edit", args=[fresh.pk]),
        _edit_data(fresh, [groups[roles.STAFF]]),
    )
    assert response.status_code == 200
    assert not fresh.groups.exists()
    assert not RoleChange.objects.filter(role=roles.STAFF).exists()


def test_members_desk_history_lists_past_and_current_desks(staff_client):
    kari, current = _member(name="Kari Nordmann")
    old = SeatAllocationFactory(
        member=kari,
        start=current.start - timedelta(days=200),
        end=current.start - timedelta(days=100),
    )
    body = staff_client.get(f"/admin/personer/{kari.pk}/").content.decode()
    assert old.desk.code in body and current.desk.code in body
    assert old.end.strftime("%d.%m.%Y") in body
