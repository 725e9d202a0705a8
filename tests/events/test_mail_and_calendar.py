from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from community import roles
from events import notify, services
from events.models import Event
from notifications.calendar import feed_items_for
from notifications.models import Notification
from notifications.services import notifications_claim_due, notifications_send_claimed
from tests.factories.community import UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def dispatch():
    ids, token = notifications_claim_due()
    return notifications_send_claimed(ids=ids, token=token)


def test_reminder_is_sent_the_day_before_in_the_members_language():
    member = UserFactory(role=roles.ENTREPRENEUR, preferred_language="en")
    event = EventFactory(title="Frokost", title_en="Breakfast")
    registration = services.registration_create(event=event, user=member)
    mail.outbox.clear()
    with time_machine.travel(event.start - timedelta(hours=23)):
        counts = dispatch()
    assert counts["sent"] >= 1
    reminder = [m for m in mail.outbox if "Tomorrow" in m.subject]
    assert len(reminder) == 1 and "Breakfast" in reminder[0].subject
    assert registration.token in reminder[0].body
    assert any(a[2].startswith("text/calendar") for a in reminder[0].attachments)


def test_reminder_for_a_cancelled_registration_is_not_sent():
    member = UserFactory(role=roles.ENTREPRENEUR)
    event = EventFactory()
    registration = services.registration_create(event=event, user=member)
    services.registration_cancel(registration=registration)
    mail.outbox.clear()
    with time_machine.travel(event.start - timedelta(hours=23)):
        dispatch()
    assert not [m for m in mail.outbox if "morgen" in m.subject]
    row = Notification.objects.get(kind=notify.KIND_REMINDER)
    assert row.state == Notification.State.CANCELLED


def test_moving_an_event_moves_the_reminder():
    member = UserFactory(role=roles.ENTREPRENEUR)
    event = EventFactory()
    services.registration_create(event=event, user=member)
    event.start += timedelta(days=2)
    event.end += timedelta(days=2)
    event.save()
    services.event_after_edit(event=event)
    row = Notification.objects.get(kind=notify.KIND_REMINDER)
    assert row.due_at == event.start - timedelta(days=1)


def test_ics_sequence_grows_with_each_change():
    member = UserFactory(role=roles.ENTREPRENEUR)
    event = EventFactory()
    registration = services.registration_create(event=event, user=member)
    first = registration.ics_sequence
    services.event_after_edit(event=event)
    registration.refresh_from_db()
    assert registration.ics_sequence > first
    cancelled = services.registration_cancel(registration=registration)
    assert cancelled.ics_sequence > first + 1
    ics = notify.registration_ics(cancelled, cancelled=True)
    assert b"METHOD:CANCEL" in ics and cancelled.ics_uid.encode() in ics


def test_personal_feed_lists_my_confirmed_events_only():
    member = UserFactory(role=roles.ENTREPRENEUR)
    mine = EventFactory(title="Mitt")
    waiting_for = EventFactory(capacity=1, title="Fullt")
    services.registration_create(event=waiting_for, user=UserFactory(role=roles.MENTOR))
    services.registration_create(event=mine, user=member)
    services.registration_create(event=waiting_for, user=member)  # waitlisted
    items = [i for i in feed_items_for(member) if i.uid.startswith("event-registration-")]
    assert [i.summary for i in items] == ["Mitt"]
    services.event_cancel(event=Event.objects.get(pk=mine.pk))
    items = [i for i in feed_items_for(member) if i.uid.startswith("event-registration-")]
    assert items[0].cancelled is True


def test_guest_mails_are_in_the_guests_language(django_capture_on_commit_callbacks):
    event = EventFactory(title="Frokost", title_en="Breakfast")
    with django_capture_on_commit_callbacks(execute=True):
        guest = services.registration_create(
            event=event, name="Ann", email="ann@example.com", language="en"
        )
    assert mail.outbox[-1].subject == "Confirm your registration: Breakfast"
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_confirm_guest(token=guest.token)
    assert mail.outbox[-1].subject == "You are registered: Breakfast"
    assert f"/en/arrangementer/pamelding/{guest.token}/" in mail.outbox[-1].body


def _mails_of(row):
    return [m for m in mail.outbox if m.extra_headers["X-Grunderhus-Notification"] == str(row.pk)]


def _confirmed_guest(event, language="nb"):
    registration = services.registration_create(
        event=event, name="Ola Gjest", email="ola@example.no", language=language
    )
    return services.registration_confirm_guest(token=registration.token)


def test_a_guest_is_reminded_the_day_before_through_the_outbox():
    event = EventFactory(title="Frokost", title_en="Breakfast")
    registration = _confirmed_guest(event, language="en")
    row = Notification.objects.get(kind=notify.KIND_REMINDER)
    assert row.recipient is None and row.guest_email == "ola@example.no"
    assert row.due_at == event.start - timedelta(days=1)
    with time_machine.travel(event.start - timedelta(hours=25)):
        dispatch()  # not due yet (the immediate mails go)
    assert not _mails_of(row)
    with time_machine.travel(event.start - timedelta(hours=23)):
        dispatch()
        dispatch()  # a second run sends nothing again
    [reminder] = _mails_of(row)
    assert reminder.to == ["ola@example.no"]
    assert "Tomorrow" in reminder.subject and "Breakfast" in reminder.subject
    assert "Ola Gjest" in reminder.body and registration.token in reminder.body
    assert any(a[2].startswith("text/calendar") for a in reminder.attachments)


def test_a_guest_who_cancels_or_whose_event_is_cancelled_is_not_reminded():
    event = EventFactory()
    registration = _confirmed_guest(event)
    services.registration_cancel(registration=registration)
    other_event = EventFactory()
    _confirmed_guest(other_event)
    services.event_cancel(event=other_event)
    with time_machine.travel(other_event.start - timedelta(hours=23)):
        dispatch()
    reminders = Notification.objects.filter(kind=notify.KIND_REMINDER)
    assert reminders.count() == 2
    assert not [m for row in reminders for m in _mails_of(row)]
    assert set(reminders.values_list("state", flat=True)) == {Notification.State.CANCELLED}


def test_moving_an_event_moves_a_guests_reminder_and_a_promoted_guest_gets_one():
    event = EventFactory(capacity=1)
    member = UserFactory(role=roles.ENTREPRENEUR)
    seat = services.registration_create(event=event, user=member)
    _confirmed_guest(event)  # waitlisted: no reminder yet
    assert not Notification.objects.filter(
        kind=notify.KIND_REMINDER, recipient__isnull=True
    ).exists()
    services.registration_cancel(registration=seat)  # the guest is promoted
    event.start += timedelta(days=2)
    event.end += timedelta(days=2)
    event.save()
    services.event_after_edit(event=event)
    row = Notification.objects.get(kind=notify.KIND_REMINDER, recipient__isnull=True)
    assert row.state == Notification.State.PENDING
    assert row.due_at == event.start - timedelta(days=1)


def test_a_guests_mails_are_outbox_rows_sent_exactly_once(django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event, name="Ola Gjest", email="ola@example.no", language="en"
        )
    row = Notification.objects.get(kind=notify.KIND_GUEST_CONFIRM)
    assert (row.recipient, row.guest_email, row.state) == (None, "ola@example.no", "sent")
    [message] = _mails_of(row)
    assert message.to == ["ola@example.no"] and registration.token in message.body
    # Beat running later, or the send task delivered twice, sends nothing more.
    with time_machine.travel(event.start - timedelta(hours=30)):
        dispatch()
    notifications_send_claimed(ids=[row.pk], token="")
    assert len(_mails_of(row)) == 1
