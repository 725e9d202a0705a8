"""Seat rules: organisation numbers, applications, allocations, moves, offers."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from community import services
from community.models import SeatAllocation, SeatApplication, Startup, org_number_is_valid
from notifications.models import Notification
from tests.factories.community import (
    DeskFactory,
    EntrepreneurFactory,
    SeatAllocationFactory,
    SeatApplicationFactory,
    StaffFactory,
    StartupFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("974760673", True),  # Brønnøysundregistrene
        ("923609016", True),  # Equinor
        ("974760674", False),
        ("97476067", False),
        ("97476067X", False),
        ("", False),
    ],
)
def test_org_number_mod11(value, valid):
    assert org_number_is_valid(value) is valid


def test_startup_with_invalid_org_number_is_refused_and_not_saved(user):
    with pytest.raises(ValidationError) as exc:
        services.startup_create(name="Feil AS", org_number="974760674", members=[user])
    assert "org_number" in exc.value.message_dict
    assert not Startup.objects.exists()


def test_startup_org_number_spaces_are_removed(user):
    startup = services.startup_create(name="Rett AS", org_number="974 760 673", members=[user])
    assert startup.org_number == "974760673"
    assert list(startup.members.all()) == [user]


def test_second_open_application_is_refused(user):
    startup = StartupFactory()
    services.seat_application_submit(
        applicant=user, startup=startup, motivation="Ja", desired_start=D(2027, 1, 1)
    )
    with pytest.raises(ValidationError, match="allerede en åpen søknad"):
        services.seat_application_submit(
            applicant=user, startup=startup, motivation="Igjen", desired_start=D(2027, 1, 1)
        )
    assert SeatApplication.objects.filter(applicant=user).count() == 1


def test_apply_again_after_withdrawing(user):
    startup = StartupFactory()
    first = services.seat_application_submit(
        applicant=user, startup=startup, motivation="Ja", desired_start=D(2027, 1, 1)
    )
    services.seat_application_withdraw(application=first, by=user)
    second = services.seat_application_submit(
        applicant=user, startup=startup, motivation="Igjen", desired_start=D(2027, 2, 1)
    )
    assert second.status == SeatApplication.Status.SUBMITTED


def test_someone_else_cannot_withdraw():
    application = SeatApplicationFactory()
    with pytest.raises(PermissionDenied):
        services.seat_application_withdraw(application=application, by=EntrepreneurFactory())
    application.refresh_from_db()
    assert application.status == SeatApplication.Status.SUBMITTED


def test_decision_is_logged_and_mailed_to_the_applicant(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    application = SeatApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_application_review(application=application, by=staff)
        services.seat_application_decide(
            application=application, decision="accepted", by=staff, message="Velkommen!"
        )
    application.refresh_from_db()
    assert application.status == "accepted"
    log = list(application.decisions.values_list("from_status", "to_status", "by"))
    assert log == [("submitted", "in_review", staff.pk), ("in_review", "accepted", staff.pk)]
    sent = [m for m in mail.outbox if application.applicant.email in m.to]
    assert len(sent) == 1
    assert "Velkommen!" in sent[0].body
    assert "akseptert" in sent[0].subject.lower() or "accepted" in sent[0].subject.lower()


def test_a_closed_application_cannot_be_decided_again():
    staff = StaffFactory()
    application = SeatApplicationFactory(status="rejected")
    with pytest.raises(ValidationError):
        services.seat_application_decide(application=application, decision="accepted", by=staff)


# --- Allocation -------------------------------------------------------------------------------


def test_allocate_refuses_an_overlap_on_the_same_desk():
    staff = StaffFactory()
    desk = DeskFactory()
    services.seat_allocate(
        desk=desk, member=EntrepreneurFactory(), start=D(2027, 1, 1), end=D(2027, 7, 1), by=staff
    )
    with pytest.raises(ValidationError, match="allerede opptatt"):
        services.seat_allocate(
            desk=desk, member=EntrepreneurFactory(), start=D(2027, 6, 1), by=staff
        )
    # Back to back is fine: the period is [start, end).
    services.seat_allocate(desk=desk, member=EntrepreneurFactory(), start=D(2027, 7, 1), by=staff)
    assert SeatAllocation.objects.filter(desk=desk).count() == 2


def test_a_member_never_holds_two_desks_at_once():
    staff = StaffFactory()
    member = EntrepreneurFactory()
    services.seat_allocate(desk=DeskFactory(), member=member, start=D(2027, 1, 1), by=staff)
    with pytest.raises(ValidationError, match="har allerede en pult"):
        services.seat_allocate(
            desk=DeskFactory(), member=member, start=D(2027, 3, 1), end=D(2027, 4, 1), by=staff
        )


def test_inactive_desk_and_end_before_start_are_refused():
    staff = StaffFactory()
    with pytest.raises(ValidationError) as exc:
        services.seat_allocate(
            desk=DeskFactory(active=False),
            member=EntrepreneurFactory(),
            start=D(2027, 1, 1),
            by=staff,
        )
    assert "desk" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.seat_allocate(
            desk=DeskFactory(),
            member=EntrepreneurFactory(),
            start=D(2027, 2, 1),
            end=D(2027, 1, 1),
            by=staff,
        )
    assert "end" in exc.value.message_dict
    assert not SeatAllocation.objects.exists()


def test_released_allocations_do_not_hold_the_desk():
    staff = StaffFactory()
    desk = DeskFactory()
    SeatAllocationFactory(desk=desk, start=D(2027, 1, 1), status="released")
    services.seat_allocate(desk=desk, member=EntrepreneurFactory(), start=D(2027, 1, 1), by=staff)


def test_move_ends_one_allocation_and_starts_the_next_in_one_go():
    staff = StaffFactory()
    a, b = DeskFactory(), DeskFactory()
    allocation = services.seat_allocate(
        desk=a, member=EntrepreneurFactory(), start=D(2027, 1, 1), end=D(2028, 1, 1), by=staff
    )
    new = services.seat_move(allocation=allocation, desk=b, on=D(2027, 5, 1), by=staff)
    allocation.refresh_from_db()
    assert (allocation.desk, allocation.start, allocation.end) == (a, D(2027, 1, 1), D(2027, 5, 1))
    assert (new.desk, new.start, new.end, new.member) == (
        b,
        D(2027, 5, 1),
        D(2028, 1, 1),
        allocation.member,
    )


def test_move_to_a_taken_desk_changes_nothing():
    staff = StaffFactory()
    a, b = DeskFactory(), DeskFactory()
    SeatAllocationFactory(desk=b, start=D(2027, 1, 1))
    allocation = services.seat_allocate(
        desk=a, member=EntrepreneurFactory(), start=D(2027, 1, 1), by=staff
    )
    with pytest.raises(ValidationError):
        services.seat_move(allocation=allocation, desk=b, on=D(2027, 5, 1), by=staff)
    allocation.refresh_from_db()
    assert allocation.end is None
    assert SeatAllocation.objects.count() == 2


def test_end_allocation_keeps_the_row_and_refuses_bad_dates():
    staff = StaffFactory()
    allocation = services.seat_allocate(
        desk=DeskFactory(), member=EntrepreneurFactory(), start=D(2027, 1, 1), by=staff
    )
    with pytest.raises(ValidationError):
        services.seat_allocation_end(allocation=allocation, end=D(2026, 12, 1), by=staff)
    services.seat_allocation_end(allocation=allocation, end=D(2027, 6, 1), by=staff)
    allocation.refresh_from_db()
    assert allocation.end == D(2027, 6, 1)
    assert allocation.ended_by == staff


@time_machine.travel(datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_ending_reminders_go_to_member_and_staff_30_days_before():
    staff = StaffFactory()
    member = EntrepreneurFactory()
    allocation = services.seat_allocate(
        desk=DeskFactory(), member=member, start=D(2027, 1, 1), end=D(2027, 6, 1), by=staff
    )
    rows = Notification.objects.filter(kind="community.seat_ending", object_id=str(allocation.pk))
    assert {r.recipient_id for r in rows} == {member.pk, staff.pk}
    due = {r.due_at.astimezone(datetime.UTC).date() for r in rows}
    assert due == {D(2027, 5, 2)}
    # Ending earlier re-plans the reminder for the new date.
    services.seat_allocation_end(allocation=allocation, end=D(2027, 4, 1), by=staff)
    pending = Notification.objects.filter(
        kind="community.seat_ending", object_id=str(allocation.pk), state="pending"
    )
    assert {r.due_at.date() for r in pending} == {D(2027, 3, 2)}


# --- Offers -----------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_offer_reserves_the_desk_until_answered(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    desk = DeskFactory()
    application = SeatApplicationFactory(status="waitlisted")
    deadline = datetime.datetime(2027, 1, 20, 12, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.seat_offer_make(
            application=application, desk=desk, start=D(2027, 2, 1), deadline=deadline, by=staff
        )
    assert offer.status == "reserved"
    assert any(application.applicant.email in m.to for m in mail.outbox)
    with pytest.raises(ValidationError):
        services.seat_allocate(
            desk=desk, member=EntrepreneurFactory(), start=D(2027, 3, 1), by=staff
        )
    with pytest.raises(PermissionDenied):
        services.seat_offer_respond(offer=offer, accept=True, by=EntrepreneurFactory())
    services.seat_offer_respond(offer=offer, accept=True, by=application.applicant)
    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.status == "active"
    assert application.status == "accepted"


@time_machine.travel(datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_declined_and_lapsed_offers_free_the_desk():
    staff = StaffFactory()
    desk = DeskFactory()
    deadline = datetime.datetime(2027, 1, 20, 12, 0, tzinfo=datetime.UTC)
    first = SeatApplicationFactory(status="waitlisted")
    offer = services.seat_offer_make(
        application=first, desk=desk, start=D(2027, 2, 1), deadline=deadline, by=staff
    )
    services.seat_offer_respond(offer=offer, accept=False, by=first.applicant)
    offer.refresh_from_db()
    assert offer.status == "released"
    second = SeatApplicationFactory(status="waitlisted")
    offer2 = services.seat_offer_make(
        application=second, desk=desk, start=D(2027, 2, 1), deadline=deadline, by=staff
    )
    with time_machine.travel(datetime.datetime(2027, 1, 21, tzinfo=datetime.UTC)):
        assert services.seat_offers_expire() == 1
        with pytest.raises(ValidationError):
            services.seat_offer_respond(offer=offer2, accept=True, by=second.applicant)
    offer2.refresh_from_db()
    assert offer2.status == "released"
    assert SeatAllocation.objects.count() == 2  # nothing deleted
