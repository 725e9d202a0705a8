"""E-mails in the recipient's language with Oslo times, and reminders across DST changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from notifications import services, tasks
from notifications.templatetags.notification_tags import oslo, oslo_date, oslo_time
from notifications.timing import hours_before, same_local_time_day_before
from tests.factories.community import UserFactory

OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("nb", datetime(2027, 5, 24, 7, 0, tzinfo=UTC), "24. mai 2027 kl. 09:00 (CEST)"),
        ("en", datetime(2027, 5, 24, 7, 0, tzinfo=UTC), "24 May 2027, 09:00 (CEST)"),
        ("nb", datetime(2027, 1, 5, 7, 30, tzinfo=UTC), "5. januar 2027 kl. 08:30 (CET)"),
        ("en", datetime(2027, 1, 5, 7, 30, tzinfo=UTC), "5 January 2027, 08:30 (CET)"),
    ],
)
def test_oslo_filter_shows_local_time_and_zone(language, moment, expected):
    with translation.override(language):
        assert oslo(moment) == expected


def test_oslo_halves_and_empty_values():
    moment = datetime(2027, 10, 31, 9, 0, tzinfo=UTC)
    with translation.override("nb"):
        assert oslo_date(moment) == "31. oktober 2027"
        assert oslo_time(moment) == "10:00 (CET)"
        assert oslo(None) == ""


@pytest.mark.parametrize(
    ("start", "reminder_24h", "same_local"),
    [
        # Last Sunday of March: clocks go forward at 02:00, the Saturday is one hour shorter.
        (
            datetime(2027, 3, 28, 10, 0, tzinfo=OSLO),
            datetime(2027, 3, 27, 9, 0, tzinfo=OSLO),
            datetime(2027, 3, 27, 10, 0, tzinfo=OSLO),
        ),
        # Last Sunday of October: clocks go back at 03:00, the Saturday is one hour longer.
        (
            datetime(2027, 10, 31, 10, 0, tzinfo=OSLO),
            datetime(2027, 10, 30, 11, 0, tzinfo=OSLO),
            datetime(2027, 10, 30, 10, 0, tzinfo=OSLO),
        ),
    ],
)
def test_24_hours_before_versus_same_time_the_day_before(start, reminder_24h, same_local):
    assert hours_before(start, 24) == reminder_24h
    assert start - hours_before(start, 24) == timedelta(hours=24)
    assert same_local_time_day_before(start) == same_local
    assert hours_before(start, 24).tzinfo == UTC


def test_timing_refuses_naive_times():
    with pytest.raises(ValueError):
        hours_before(datetime(2027, 3, 28, 10, 0), 24)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "start", "sent_local", "shown"),
    [
        (
            "nb",
            datetime(2027, 3, 28, 10, 0, tzinfo=OSLO),
            "09:00",
            "28. mars 2027 kl. 10:00 (CEST)",
        ),
        ("en", datetime(2027, 3, 28, 10, 0, tzinfo=OSLO), "09:00", "28 March 2027, 10:00 (CEST)"),
        (
            "nb",
            datetime(2027, 10, 31, 10, 0, tzinfo=OSLO),
            "11:00",
            "31. oktober 2027 kl. 10:00 (CET)",
        ),
        ("en", datetime(2027, 10, 31, 10, 0, tzinfo=OSLO), "11:00", "31 October 2027, 10:00 (CET)"),
    ],
)
def test_dst_reminder_lands_24_hours_before_and_shows_the_right_zone(
    kinds, language, start, sent_local, shown
):
    user = UserFactory(preferred_language=language, full_name="Kari Nordmann")
    kinds[str(user.pk)] = {"starts_at": start}
    due = hours_before(start, 24)
    services.notification_schedule(
        kind="tests.reminder", subject=user, recipient=user, due_at=due, offset="24h"
    )
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        tasks.notifications_dispatch_due.delay()
        assert mail.outbox == []
    with time_machine.travel(due, tick=False):
        assert due.astimezone(OSLO).strftime("%H:%M") == sent_local
        tasks.notifications_dispatch_due.delay()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert shown in message.body
    assert shown in html
    assert "RE Gründerhus" in message.subject
    greeting = "Hei Kari Nordmann," if language == "nb" else "Hello Kari Nordmann,"
    assert greeting in message.body
    assert f'lang="{language}"' in html


@pytest.mark.django_db
def test_reminder_mail_links_to_settings_but_confirmation_does_not(
    kinds, django_capture_on_commit_callbacks
):
    user = UserFactory()
    services.notification_schedule(
        kind="tests.reminder",
        subject=user,
        recipient=user,
        due_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    tasks.notifications_dispatch_due.delay()
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send_now(kind="tests.confirmation", subject=user, recipient=user)
    reminder, confirmation = mail.outbox
    assert "/nb/min-side/varsler/" in reminder.body
    assert "/min-side/varsler/" not in confirmation.body
