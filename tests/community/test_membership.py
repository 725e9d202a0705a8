"""Membership follows the desks: an allocation makes a member at once, the end of the last one
makes an alumnus; every role change is logged; applications and allocations send their mails."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community import roles, services
from community.models import RoleChange, SeatApplication
from notifications.models import Notification
from notifications.services import reminder_preferences_set
from tests.factories.community import (
    DeskFactory,
    StaffFactory,
    StartupFactory,
    UserFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)


def _roles_of(user):
    return set(user.groups.values_list("name", flat=True))


def _rows(kind, **filters):
    return Notification.objects.filter(kind=kind, **filters)


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def applicant():
    """A person who signed up and applied: no role of any kind yet."""
    user = UserFactory()
    startup = StartupFactory(members=[user])
    services.seat_application_submit(
        applicant=user, startup=startup, motivation="Sirkulære møbler.", desired_start=D(2027, 3, 1)
    )
    return user


def _application(user):
    return SeatApplication.objects.get(applicant=user)


@time_machine.travel(TODAY, tick=False)
def test_direct_allocation_makes_a_member_accepts_the_application_and_welcomes_once(
    applicant, staff, client
):
    client.force_login(applicant)
    assert client.get(reverse("mentoring:request_create")).status_code == 403

    app = _application(applicant)
    allocation = services.seat_allocate(
        desk=DeskFactory(code="B-07"),
        member=applicant,
        start=D(2027, 3, 1),
        by=staff,
        startup=app.startup,
        application=app,
    )

    assert _roles_of(applicant) == {roles.ENTREPRENEUR}
    app.refresh_from_db()
    assert app.status == SeatApplication.Status.ACCEPTED
    change = RoleChange.objects.get(user=applicant, role=roles.ENTREPRENEUR)
    assert (change.action, change.by) == (RoleChange.Action.GRANTED, staff)
    assert "B-07" in change.reason
    welcome = _rows("community.seat_welcome", recipient=applicant)
    assert welcome.count() == 1 and welcome.get().object_id == str(allocation.pk)
    assert client.get(reverse("mentoring:request_create")).status_code == 200

    # Moving the member to another desk is no new membership: no second welcome.
    services.seat_move(allocation=allocation, desk=DeskFactory(), on=D(2027, 4, 1), by=staff)
    assert _rows("community.seat_welcome", recipient=applicant).count() == 1
    assert RoleChange.objects.filter(user=applicant).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_accepting_an_offer_makes_a_member_and_welcomes(applicant, staff):
    app = _application(applicant)
    offer = services.seat_offer_make(
        application=app,
        desk=DeskFactory(),
        start=D(2027, 3, 15),
        deadline=TODAY + datetime.timedelta(days=5),
        by=staff,
    )
    assert _roles_of(applicant) == set()  # an offer is not a desk yet
    services.seat_offer_respond(offer=offer, accept=True, by=applicant)
    assert _roles_of(applicant) == {roles.ENTREPRENEUR}
    assert RoleChange.objects.get(user=applicant).by == applicant
    assert _rows("community.seat_welcome", recipient=applicant).count() == 1


def test_the_welcome_mail_names_the_desk_and_links_min_side_mentoring_and_calendar(
    applicant, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_allocate(
            desk=DeskFactory(code="C-03", zone="Verkstedet"),
            member=applicant,
            start=D(2027, 3, 1),
            by=staff,
        )
    [mail] = [m for m in mailoutbox if "C-03" in m.subject]
    assert mail.to == [applicant.email]
    assert "Verkstedet" in mail.body and "1. mars 2027" in mail.body
    for path in ("/nb/min-side/", "/nb/mentor/", "/nb/min-side/varsler/"):
        assert f"http://testserver{path}" in mail.body


@time_machine.travel(TODAY, tick=False)
def test_ending_the_last_allocation_today_makes_an_alumnus_who_may_not_ask_for_a_mentor(
    applicant, staff, client
):
    allocation = services.seat_allocate(
        desk=DeskFactory(), member=applicant, start=D(2027, 1, 1), by=staff
    )
    services.seat_allocation_end(allocation=allocation, end=D(2027, 3, 1), by=staff)

    assert _roles_of(applicant) == {roles.ALUMNUS}
    log = list(RoleChange.objects.filter(user=applicant).order_by("pk"))
    assert [(c.role, c.action) for c in log] == [
        (roles.ENTREPRENEUR, "granted"),
        (roles.ENTREPRENEUR, "revoked"),
        (roles.ALUMNUS, "granted"),
    ]
    client.force_login(applicant)
    assert client.get(reverse("mentoring:request_create")).status_code == 403
    page = client.get(reverse("dashboard")).content.decode()
    assert "alumn" in page.lower()


def test_membership_ends_by_the_daily_task_when_the_end_date_passes(applicant, staff):
    with time_machine.travel(TODAY, tick=False):
        allocation = services.seat_allocate(
            desk=DeskFactory(), member=applicant, start=D(2027, 1, 1), by=staff
        )
        services.seat_allocation_end(allocation=allocation, end=D(2027, 3, 10), by=staff)
        assert services.memberships_end_due() == 0
        assert _roles_of(applicant) == {roles.ENTREPRENEUR}
    with time_machine.travel(datetime.datetime(2027, 3, 9, 23, 30, tzinfo=datetime.UTC)):
        # 00:30 on 10 March in Oslo: the allocation ran until (not including) today.
        from community.tasks import memberships_end_due

        assert memberships_end_due.delay().get() == 1
        assert services.memberships_end_due() == 0  # safe to run twice
    assert _roles_of(applicant) == {roles.ALUMNUS}
    assert RoleChange.objects.filter(user=applicant, by__isnull=True).count() == 2


def test_a_member_with_a_second_allocation_stays_a_member_when_the_first_ends(applicant, staff):
    with time_machine.travel(TODAY, tick=False):
        first = services.seat_allocate(
            desk=DeskFactory(), member=applicant, start=D(2027, 1, 1), end=D(2027, 3, 1), by=staff
        )
        services.seat_allocate(desk=DeskFactory(), member=applicant, start=D(2027, 3, 1), by=staff)
        assert first.end == D(2027, 3, 1)
        assert services.memberships_end_due() == 0
    assert _roles_of(applicant) == {roles.ENTREPRENEUR}


def test_an_alumnus_cannot_book_mentoring(applicant, staff):
    from mentoring.services import MentoringError, session_book
    from tests.factories.mentoring import MatchFactory

    with time_machine.travel(TODAY, tick=False):
        allocation = services.seat_allocate(
            desk=DeskFactory(), member=applicant, start=D(2027, 1, 1), by=staff
        )
        services.seat_allocation_end(allocation=allocation, end=D(2027, 3, 1), by=staff)
        match = MatchFactory(request__entrepreneur=applicant, status="accepted")
        with pytest.raises(MentoringError) as exc:
            session_book(
                match=match,
                start=TODAY + datetime.timedelta(days=7),
                agenda="Budsjett",
                by=applicant,
            )
    assert exc.value.code == "not_member"


# --- Mails when an application is filed -------------------------------------------------------


def test_applying_sends_a_receipt_and_alerts_staff_who_want_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    keen, busy = StaffFactory(), StaffFactory()
    reminder_preferences_set(user=busy, enabled_kinds=set())
    applicant = UserFactory(full_name="Kari Nordmann")
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_application_submit(
            applicant=applicant,
            startup=StartupFactory(name="Gjenbruk AS"),
            motivation="Vi vil vokse i Asker.",
            desired_start=D(2027, 3, 1),
        )
    app = _application(applicant)
    [receipt] = [m for m in mailoutbox if m.to == [applicant.email]]
    assert "Gjenbruk AS" in receipt.body
    assert f"http://testserver/nb/min-side/plass/{app.pk}/" in receipt.body
    alerts = [m for m in mailoutbox if m.to != [applicant.email]]
    assert [m.to for m in alerts] == [[keen.email]]
    assert f"/admin/plasser/soknad/{app.pk}/" in alerts[0].body
    assert _rows("community.seat_application_new", recipient=busy).get().state == "cancelled"


def test_the_staff_alert_is_offered_only_to_staff_on_the_preferences_page(client, staff):
    member = UserFactory()
    client.force_login(member)
    assert (
        "community.seat_application_new"
        not in client.get(reverse("notifications_preferences")).content.decode()
    )
    client.force_login(staff)
    assert (
        "community.seat_application_new"
        in client.get(reverse("notifications_preferences")).content.decode()
    )


# --- Granting roles ---------------------------------------------------------------------------


def test_staff_grant_and_revoke_the_editor_role_with_a_reason():
    staff, person = StaffFactory(), UserFactory()
    services.role_grant(user=person, role=roles.EDITOR, by=staff, reason="Skriver nyheter")
    person.refresh_from_db()
    assert person.is_staff and _roles_of(person) == {roles.EDITOR}
    services.role_revoke(user=person, role=roles.EDITOR, by=staff, reason="Sluttet")
    person.refresh_from_db()
    assert not person.is_staff and _roles_of(person) == set()
    assert [(c.action, c.reason, c.by) for c in RoleChange.objects.order_by("pk")] == [
        ("granted", "Skriver nyheter", staff),
        ("revoked", "Sluttet", staff),
    ]


@pytest.mark.parametrize(
    ("role", "by_kind", "error"),
    [
        (roles.MENTOR, "member", PermissionDenied),
        (roles.STAFF, "staff", PermissionDenied),
        (roles.ENTREPRENEUR, "superuser", ValidationError),
        (roles.ALUMNUS, "superuser", ValidationError),
    ],
)
def test_who_may_grant_what(role, by_kind, error):
    by = {
        "member": UserFactory,
        "staff": StaffFactory,
        "superuser": lambda: UserFactory(is_superuser=True),
    }[by_kind]()
    person = UserFactory()
    with pytest.raises(error):
        services.role_grant(user=person, role=role, by=by, reason="Fordi")
    assert _roles_of(person) == set() and not RoleChange.objects.exists()


def test_a_superuser_grants_staff_and_a_reason_is_required():
    boss, person = UserFactory(is_superuser=True), UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.role_grant(user=person, role=roles.STAFF, by=boss, reason="  ")
    assert "reason" in exc.value.message_dict
    services.role_grant(user=person, role=roles.STAFF, by=boss, reason="Ny daglig leder")
    assert services.is_house_staff(person)
    with pytest.raises(ValidationError):
        services.role_grant(user=person, role=roles.STAFF, by=boss, reason="Igjen")


@time_machine.travel(TODAY, tick=False)
def test_an_allocation_recorded_after_it_ended_gives_no_notice_of_its_end(applicant, staff):
    services.seat_allocate(
        desk=DeskFactory(), member=applicant, start=D(2026, 1, 1), end=D(2027, 2, 1), by=staff
    )
    assert not _rows("community.seat_ending").exists()
    assert _rows("community.seat_welcome").count() == 0  # never a member: it is over
    assert services.memberships_end_due() == 0
