"""Throwaway notification kinds whose subject is a User and whose "booking" is a flag."""

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from notifications.registry import NotificationKind, register_kind, unregister_kind

# Test-controlled state of the "booking" each reminder is about, keyed by subject id.
BOOKINGS: dict[str, dict] = {}


def _still_due(notification):
    booking = BOOKINGS.get(notification.object_id)
    if booking is None:
        return True
    return not booking.get("cancelled") and booking.get("due_at", notification.due_at) == (
        notification.due_at
    )


def _context(notification):
    booking = BOOKINGS.get(notification.object_id, {})
    return {"title": "Mentor session", "starts_at": booking.get("starts_at")}


REMINDER = NotificationKind(
    key="tests.reminder",
    label="Test reminder",
    template_prefix="notifications/email/generic",
    is_still_due=_still_due,
    get_context=_context,
)
CONFIRMATION = NotificationKind(
    key="tests.confirmation",
    label="Test confirmation",
    transactional=True,
    template_prefix="notifications/email/generic",
    get_context=_context,
)


@pytest.fixture(autouse=True)
def kinds():
    BOOKINGS.clear()
    register_kind(REMINDER)
    register_kind(CONFIRMATION)
    yield BOOKINGS
    unregister_kind(REMINDER.key)
    unregister_kind(CONFIRMATION.key)
    BOOKINGS.clear()


class FailingBackend(EmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.FailingBackend"


def sent_ids(outbox):
    return [int(m.extra_headers["X-Grunderhus-Notification"]) for m in outbox]
