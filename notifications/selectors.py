"""Reads for the notification pages and the staff outbox."""

from .models import CalendarFeed, Notification, ReminderOptOut
from .registry import optional_kinds


def reminder_kinds_enabled_for(*, user) -> set[str]:
    """The optional reminder kinds ``user`` gets (all of them unless switched off)."""
    off = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return {k.key for k in optional_kinds(user)} - off


def calendar_feed_for(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


def notifications_outbox():
    """The staff outbox, with who and what each row is about, newest due first."""
    return Notification.objects.select_related("recipient", "content_type").order_by(
        "-due_at", "-id"
    )


def notifications_failed_count() -> int:
    """Outbox rows that gave up after their last attempt and wait for staff to retry them."""
    return Notification.objects.filter(state=Notification.State.FAILED).count()
