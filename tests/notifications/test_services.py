from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from notifications import services, tasks
from notifications.models import Notification, ReminderOptOut
from tests.factories.community import UserFactory
from tests.factories.notifications import NotificationFactory

from .conftest import sent_ids

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 5, 20, 10, 0, tzinfo=UTC)
State = Notification.State


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def schedule(user, due_at, **kwargs):
    return services.notification_schedule(
        kind=kwargs.pop("kind", "tests.reminder"),
        subject=kwargs.pop("subject", user),
        recipient=user,
        due_at=due_at,
        **kwargs,
    )


def dispatch():
    return tasks.notifications_dispatch_due.delay()


# --- Planning ---------------------------------------------------------------------------------


def test_schedule_is_idempotent_on_its_key(user):
    first = schedule(user, NOW, offset="24h")
    again = schedule(user, NOW, offset="24h")
    other_offset = schedule(user, NOW, offset="1h")
    assert first.pk == again.pk
    assert other_offset.pk != first.pk
    assert Notification.objects.count() == 2


def test_schedule_replans_a_pending_row_to_the_new_time(user):
    row = schedule(user, NOW)
    moved = schedule(user, NOW + timedelta(days=2))
    assert moved.pk == row.pk
    row.refresh_from_db()
    assert row.due_at == row.next_attempt_at == NOW + timedelta(days=2)
    assert row.state == State.PENDING


def test_schedule_leaves_a_sent_row_alone(user):
    row = NotificationFactory(recipient=user, offset="", state=State.SENT, sent_at=NOW)
    again = schedule(user, NOW + timedelta(days=1))
    assert again.pk == row.pk
    row.refresh_from_db()
    assert row.state == State.SENT
    assert row.due_at != NOW + timedelta(days=1)


def test_schedule_revives_a_cancelled_row(user):
    row = schedule(user, NOW)
    services.notifications_cancel_for(user)
    revived = schedule(user, NOW + timedelta(hours=3))
    assert revived.pk == row.pk
    assert revived.state == State.PENDING and revived.cancelled_at is None


def test_schedule_rejects_unknown_kind_and_naive_times(user):
    with pytest.raises(LookupError):
        schedule(user, NOW, kind="nope.unknown")
    with pytest.raises(ValueError):
        schedule(user, datetime(2027, 5, 20, 10, 0))


def test_cancel_for_cancels_only_unsent_rows_of_the_subject(user):
    other = UserFactory()
    schedule(user, NOW, offset="a")
    schedule(user, NOW, offset="b", kind="tests.confirmation")
    NotificationFactory(recipient=user, offset="c", state=State.SENT, sent_at=NOW)
    schedule(other, NOW)
    assert services.notifications_cancel_for(user, kind="tests.confirmation") == 1
    assert services.notifications_cancel_for(user, recipient=other) == 0
    assert services.notifications_cancel_for(user) == 1
    states = dict(Notification.objects.values_list("offset", "state"))
    assert states == {"a": "cancelled", "b": "cancelled", "c": "sent", "": "pending"}


# --- Dispatching ------------------------------------------------------------------------------


def test_only_due_rows_are_sent_and_only_once(user):
    with time_machine.travel(NOW, tick=False):
        schedule(user, NOW + timedelta(hours=1), offset="later")
        due = schedule(user, NOW - timedelta(minutes=1), offset="due")
        assert dispatch()
        assert sent_ids(mail.outbox) == [due.pk]
        dispatch()
        assert len(mail.outbox) == 1
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        dispatch()
    assert len(mail.outbox) == 2
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_a_cancelled_booking_is_never_reminded(user, kinds):
    with time_machine.travel(NOW, tick=False):
        row = schedule(user, NOW + timedelta(hours=1))
        # The booking is cancelled, but its app forgot to cancel the reminder: the re-check
        # at send time still stops it.
        kinds[str(user.pk)] = {"cancelled": True}
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        dispatch()
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.state == State.CANCELLED
    assert row.cancel_reason == "subject no longer due"


def test_a_moved_booking_is_reminded_at_the_new_time_only(user, kinds):
    old, new = NOW + timedelta(hours=1), NOW + timedelta(hours=5)
    with time_machine.travel(NOW, tick=False):
        schedule(user, old)
        kinds[str(user.pk)] = {"due_at": new}
        schedule(user, new)  # the booking app re-plans on move
    with time_machine.travel(old + timedelta(minutes=1), tick=False):
        dispatch()
        assert mail.outbox == []
    with time_machine.travel(new + timedelta(seconds=30), tick=False):
        dispatch()
    assert len(mail.outbox) == 1
    assert Notification.objects.get().state == State.SENT


