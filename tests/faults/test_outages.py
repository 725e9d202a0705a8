"""Beat stopped, or the mail server refusing, for an hour, played minute by minute with
time-machine (beat's dispatcher runs in this process; tasks run eagerly). Afterwards every row
that is still worth sending has been sent exactly once, every reminder whose moment passed is
skipped with a recorded reason, and staff read in the outbox what failed and why."""

import smtplib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

from events import services as events
from mentoring import notify as mentoring_notify
from notifications import services, tasks
from notifications.models import Notification
from tests.factories.community import StaffFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.mentoring import MatchFactory, MentoringRequestFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

OSLO = ZoneInfo("Europe/Oslo")
T0 = datetime(2027, 3, 9, 8, 0, tzinfo=OSLO)  # a Tuesday; the outage is T0 to T0 + 1 h
MINUTE = timedelta(minutes=1)
State = Notification.State


class RefusingBackend(EmailBackend):
    """A mail server that answers every connection with 421."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available, closing channel")


def beat_tick(moment):
    with time_machine.travel(moment, tick=False):
        tasks.notifications_dispatch_due.delay()


def sent_ids():
    return [int(m.extra_headers["X-Grunderhus-Notification"]) for m in mail.outbox]


def at(moment, function, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return function(*args, **kwargs)


@pytest.fixture
def house():
    """Booked two days before: a session tomorrow morning, one that starts 70 minutes into the
    outage, and two events registered for during the outage (a breakfast that starts 30
    minutes in, a seminar three hours in)."""

    def book(start):
        session = SessionFactory(match=match, start=start)
        mentoring_notify.session_booked(session)
        return session

    with time_machine.travel(T0 - timedelta(days=2), tick=False):
        member = UserFactory(preferred_language="en")
        match = MatchFactory(request=MentoringRequestFactory(entrepreneur=member))
        tomorrow = book(T0 + timedelta(hours=24, minutes=20))
        soon = book(T0 + timedelta(minutes=70))
        breakfast = EventFactory(start=T0 + timedelta(minutes=30), slug="frokost")
        seminar = EventFactory(start=T0 + timedelta(hours=3), slug="seminar")
    # Beat ran until the outage began: what was due by then has gone out.
    beat_tick(T0)
    return {
        "member": member,
        "tomorrow": tomorrow,
        "soon": soon,
        "breakfast": breakfast,
        "seminar": seminar,
    }


def rows(kind=None, subject=None, **filters):
    queryset = Notification.objects.filter(**filters)
    if kind:
        queryset = queryset.filter(kind=kind)
    if subject is not None:
        queryset = queryset.filter(object_id=str(subject.pk))
    return queryset


def assert_exactly_once():
    sent = sent_ids()
    assert len(sent) == len(set(sent)), "a notification was sent twice"
    assert set(sent) == set(rows(state=State.SENT).values_list("pk", flat=True))
    assert not rows(state=State.PENDING, next_attempt_at__lte=T0 + timedelta(hours=4)).exists()
    assert not rows(state=State.FAILED).exists()


def too_late():
    return {
        (row.kind, row.object_id)
        for row in rows(state=State.CANCELLED, cancel_reason__startswith=services.TOO_LATE)
    }


def staff_outbox(query=""):
    client = Client()
    client.force_login(StaffFactory())
    response = client.get(f"/admin/varsler/{query}")
    assert response.status_code == 200
    return response.content.decode()


def register_during_the_outage(house):
    moment, member = T0 + 5 * MINUTE, house["member"]
    breakfast = at(moment, events.registration_create, event=house["breakfast"], user=member)
    seminar = at(moment, events.registration_create, event=house["seminar"], user=member)
    return breakfast, seminar


def test_beat_stopped_for_an_hour(house):
    before = len(mail.outbox)
    breakfast, seminar = register_during_the_outage(house)
    # The confirmations do not wait for beat: they were queued to the worker on commit.
    assert len(mail.outbox) == before + 2

    moment = T0 + 60 * MINUTE
    while moment <= T0 + 4 * timedelta(hours=1):
        beat_tick(moment)
        moment += MINUTE

    assert_exactly_once()
    # The breakfast began while beat was away: its day-before reminder is skipped, saying why.
    assert too_late() == {("events.reminder_day_before", str(breakfast.pk))}
    late = rows(kind="events.reminder_day_before", subject=breakfast).get()
    assert late.cancel_reason.startswith("too late: what it is about began 2027-03-09 08:30")
    # Still useful, so sent once beat was back: the seminar's reminder, both reminders for
    # tomorrow's session and, ten minutes before it, the reminders for the session at 09:10.
    assert rows("events.reminder_day_before", seminar, state=State.SENT).count() == 1
    assert (
        rows("mentoring.session_reminder", house["tomorrow"], offset="24h")
        .filter(state=State.SENT)
        .count()
        == 2
    )
    assert (
        rows("mentoring.session_reminder", house["soon"], offset="1h")
        .filter(state=State.SENT)
        .count()
        == 2
    )
    assert "too late: what it is about began" in staff_outbox("?state=cancelled")


def test_the_mail_server_refusing_for_an_hour(house, settings):
    settings.EMAIL_BACKEND = "tests.faults.test_outages.RefusingBackend"
    breakfast, seminar = register_during_the_outage(house)
    moment = T0 + MINUTE
    while moment < T0 + 60 * MINUTE:
        beat_tick(moment)
        moment += MINUTE
    # Staff see, during the outage, what is waiting and why.
    waiting = rows(state=State.PENDING, attempts__gt=0)
    # Two confirmations, the seminar's reminder and four session reminders; the breakfast's
    # reminder is already skipped, the breakfast having begun at 08:30.
    assert waiting.count() == 7
    assert "SMTPConnectError: (421" in staff_outbox("?state=pending")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    while moment <= T0 + 4 * timedelta(hours=1):
        beat_tick(moment)
        moment += MINUTE

    assert_exactly_once()
    # The confirmations went out once the server answered again.
    assert rows(kind="events.confirmed", state=State.SENT).count() == 2
    # Retried with backoff until the server answered, except where the moment had passed:
    # the breakfast (08:30) and the 09:10 session's reminders, still failing at 09:45.
    assert too_late() == {
        ("events.reminder_day_before", str(breakfast.pk)),
        ("mentoring.session_reminder", str(house["soon"].pk)),
    }
    assert rows("mentoring.session_reminder", house["soon"], state=State.CANCELLED).count() == 2
    assert (
        rows("mentoring.session_reminder", house["tomorrow"], offset="24h")
        .filter(state=State.SENT)
        .count()
        == 2
    )
    assert rows("events.reminder_day_before", seminar, state=State.SENT).count() == 1


def test_beat_stopped_for_a_day_skips_the_reminder_of_a_session_that_has_begun():
    with time_machine.travel(T0 - timedelta(days=3), tick=False):
        session = SessionFactory(start=T0 + timedelta(hours=2))
        mentoring_notify.session_booked(session)
    before = len(mail.outbox)
    # Beat comes back a day after the 24-hour reminder was due, once the session has ended.
    beat_tick(T0 + timedelta(hours=4))

    # Both reminders, the day before and the hour before, to mentee and mentor.
    reminders = rows("mentoring.session_reminder", session)
    assert reminders.count() == 4
    assert set(reminders.values_list("state", flat=True)) == {State.CANCELLED}
    assert all(r.cancel_reason.startswith("too late") for r in reminders)
    # The feedback request, due when the session ended, is exactly what is due now.
    assert (
        sorted(Notification.objects.get(pk=pk).kind for pk in sent_ids()[before:])
        == ["mentoring.feedback_request"] * 2
    )
