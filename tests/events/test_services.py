from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from community import roles
from events import notify, services
from events.models import Event, Registration
from events.selectors import waitlist_position
from notifications.models import Notification
from tests.factories.community import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def EntrepreneurFactory():  # noqa: N802 - reads like the factory it stands in for
    return UserFactory(role=roles.ENTREPRENEUR)


def register_member(event, user=None):
    return services.registration_create(event=event, user=user or EntrepreneurFactory())


def test_member_registration_is_confirmed_and_counted():
    event = EventFactory(capacity=2)
    registration = register_member(event)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.queued_at is not None


def test_full_event_waitlists_in_arrival_order():
    event = EventFactory(capacity=1)
    register_member(event)
    second = register_member(event)
    third = register_member(event)
    assert second.status == third.status == Registration.Status.WAITLISTED
    assert waitlist_position(registration=second) == 1
    assert waitlist_position(registration=third) == 2


def test_unlimited_event_never_waitlists():
    event = EventFactory(capacity=None)
    regs = [register_member(event) for _ in range(5)]
    assert {r.status for r in regs} == {Registration.Status.CONFIRMED}


def test_cancel_promotes_first_waitlisted_and_mails_them(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = register_member(event)
    second = register_member(event)
    third = register_member(event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert third.status == Registration.Status.WAITLISTED
    assert waitlist_position(registration=third) == 1
    promoted = [m for m in mail.outbox if m.to == [second.email]]
    assert len(promoted) == 1
    assert any(a[2].startswith("text/calendar") for a in promoted[0].attachments)


def test_cancelling_a_waitlisted_place_promotes_nobody():
    event = EventFactory(capacity=1)
    register_member(event)
    second = register_member(event)
    third = register_member(event)
    services.registration_cancel(registration=second)
    third.refresh_from_db()
    assert third.status == Registration.Status.WAITLISTED
    assert waitlist_position(registration=third) == 1


def test_registering_twice_is_refused_and_changes_nothing():
    event = EventFactory()
    user = EntrepreneurFactory()
    register_member(event, user)
    with pytest.raises(services.RegistrationError) as exc:
        register_member(event, user)
    assert exc.value.code == "duplicate"
    assert event.registrations.count() == 1


def test_guest_with_the_same_email_twice_is_refused():
    event = EventFactory()
    services.registration_create(event=event, name="Ola", email="ola@example.no")
    with pytest.raises(services.RegistrationError) as exc:
        services.registration_create(event=event, name="Ola", email="OLA@example.no")
    assert exc.value.code == "duplicate"
    assert event.registrations.count() == 1


def test_database_refuses_a_second_active_row_for_one_email():
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.no")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="A@example.no")


def test_member_may_register_again_after_cancelling():
    event = EventFactory()
    user = EntrepreneurFactory()
    services.registration_cancel(registration=register_member(event, user))
    again = register_member(event, user)
    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": Event.Status.DRAFT}, "closed"),
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"registration_closes_in": timedelta(hours=-1)}, "closed"),
        ({"registration_opens_in": timedelta(days=1)}, "not_open"),
    ],
)
def test_registration_refused_outside_its_window(changes, code):
    now = timezone.now()
    event = EventFactory(status=changes.get("status", Event.Status.PUBLISHED))
    if "registration_closes_in" in changes:
        event.registration_closes = now + changes["registration_closes_in"]
    if "registration_opens_in" in changes:
        event.registration_opens = now + changes["registration_opens_in"]
    event.save()
    with pytest.raises(services.RegistrationError) as exc:
        register_member(event)
    assert exc.value.code == code
    assert not event.registrations.exists()


def test_past_event_refuses_registration():
    event = EventFactory()
    with (
        time_machine.travel(event.start + timedelta(minutes=5)),
        pytest.raises(services.RegistrationError) as exc,
    ):
        register_member(event)
    assert exc.value.code == "past"


def test_members_only_event_refuses_guests_and_non_members():
    event = EventFactory(audience=Event.Audience.MEMBERS)
    with pytest.raises(services.RegistrationError) as exc:
        services.registration_create(event=event, name="Gjest", email="g@example.no")
    assert exc.value.code == "members_only"
    with pytest.raises(services.RegistrationError):
        register_member(event, UserFactory())  # an account without a member role
    assert register_member(event).status == Registration.Status.CONFIRMED