def test_a_send_task_for_the_old_plan_skips_a_replanned_row(user):
    row = schedule(user, NOW - timedelta(minutes=5))
    ids, token = services.notifications_claim_due()
    assert ids == [row.pk]
    schedule(user, NOW + timedelta(days=400))  # moved while its send task waited in the queue
    assert services.notifications_send_claimed(ids=ids, token=token)["skipped"] == 1
    assert mail.outbox == []


def test_switched_off_reminders_are_not_sent_but_confirmations_are(user):
    ReminderOptOut.objects.create(user=user, kind="tests.reminder")
    ReminderOptOut.objects.create(user=user, kind="tests.confirmation")  # ignored: transactional
    schedule(user, NOW, offset="r")
    schedule(user, NOW, offset="c", kind="tests.confirmation")
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        dispatch()
    assert [m.extra_headers["X-Grunderhus-Notification"] for m in mail.outbox] == [
        str(Notification.objects.get(offset="c").pk)
    ]
    assert Notification.objects.get(offset="r").cancel_reason == (
        "recipient switched this reminder off"
    )


def test_inactive_recipient_gets_nothing(user):
    user.is_active = False
    user.save()
    schedule(user, NOW)
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        dispatch()
    assert mail.outbox == []
    assert Notification.objects.get().state == State.CANCELLED


def test_a_repeated_delivery_of_a_send_task_is_a_no_op(user):
    schedule(user, NOW - timedelta(minutes=1))
    ids, token = services.notifications_claim_due()
    first = services.notifications_send_claimed(ids=ids, token=token)
    second = services.notifications_send_claimed(ids=ids, token=token)
    assert first["sent"] == 1 and second == {"sent": 0, "cancelled": 0, "failed": 0, "skipped": 1}
    assert len(mail.outbox) == 1


def test_a_worker_killed_mid_batch_loses_nothing(user, monkeypatch):
    """Claimed rows of a dead worker are taken over once the lease runs out, sent once each."""
    from notifications import email

    rows = [schedule(user, NOW - timedelta(minutes=1), offset=str(i)) for i in range(10)]
    build = email.notification_message
    calls = {"n": 0}

    class WorkerKilled(BaseException):
        pass

    def dies_after_four(row, kind, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise WorkerKilled  # not an Exception: nothing in the task catches it
        return build(row, kind, **kwargs)

    with time_machine.travel(NOW, tick=False):
        ids, token = services.notifications_claim_due()
        assert sorted(ids) == sorted(r.pk for r in rows)
        monkeypatch.setattr(email, "notification_message", dies_after_four)
        with pytest.raises(WorkerKilled):
            tasks.notifications_send_batch.apply(args=[ids, token], throw=True)
        monkeypatch.setattr(email, "notification_message", build)
        assert len(mail.outbox) == 4
        dispatch()  # the claim is still fresh: nobody else takes these rows yet
        assert len(mail.outbox) == 4
    with time_machine.travel(NOW + services.LEASE + timedelta(seconds=1), tick=False):
        dispatch()
        # The broker redelivers the dead worker's message too: it finds nothing to do.
        tasks.notifications_send_batch.apply(args=[ids, token])
    assert sorted(sent_ids(mail.outbox)) == sorted(r.pk for r in rows)
    assert Notification.objects.filter(state=State.SENT).count() == 10


# --- Failures and retries ---------------------------------------------------------------------


def test_smtp_errors_back_off_exponentially_then_fail(user, smtp_down):
    row = schedule(user, NOW)
    waits = []
    moment = NOW
    for _attempt in range(services.MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            dispatch()
        row.refresh_from_db()
        if row.state == State.FAILED:
            break
        waits.append(row.next_attempt_at - moment)
        moment = row.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60)]
    assert row.state == State.FAILED
    assert row.attempts == services.MAX_ATTEMPTS
    assert "SMTPServerDisconnected" in row.last_error


def test_a_retried_failed_row_goes_out(user, smtp_down, settings):
    row = NotificationFactory(recipient=user, state=State.FAILED, attempts=5, last_error="x")
    with pytest.raises(ValueError):
        services.notification_retry(
            notification=schedule(user, NOW + timedelta(days=1), offset="p")
        )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.notification_retry(notification=row)
    dispatch()
    row.refresh_from_db()
    assert row.state == State.SENT
    assert sent_ids(mail.outbox) == [row.pk]


def test_a_template_error_parks_the_row_as_failed(user, monkeypatch):
    from notifications import email

    def broken(*args, **kwargs):
        raise KeyError("starts_at")

    monkeypatch.setattr(email, "notification_message", broken)
    row = schedule(user, NOW - timedelta(minutes=1))
    dispatch()
    row.refresh_from_db()
    assert row.state == State.FAILED and "KeyError" in row.last_error


