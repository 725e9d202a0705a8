"""Seat reminders through the notification outbox: 30 days before an allocation ends (member
and staff) and before an offer's answer deadline; stale ones are not sent."""

import datetime

import pytest
import time_machine
from django.core import mail

from community import services
from notifications.tasks import notifications_dispatch_due
from tests.factories.community import (
    DeskFactory,
    EntrepreneurFactory,
    SeatApplicationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC


def test_ending_reminder_reaches_member_and_staff_in_norwegian():
    with time_machine.travel(datetime.datetime(2027, 1, 10, 12, tzinfo=UTC), tick=False):
        staff = StaffFactory(email="stab@example.no")
        member = EntrepreneurFactory(email="medlem@example.no", full_name="Kari Nordmann")
        services.seat_allocate(
            desk=DeskFactory(code="D-04"),
            member=member,
            start=D(2027, 1, 1),
            end=D(2027, 3, 1),
            by=staff,
        )
        notifications_dispatch_due()
        assert mail.outbox == []
    with time_machine.travel(datetime.datetime(2027, 1, 30, 9, tzinfo=UTC), tick=False):
        notifications_dispatch_due()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"stab@example.no", "medlem@example.no"}
    assert "D-04" in by_to["medlem@example.no"].subject
    assert "Tildelingen din av pult D-04" in by_to["medlem@example.no"].body
    assert "til Kari Nordmann slutter" in by_to["stab@example.no"].body


def test_ending_reminder_for_an_old_end_date_is_not_sent():
    with time_machine.travel(datetime.datetime(2027, 1, 10, 12, tzinfo=UTC), tick=False):
        staff = StaffFactory()
        allocation = services.seat_allocate(
            desk=DeskFactory(),
            member=EntrepreneurFactory(),
            start=D(2027, 1, 1),
            end=D(2027, 6, 1),
            by=staff,
        )
        services.seat_allocation_end(allocation=allocation, end=D(2027, 5, 1), by=staff)
    with time_machine.travel(datetime.datetime(2027, 4, 2, 9, tzinfo=UTC), tick=False):
        notifications_dispatch_due()
    # One reminder per recipient, for the new end date only.
    assert len(mail.outbox) == 2
    assert all("1. mai 2027" in m.subject for m in mail.outbox)


def test_offer_deadline_reminder_is_sent_only_while_the_offer_is_open():
    deadline = datetime.datetime(2027, 1, 20, 12, tzinfo=UTC)
    with time_machine.travel(datetime.datetime(2027, 1, 10, 12, tzinfo=UTC), tick=False):
        staff = StaffFactory()
        waiting = SeatApplicationFactory(status="waitlisted")
        declined = SeatApplicationFactory(status="waitlisted")
        services.seat_offer_make(
            application=waiting,
            desk=DeskFactory(code="E-01"),
            start=D(2027, 2, 1),
            deadline=deadline,
            by=staff,
        )
        offer = services.seat_offer_make(
            application=declined,
            desk=DeskFactory(),
            start=D(2027, 2, 1),
            deadline=deadline,
            by=staff,
        )
        services.seat_offer_respond(offer=offer, accept=False, by=declined.applicant)
        notifications_dispatch_due()
        mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2027, 1, 18, 13, tzinfo=UTC), tick=False):
        notifications_dispatch_due()
    # (The offer mails themselves are sent here too: their on-commit hand-off never runs in
    # a test transaction, so the dispatcher picks them up once their claim has lapsed.)
    reminders = [m for m in mail.outbox if "Påminnelse" in m.subject]
    assert [m.to[0] for m in reminders] == [waiting.applicant.email]
    assert "E-01" in reminders[0].subject
