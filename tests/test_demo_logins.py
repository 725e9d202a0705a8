"""Every documented demo login can do what its role is for once ``load_demo`` has run (twice:
the second run must change nothing), and the roles came the way they come in the house."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext, override

from community import roles
from community.models import RoleChange, SeatAllocation, SeatApplication, User
from home.demo_content import DEMO_PASSWORD
from mentoring.models import Match, Session
from notifications.models import Notification

MEMBER = "entreprenor@demo.grunderhus.no"
MENTOR = "mentor@demo.grunderhus.no"
STAFF = "stab@demo.grunderhus.no"
EDITOR = "redaktor@demo.grunderhus.no"
ADMIN = "admin@demo.grunderhus.no"


def _counts():
    return {
        "role changes": RoleChange.objects.count(),
        "allocations": SeatAllocation.objects.count(),
        "notifications": Notification.objects.count(),
        "applications": SeatApplication.objects.count(),
        "matches": Match.objects.count(),
        "sessions": Session.objects.count(),
        "users": User.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded twice, once for the whole module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=False, GRUNDERHUS_SHOW_DEMO_LOGINS=False):
            call_command("load_demo", stdout=io.StringIO())
            first = _counts()
            call_command("load_demo", stdout=io.StringIO())
            second = _counts()
        yield {"first": first, "second": second}
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def login(demo, db, client):
    def as_(email):
        assert client.login(email=email, password=DEMO_PASSWORD), email
        return client

    return as_


def _nb(msgid):
    with override("nb"):
        return gettext(msgid)


def test_a_second_run_changes_nothing(demo, db):
    assert demo["second"] == demo["first"]


def test_roles_come_from_desks_and_grants(demo, db):
    member = User.objects.get(email=MEMBER)
    assert roles.user_has_role(member, roles.ENTREPRENEUR)
    # Membership followed the desk, logged with the staff member who allocated it.
    joined = RoleChange.objects.get(user=member, role=roles.ENTREPRENEUR)
    assert joined.action == RoleChange.Action.GRANTED and joined.by.email == STAFF
    for email, role in ((MENTOR, roles.MENTOR), (EDITOR, roles.EDITOR)):
        change = RoleChange.objects.get(user__email=email, role=role)
        assert change.by.email == STAFF and change.reason.strip()
    staff = User.objects.get(email=STAFF)
    assert staff.is_staff and roles.user_has_role(staff, roles.STAFF)
    editor = User.objects.get(email=EDITOR)
    assert roles.user_has_role(editor, roles.EDITOR) and not editor.is_superuser
    assert User.objects.get(email=ADMIN).is_superuser
    # Nobody else among the logins is a member: staff, editors and mentors hold no desk.
    for email in (MENTOR, STAFF, EDITOR, ADMIN):
        assert not roles.user_has_role(User.objects.get(email=email), roles.ENTREPRENEUR), email


def test_one_alumnus_and_one_application_waiting(demo, db):
    today = timezone.localdate()
    alumni = User.objects.filter(groups__name=roles.ALUMNUS)
    assert alumni.count() == 1
    alumnus = alumni.get()
    last = alumnus.seat_allocations.order_by("-start").first()
    assert last.end is not None and last.end <= today.replace(day=1)
    assert last.end > today.replace(day=1) - datetime.timedelta(days=32)
    assert RoleChange.objects.filter(
        user=alumnus, role=roles.ALUMNUS, action=RoleChange.Action.GRANTED
    ).exists()
    assert not roles.user_has_role(alumnus, roles.ENTREPRENEUR)
    assert SeatApplication.objects.filter(status=SeatApplication.Status.SUBMITTED).exists()


def test_member_login_sits_at_a_desk_with_a_mentor(login):
    member = User.objects.get(email=MEMBER)
    today = timezone.localdate()
    desk = SeatAllocation.objects.get(member=member, status="active", end__isnull=True)
    assert today - datetime.timedelta(days=120) < desk.start <= today - datetime.timedelta(days=7)
    assert member.startups.exists()
    assert SeatApplication.objects.filter(
        applicant=member, status=SeatApplication.Status.ACCEPTED
    ).exists()
    match = Match.objects.get(
        request__entrepreneur=member, mentor__user__email=MENTOR, status=Match.Status.ACCEPTED
    )

    client = login(MEMBER)
    html = client.get("/nb/min-side/").content.decode()
    assert desk.desk.code in html
    assert "Per Mentor" in html  # the booked session with the mentor
    assert _nb("Apply for a seat") not in html and "Apply for a seat" not in html

    assert client.get("/nb/mentor/be-om-mentor/").status_code == 200
    response = client.get(f"/nb/mentor/match/{match.pk}/bestill/")
    assert response.status_code == 200
    assert response.context["days"], "the booking page lists no free times"
    assert 'type="radio" name="start"' in response.content.decode()


def test_mentor_login_has_a_profile_hours_and_no_seat_offer(login):
    client = login(MENTOR)
    response = client.get("/nb/mentor/profil/")
    assert response.status_code == 200
    profile = User.objects.get(email=MENTOR).mentor_profile
    assert profile.headline and profile.bio and profile.expertise and profile.languages
    assert profile.partner and profile.is_active and profile.is_public
    assert profile.headline in response.content.decode()

    response = client.get("/nb/mentor/tilgjengelighet/")
    assert response.status_code == 200
    initial = response.context["weekly"].initial
    for weekday in (1, 3):  # Tuesday and Thursday, 09–15
        assert initial[f"d{weekday}_0_start"] == datetime.time(9)
        assert initial[f"d{weekday}_0_end"] == datetime.time(15)
    assert response.context["preview"], "no free times shown"

    html = client.get("/nb/min-side/").content.decode()
    assert _nb("Apply for a seat") not in html and "Apply for a seat" not in html
    assert _nb("Your mentor profile is not complete yet.") not in html
    assert "Ingrid Gründer" in html  # the session with the member login


def test_staff_login_opens_the_seat_admin(login):
    assert login(STAFF).get("/admin/plasser/").status_code == 200


def test_editor_login_edits_a_page(login):
    from home.models import HomePage

    home = HomePage.objects.filter(locale__language_code="nb").first()
    client = login(EDITOR)
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200


def test_admin_login_opens_the_admin(login):
    assert login(ADMIN).get("/admin/").status_code == 200
