"""What events tell people, and when.

Everyone is told through the notifications backbone: an outbox row per mail, sent exactly
once by a worker after the caller commits, reminders planned with ``notification_schedule``.
Members are addressed by account, guests by e-mail (``notifications.services.Guest``).
Everything here runs inside the caller's transaction and only plans work.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

KIND_CONFIRMED = "events.confirmed"
KIND_WAITLISTED = "events.waitlisted"
KIND_PROMOTED = "events.promoted"
KIND_CANCELLED = "events.cancelled"
KIND_EVENT_CANCELLED = "events.event_cancelled"
KIND_REMINDER = "events.reminder_day_before"
KIND_GUEST_CONFIRM = "events.guest_confirm"
REMINDER_OFFSET = "day-before"

KIND_LABELS = {
    KIND_CONFIRMED: (_("Event registration confirmed"), True),
    KIND_WAITLISTED: (_("Event waiting list place"), True),
    KIND_PROMOTED: (_("Event place offered from the waiting list"), True),
    KIND_CANCELLED: (_("Event registration cancelled"), True),
    KIND_EVENT_CANCELLED: (_("Event cancelled"), True),
    KIND_REMINDER: (_("Reminder the day before an event"), False),
    KIND_GUEST_CONFIRM: (_("Guest's e-mail confirmation link for an event"), True),
}


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def manage_url(registration):
    return f"{base_url()}/{registration.language}/arrangementer/pamelding/{registration.token}/"


def confirm_url(registration):
    return f"{base_url()}/{registration.language}/arrangementer/bekreft/{registration.token}/"


def reminder_due(event):
    return event.start - timedelta(days=1)


def registration_ics(registration, *, cancelled=False):
    from notifications.calendar import ics_event

    event = registration.event
    with translation.override(registration.language):
        return ics_event(
            uid=registration.ics_uid,
            sequence=registration.ics_sequence,
            summary=str(event.tr("title")),
            start=event.start,
            end=event.end,
            method="CANCEL" if cancelled else "REQUEST",
            location=event.venue,
            description=str(event.tr("summary")),
            url=base_url() + event.get_absolute_url(registration.language),
            attendee_emails=[registration.email],
            cancelled=cancelled,
        )


def _context(registration, **extra):
    from .selectors import placed_position

    context = {
        "manage_url": manage_url(registration),
        "event_url": base_url() + registration.event.get_absolute_url(registration.language),
    }
    if registration.status == registration.Status.WAITLISTED:
        context["position"] = placed_position(registration=registration)
    context.update(extra)
    return context


def _send(kind, registration, *, context, ics=None, cancelled=False):
    from notifications.services import notification_send_now

    attachments = []
    if ics:
        attachments = [
            ("invitation.ics" if not cancelled else "cancellation.ics", ics, "text/calendar")
        ]
    notification_send_now(
        kind=kind,
        subject=registration,
        recipient=_recipient(registration),
        context=context,
        attachments=attachments,
    )


def _recipient(registration):
    """Whom the backbone writes to: the member's account, or the guest by address."""
    if registration.user_id:
        return registration.user
    from notifications.services import Guest

    return Guest(email=registration.email, name=registration.name, language=registration.language)


def _schedule_reminder(registration):
    from notifications.services import notification_schedule

    notification_schedule(
        kind=KIND_REMINDER,
        subject=registration,
        recipient=_recipient(registration),
        due_at=reminder_due(registration.event),
        offset=REMINDER_OFFSET,
    )


def _withdraw(registration):
    from notifications.services import notifications_cancel_for

    notifications_cancel_for(registration, kind=KIND_REMINDER)


def guest_confirm_request(registration):
    _send(KIND_GUEST_CONFIRM, registration, context={"confirm_url": confirm_url(registration)})


def registration_placed(registration):
    if registration.status == registration.Status.CONFIRMED:
        # The invitation .ics is built when the mail is sent (``seat_attachments``), not
        # inside the booking's transaction.
        _send(KIND_CONFIRMED, registration, context=_context(registration))
        _schedule_reminder(registration)
    else:
        _send(KIND_WAITLISTED, registration, context=_context(registration))


def registration_promoted(registration):
    _send(KIND_PROMOTED, registration, context=_context(registration))
    _schedule_reminder(registration)


def registration_cancelled(registration):
    _withdraw(registration)
    _send(
        KIND_CANCELLED,
        registration,
        context=_context(registration),
        ics=registration_ics(registration, cancelled=True),
        cancelled=True,
    )


def event_cancelled(event):
    from .models import Registration

    for registration in event.registrations.filter(
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
    ).select_related("user"):
        registration.event = event
        _withdraw(registration)
        _send(
            KIND_EVENT_CANCELLED,
            registration,
            context=_context(registration),
            ics=registration_ics(registration, cancelled=True),
            cancelled=True,
        )


def event_changed(event):
    """Re-plan reminders after an edit (a moved start moves the reminder)."""
    from .models import Registration

    for registration in event.registrations.filter(
        status=Registration.Status.CONFIRMED
    ).select_related("user"):
        registration.event = event
        _schedule_reminder(registration)


def reminder_is_still_due(notification):
    from .models import Event, Registration

    registration = notification.subject
    return (
        registration is not None
        and registration.status == Registration.Status.CONFIRMED
        and registration.event.status == Event.Status.PUBLISHED
    )


def reminder_expires_at(notification):
    """A reminder still unsent when the event has begun is pointless (the outbox skips it)."""
    registration = notification.subject
    return registration.event.start if registration is not None else None


def reminder_context(notification):
    registration = notification.subject
    return {
        "manage_url": manage_url(registration),
        "event_url": base_url() + registration.event.get_absolute_url(registration.language),
    }


def reminder_attachments(notification):
    return [("invitation.ics", registration_ics(notification.subject), "text/calendar")]


def seat_attachments(notification):
    """The invitation for a confirmation or promotion mail, as the seat stands at send time
    (none if it was given up meanwhile: the cancellation mail carries the CANCEL)."""
    from .models import Registration

    registration = notification.subject
    if registration is None or registration.status not in Registration.SEATED:
        return []
    return [("invitation.ics", registration_ics(registration), "text/calendar")]


def register_kinds():
    from notifications.registry import NotificationKind, register_kind

    for key, (label, transactional) in KIND_LABELS.items():
        extra = {}
        if key in (KIND_CONFIRMED, KIND_PROMOTED):
            extra = {"get_attachments": seat_attachments}
        if key == KIND_REMINDER:
            extra = {
                "is_still_due": reminder_is_still_due,
                "expires_at": reminder_expires_at,
                "get_context": reminder_context,
                "get_attachments": reminder_attachments,
            }
        register_kind(
            NotificationKind(
                key=key,
                label=label,
                transactional=transactional,
                template_prefix=f"events/email/{key.split('.', 1)[1]}",
                **extra,
            )
        )