# --- Sending now ------------------------------------------------------------------------------


def test_send_now_goes_out_on_commit_with_context_and_attachment(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.notification_send_now(
            kind="tests.confirmation",
            subject=user,
            recipient=user,
            context={"title": "Plass bekreftet", "message": "Velkommen"},
            attachments=[("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
        assert mail.outbox == []  # not inside the caller's transaction
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Plass bekreftet" in message.subject and "Velkommen" in message.body
    assert message.attachments[0][0] == "invite.ics"
    assert "BEGIN:VCALENDAR" in message.attachments[0][1]
    row.refresh_from_db()
    assert row.state == State.SENT


def test_send_now_sends_nothing_when_the_caller_rolls_back(
    user, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notification_send_now(kind="tests.confirmation", subject=user, recipient=user)
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_send_now_with_an_offset_is_idempotent(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.notification_send_now(
                kind="tests.confirmation", subject=user, recipient=user, offset="confirmed-1"
            )
    assert len(mail.outbox) == 1


def test_send_now_rows_are_picked_up_by_beat_if_their_task_is_lost(user):
    with time_machine.travel(NOW, tick=False):
        # No on-commit capture: the queued task never runs, as if the broker was down.
        services.notification_send_now(kind="tests.confirmation", subject=user, recipient=user)
        dispatch()
        assert mail.outbox == []
    with time_machine.travel(NOW + services.LEASE + timedelta(seconds=1), tick=False):
        dispatch()
    assert len(mail.outbox) == 1


def test_a_broken_re_check_fails_that_row_only(user):
    from notifications.registry import NotificationKind, register_kind, unregister_kind

    def explode(notification):
        raise RuntimeError("booking table moved")

    register_kind(
        NotificationKind(
            key="tests.broken",
            label="Broken",
            template_prefix="notifications/email/generic",
            is_still_due=explode,
        )
    )
    try:
        broken = schedule(user, NOW - timedelta(minutes=1), kind="tests.broken")
        fine = schedule(user, NOW - timedelta(minutes=1), offset="fine")
        dispatch()
    finally:
        unregister_kind("tests.broken")
    broken.refresh_from_db()
    assert broken.state == State.FAILED and "booking table moved" in broken.last_error
    assert sent_ids(mail.outbox) == [fine.pk]


# --- Guests (no account) ----------------------------------------------------------------------


def test_a_guest_is_planned_once_per_key_and_mailed_in_their_language(user):
    guest = services.Guest(email="gjest@example.no", name="Ola Gjest", language="en")
    first = schedule(guest, NOW - timedelta(minutes=1), subject=user, offset="24h")
    again = schedule(guest, NOW - timedelta(minutes=1), subject=user, offset="24h")
    # The same subject, kind and offset for an account holder is a row of its own.
    member = schedule(user, NOW + timedelta(hours=1), offset="24h")
    assert first.pk == again.pk != member.pk
    assert first.recipient is None and first.recipient_email == "gjest@example.no"
    dispatch()
    [message] = mail.outbox
    assert message.to == ["gjest@example.no"]
    assert "Hello Ola Gjest" in message.body
    # A guest has no "My page", so no reminder-settings link.
    assert "My page" not in message.body
    assert "Min side" not in message.body
    first.refresh_from_db()
    assert first.state == State.SENT


def test_a_guests_reminder_is_cancelled_and_replanned_by_address(user):
    guest = services.Guest(email="gjest@example.no", name="Ola Gjest", language="nb")
    other = services.Guest(email="annen@example.no", name="Kari Annen", language="nb")
    row = schedule(guest, NOW + timedelta(days=1), subject=user)
    kept = schedule(other, NOW + timedelta(days=1), subject=user)
    assert services.notifications_cancel_for(user, recipient=guest) == 1
    row.refresh_from_db()
    kept.refresh_from_db()
    assert row.state == State.CANCELLED and kept.state == State.PENDING
    # Planned again (a new time, a corrected name): the same row, pending again.
    renamed = services.Guest(email="gjest@example.no", name="Ola Nordmann", language="en")
    again = schedule(renamed, NOW + timedelta(days=2), subject=user)
    assert again.pk == row.pk
    again.refresh_from_db()
    assert again.state == State.PENDING
    assert (again.guest_name, again.guest_language) == ("Ola Nordmann", "en")
    assert again.due_at == NOW + timedelta(days=2)


def test_the_database_wants_exactly_one_kind_of_recipient(user):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationFactory(recipient=None, guest_email="", object_id=str(user.pk))
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationFactory(recipient=user, guest_email="gjest@example.no")
    with pytest.raises(ValueError):
        schedule(services.Guest(email="  "), NOW, subject=user)