def test_guest_does_not_count_until_confirmed(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        guest = services.registration_create(event=event, name="Gjest", email="g@example.no")
    assert guest.status == Registration.Status.PENDING
    assert "bekreft" in mail.outbox[-1].body
    member = register_member(event)
    assert member.status == Registration.Status.CONFIRMED  # the guest held no seat
    guest = services.registration_confirm_guest(token=guest.token)
    assert guest.status == Registration.Status.WAITLISTED


def test_guest_confirmation_link_expires():
    event = EventFactory()
    guest = services.registration_create(event=event, name="Gjest", email="g@example.no")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        with pytest.raises(services.RegistrationError) as exc:
            services.registration_confirm_guest(token=guest.token)
        assert exc.value.code == "expired"
    guest.refresh_from_db()
    assert guest.status == Registration.Status.PENDING


def test_forged_token_is_refused():
    with pytest.raises(services.RegistrationError) as exc:
        services.registration_confirm_guest(token="not-a-real-token")
    assert exc.value.code == "bad_token"


def test_unconfirmed_guests_expire_and_confirmed_stay():
    event = EventFactory()
    stale = services.registration_create(event=event, name="A", email="a@example.no")
    confirmed = services.registration_create(event=event, name="B", email="b@example.no")
    services.registration_confirm_guest(token=confirmed.token)
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        fresh = services.registration_create(event=event, name="C", email="c@example.no")
        assert services.guests_expire() == 1
    assert not Registration.objects.filter(pk=stale.pk).exists()
    assert Registration.objects.filter(pk__in=[confirmed.pk, fresh.pk]).count() == 2
    # The outbox keeps no trace of the expired guest (their confirmation-link mail).
    from notifications.models import Notification

    assert not Notification.objects.filter(guest_email="a@example.no").exists()
    assert Notification.objects.filter(guest_email="b@example.no").exists()
    assert Notification.objects.filter(guest_email="c@example.no").exists()


def test_expire_task_is_in_the_beat_schedule():
    from grunderhus.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "events.tasks.guests_expire" in tasks


def test_confirmation_plans_reminder_and_cancel_withdraws_it(django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_member(event)
    reminder = Notification.objects.get(kind=notify.KIND_REMINDER, object_id=str(registration.pk))
    assert reminder.due_at == event.start - timedelta(days=1)
    assert reminder.state == Notification.State.PENDING
    confirmation = [m for m in mail.outbox if m.to == [registration.email]]
    assert len(confirmation) == 1
    ics = [a for a in confirmation[0].attachments if a[2].startswith("text/calendar")]
    assert ics and b"METHOD:REQUEST" in (
        ics[0][1] if isinstance(ics[0][1], bytes) else ics[0][1].encode()
    )
    services.registration_cancel(registration=registration)
    reminder.refresh_from_db()
    assert reminder.state == Notification.State.CANCELLED


def test_event_cancel_tells_everyone_and_withdraws_reminders(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated = register_member(event)
    waiting = register_member(event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event)
    assert {m.to[0] for m in mail.outbox} == {seated.email, waiting.email}
    assert not Notification.objects.filter(
        kind=notify.KIND_REMINDER, state=Notification.State.PENDING
    ).exists()
    with pytest.raises(services.RegistrationError):
        register_member(event)


def test_edit_adding_capacity_promotes_the_waitlist():
    event = EventFactory(capacity=1)
    register_member(event)
    waiting = register_member(event)
    event.capacity = 2
    event.save()
    promoted = services.event_after_edit(event=event)
    waiting.refresh_from_db()
    assert promoted == [waiting]
    assert waiting.status == Registration.Status.CONFIRMED


def test_check_in_and_undo():
    staff = UserFactory(role="staff")
    registration = register_member(EventFactory())
    registration = services.registration_check_in(registration=registration, by=staff)
    assert registration.status == Registration.Status.ATTENDED
    assert registration.attended_at is not None
    registration = services.registration_check_in_undo(registration=registration, by=staff)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.attended_at is None


def test_waitlisted_cannot_be_checked_in():
    event = EventFactory(capacity=1)
    register_member(event)
    waiting = register_member(event)
    with pytest.raises(services.RegistrationError):
        services.registration_check_in(registration=waiting, by=UserFactory(role="staff"))
