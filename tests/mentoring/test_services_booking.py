"""Booking rules: every bad slot gets a clear refusal and nothing is saved."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from mentoring import services
from mentoring.models import DateOverride, Match, Session
from mentoring.services import MentoringError, session_book
from mentoring.slots import OSLO
from tests.factories.mentoring import (
    EntrepreneurFactory,
    MatchFactory,
    MentorProfileFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 22, 8, 0, tzinfo=OSLO)  # Monday morning


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


WED = date(2027, 3, 24)


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def match(travel):
    return MatchFactory()


def _text(content):
    return content.decode() if isinstance(content, bytes) else content


def book(match, start, **kw):
    return session_book(
        match=match, start=start, agenda="Budsjett", by=match.request.entrepreneur, **kw
    )


def test_books_a_free_slot_and_tells_both_with_ics(match, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = book(match, at(WED, 10))
    assert session.end - session.start == timedelta(hours=1)
    assert session.blocked_end == session.end + timedelta(minutes=15)
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([match.request.entrepreneur.email, match.mentor.user.email])
    ics = [_text(a[1]) for m in mail.outbox for a in m.attachments if a[0] == "invitation.ics"]
    assert len(ics) == 2 and "METHOD:REQUEST" in ics[0]
    assert f"mentoring-session-{session.pk}@grunderhus.no" in ics[0]


@pytest.mark.parametrize(
    "start,code",
    [
        (at(date(2027, 3, 21), 10), "past"),
        (at(date(2027, 3, 22), 14), "notice"),  # today: inside 24 h notice
        (at(WED, 7), "unavailable"),  # before the 09:00 window
        (at(WED, 14, 30), "unavailable"),  # would end after 15:00
        (at(date(2027, 3, 27), 10), "unavailable"),  # Saturday
        (at(date(2027, 6, 1), 10), "window"),  # beyond 56 days
    ],
)
def test_bad_slots_are_refused(match, start, code):
    with pytest.raises(MentoringError) as exc:
        book(match, start)
    assert exc.value.code == code
    assert not Session.objects.exists()


def test_daily_limit(match):
    match.mentor.max_sessions_per_day = 1
    match.mentor.save()
    book(match, at(WED, 9))
    other = MatchFactory(mentor=match.mentor)
    with pytest.raises(MentoringError) as exc:
        book(other, at(WED, 12))
    assert exc.value.code == "daily_limit"


def test_monthly_hours(match):
    match.mentor.max_hours_per_month = 1
    match.mentor.save()
    book(match, at(WED, 9))
    with pytest.raises(MentoringError) as exc:
        book(match, at(date(2027, 3, 25), 9))
    assert exc.value.code == "monthly_hours"
    # April is a new month.
    assert book(match, at(date(2027, 4, 1), 9))


def test_overlap_and_buffer(match):
    book(match, at(WED, 9))
    other = MatchFactory(mentor=match.mentor)
    with pytest.raises(MentoringError) as exc:
        book(other, at(WED, 10))  # starts inside 09:00 session's 15-minute buffer
    assert exc.value.code == "taken"
    assert book(other, at(WED, 10, 15))


def test_mentee_cannot_double_book_with_another_mentor(match):
    book(match, at(WED, 9))
    # An earlier match with another mentor, still active (its request already closed).
    second = MatchFactory(
        request__entrepreneur=match.request.entrepreneur, request__status="closed"
    )
    with pytest.raises(MentoringError) as exc:
        book(second, at(WED, 9, 30))
    assert exc.value.code == "mentee_busy"


@pytest.mark.parametrize(
    "status",
    [Match.Status.PROPOSED, Match.Status.APPROVED, Match.Status.DECLINED, Match.Status.ENDED],
)
def test_booking_needs_an_accepted_match(travel, status):
    match = MatchFactory(status=status)
    with pytest.raises(MentoringError) as exc:
        book(match, at(WED, 10))
    assert exc.value.code == "no_match"


def test_stranger_cannot_book_on_someone_elses_match(match):
    with pytest.raises(MentoringError) as exc:
        session_book(match=match, start=at(WED, 10), agenda="x", by=EntrepreneurFactory())
    assert exc.value.code == "forbidden"


def test_day_off_override(match):
    DateOverride.objects.create(mentor=match.mentor, date=WED, kind="off")
    with pytest.raises(MentoringError) as exc:
        book(match, at(WED, 10))
    assert exc.value.code == "unavailable"


def test_entrepreneur_must_respect_cutoff_but_mentor_may_cancel(match):
    session = book(match, at(date(2027, 3, 23), 10))  # 26 h ahead
    with time_machine.travel(datetime(2027, 3, 22, 12, tzinfo=OSLO), tick=False):
        with pytest.raises(MentoringError) as exc:
            services.session_cancel(session=session, by=match.request.entrepreneur)
        assert exc.value.code == "cutoff"
        services.session_cancel(session=session, by=match.mentor.user)
    session.refresh_from_db()
    assert session.status == "cancelled" and session.sequence == 1


def test_cancel_sends_cancel_ics_with_same_uid_and_bumped_sequence(
    match, django_capture_on_commit_callbacks
):
    session = book(match, at(WED, 10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=match.request.entrepreneur)
    ics = [_text(a[1]) for m in mail.outbox for a in m.attachments if a[0] == "cancellation.ics"]
    assert len(ics) == 2
    assert "METHOD:CANCEL" in ics[0] and "SEQUENCE:1" in ics[0]
    assert f"mentoring-session-{session.pk}@grunderhus.no" in ics[0]
    # The slot is free again.
    assert book(match, at(WED, 10))


def test_reschedule_moves_the_row_and_replans_reminders(match):
    from notifications.models import Notification

    session = book(match, at(WED, 10))
    moved = services.session_reschedule(
        session=session, start=at(WED, 12), by=match.request.entrepreneur
    )
    assert moved.pk == session.pk and moved.sequence == 1
    reminders = Notification.objects.filter(kind="mentoring.session_reminder", state="pending")
    assert reminders.count() == 4
    assert {r.due_at for r in reminders} == {at(WED, 11), at(date(2027, 3, 23), 12)}


def test_reminders_planned_24h_and_1h_before_for_both(match):
    from notifications.models import Notification

    book(match, at(WED, 10))
    rows = Notification.objects.filter(kind="mentoring.session_reminder")
    assert sorted((r.offset, r.recipient_id) for r in rows) == sorted(
        (o, u.pk) for o in ("1h", "24h") for u in (match.request.entrepreneur, match.mentor.user)
    )
    assert Notification.objects.filter(kind="mentoring.feedback_request").count() == 2


def test_feedback_after_the_session_only_once(match):
    session = SessionFactory(match=match, start=at(WED, 10))
    with pytest.raises(MentoringError):
        services.feedback_submit(session=session, by=match.request.entrepreneur, rating=5)
    with time_machine.travel(at(WED, 12), tick=False):
        services.feedback_submit(
            session=session, by=match.request.entrepreneur, rating=5, comment="Nyttig"
        )
        with pytest.raises(MentoringError) as exc:
            services.feedback_submit(session=session, by=match.request.entrepreneur, rating=4)
        assert exc.value.code == "exists"
        with pytest.raises(MentoringError) as exc:
            services.feedback_submit(session=session, by=EntrepreneurFactory(), rating=4)
        assert exc.value.code == "forbidden"


def test_mentor_without_language_is_refused(db):
    from tests.factories.mentoring import MentorFactory

    with pytest.raises(MentoringError) as exc:
        services.mentor_profile_save(
            user=MentorFactory(), headline="x", expertise=["law"], languages=[]
        )
    assert exc.value.code == "no_language"


def test_overlapping_availability_rules_are_refused(db):
    mentor = MentorProfileFactory(weekdays=[])
    with pytest.raises(MentoringError) as exc:
        services.availability_set(
            mentor=mentor, weekly=[(0, time(9), time(12)), (0, time(11), time(14))]
        )
    assert exc.value.code == "overlap"
    assert not mentor.rules.exists()
    services.availability_set(
        mentor=mentor, weekly=[(0, time(9), time(12)), (0, time(12), time(14))]
    )
    assert mentor.rules.count() == 2


def test_no_reminder_planned_for_a_time_already_past(match):
    from notifications.models import Notification

    match.mentor.min_notice_hours = 2
    match.mentor.save()
    with time_machine.travel(at(WED, 6), tick=False):
        book(match, at(WED, 9))  # three hours ahead: only the 1-hour reminder is planned
    rows = Notification.objects.filter(kind="mentoring.session_reminder")
    assert {r.offset for r in rows} == {"1h"}


def test_sessions_appear_in_both_calendar_feeds(match):
    from notifications.calendar import feed_items_for

    session = book(match, at(WED, 10))
    for person in (match.request.entrepreneur, match.mentor.user):
        uids = [item.uid for item in feed_items_for(person)]
        assert session.ics_uid in uids
    assert session.ics_uid not in [i.uid for i in feed_items_for(EntrepreneurFactory())]
