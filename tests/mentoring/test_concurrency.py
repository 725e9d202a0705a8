"""On PostgreSQL, parallel bookings never double-book: the lock serialises the checks and the
exclusion constraints catch whatever slips past them."""

import threading
import time as systime
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection, connections

from mentoring import services
from mentoring.models import AvailabilityRule, Session
from mentoring.services import MentoringError
from mentoring.slots import OSLO
from tests.factories.mentoring import MatchFactory, MentorProfileFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = datetime(2027, 3, 22, 8, tzinfo=OSLO)
WED = date(2027, 3, 24)


def _slow_checks(monkeypatch):
    """Widen the check-then-write window so an unprotected race shows up every time."""
    original = services._check_slot

    def slow(**kw):
        result = original(**kw)
        systime.sleep(0.05)
        return result

    monkeypatch.setattr(services, "_check_slot", slow)


def _race(matches, starts):
    barrier = threading.Barrier(len(matches))
    outcomes = []

    def run(match, start):
        try:
            barrier.wait()
            services.session_book(
                match=match, start=start, agenda="Plan", by=match.request.entrepreneur
            )
            outcomes.append("ok")
        except MentoringError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=a) for a in zip(matches, starts, strict=True)]
    # time-machine patches the clock process-wide, so every thread books "on Monday".
    with time_machine.travel(NOW, tick=True):
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return outcomes


@pytest.fixture
def mentor():
    return MentorProfileFactory(max_mentees=30, max_sessions_per_day=30, max_hours_per_month=100)


@pytest.mark.parametrize("lock", [True, False], ids=["locked", "constraint-only"])
def test_twenty_parallel_bookings_of_one_slot_make_one_session(mentor, monkeypatch, lock):
    monkeypatch.setattr(services, "LOCK_MENTOR_ROW", lock)
    _slow_checks(monkeypatch)
    matches = [MatchFactory(mentor=mentor) for _ in range(20)]
    start = datetime.combine(WED, time(10), tzinfo=OSLO)
    outcomes = _race(matches, [start] * 20)
    assert outcomes.count("ok") == 1
    assert outcomes.count("taken") == 19  # a clear message, not a crash
    assert Session.objects.filter(status="booked").count() == 1


def test_exclusion_constraint_refuses_overlap_even_without_the_service(mentor):
    from django.db import IntegrityError, transaction

    from tests.factories.mentoring import SessionFactory

    a = SessionFactory(
        match=MatchFactory(mentor=mentor), start=datetime.combine(WED, time(10), tzinfo=OSLO)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(match=MatchFactory(mentor=mentor), start=a.end + timedelta(minutes=5))
    with pytest.raises(IntegrityError), transaction.atomic():  # the mentee, another mentor
        SessionFactory(
            match=MatchFactory(request=a.match.request), start=a.start + timedelta(minutes=30)
        )
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize(
    "lock,expected", [(True, 1), (False, None)], ids=["locked", "lock-disabled"]
)
def test_daily_limit_holds_under_parallel_bookings_only_with_the_lock(
    mentor, monkeypatch, lock, expected
):
    """Different, non-overlapping slots: only the row lock keeps the day's count."""
    monkeypatch.setattr(services, "LOCK_MENTOR_ROW", lock)
    _slow_checks(monkeypatch)
    mentor.max_sessions_per_day = 1
    mentor.session_minutes = 15
    mentor.buffer_minutes = 0
    mentor.save()
    AvailabilityRule.objects.filter(mentor=mentor).update(start_time=time(8), end_time=time(18))
    matches = [MatchFactory(mentor=mentor) for _ in range(20)]
    starts = [
        datetime.combine(WED, time(8), tzinfo=OSLO) + timedelta(minutes=15 * i) for i in range(20)
    ]
    outcomes = _race(matches, starts)
    booked = Session.objects.filter(status="booked").count()
    if expected is not None:
        assert booked == 1 and outcomes.count("daily_limit") == 19
    else:
        assert booked > 1  # the wrong result: the lock is what keeps the limit
