"""Slot computation: wall-clock rules across both 2027 DST changes, overrides and limits."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from mentoring.slots import OSLO, Busy, Rules, free_slots

SUNDAY_SPRING = date(2027, 3, 28)  # 02:00 CET -> 03:00 CEST
SUNDAY_AUTUMN = date(2027, 10, 31)  # 03:00 CEST -> 02:00 CET


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def local(s):
    """'HH:MM ZONE' pairs, how the site shows them."""
    return [f"{a.astimezone(OSLO):%H:%M} {a.astimezone(OSLO).tzname()}" for a, _b in s]


def slots_on(rules, day, busy=(), now=None):
    now = now or datetime.combine(day - timedelta(days=7), time(12), tzinfo=OSLO)
    return [
        s for s in free_slots(rules, list(busy), now=now) if s[0].astimezone(OSLO).date() == day
    ]


CASES = [
    # (name, day, weekly window, minutes, expected local starts)
    (
        "winter weekday",
        date(2027, 3, 26),
        (time(9), time(12)),
        60,
        ["09:00 CET", "10:00 CET", "11:00 CET"],
    ),
    (
        "summer weekday",
        date(2027, 3, 29),
        (time(9), time(12)),
        60,
        ["09:00 CEST", "10:00 CEST", "11:00 CEST"],
    ),
    (
        "spring forward: the skipped hour is not offered",
        SUNDAY_SPRING,
        (time(1), time(5)),
        60,
        ["01:00 CET", "03:00 CEST", "04:00 CEST"],
    ),
    (
        "spring forward: daytime unaffected",
        SUNDAY_SPRING,
        (time(9), time(11)),
        60,
        ["09:00 CEST", "10:00 CEST"],
    ),
    (
        "fall back: the repeated hour is offered twice, told apart by zone",
        SUNDAY_AUTUMN,
        (time(1), time(4)),
        60,
        ["01:00 CEST", "02:00 CEST", "02:00 CET", "03:00 CET"],
    ),
    (
        "fall back: daytime unaffected",
        SUNDAY_AUTUMN,
        (time(9), time(11)),
        60,
        ["09:00 CET", "10:00 CET"],
    ),
    (
        "fall back: 30-minute sessions",
        SUNDAY_AUTUMN,
        (time(2), time(3)),
        30,
        ["02:00 CEST", "02:30 CEST", "02:00 CET", "02:30 CET"],
    ),
    ("window ending at midnight", date(2027, 6, 1), (time(22), time(23, 59)), 60, ["22:00 CEST"]),
]


@pytest.mark.parametrize("name,day,window,minutes,expected", CASES, ids=[c[0] for c in CASES])
def test_weekly_rules_in_wall_clock_time(name, day, window, minutes, expected):
    rules = Rules(weekly={day.weekday(): [window]}, session_minutes=minutes)
    assert local(slots_on(rules, day)) == expected


def test_slot_instants_are_real_durations_across_dst():
    rules = Rules(weekly={6: [(time(1), time(5))]})
    spring = slots_on(rules, SUNDAY_SPRING)
    assert [s[0] for s in spring] == [utc(2027, 3, 28, 0), utc(2027, 3, 28, 1), utc(2027, 3, 28, 2)]
    # Subtract in UTC: Python subtracts two Oslo-aware datetimes in wall-clock time.
    assert all(e.astimezone(UTC) - s.astimezone(UTC) == timedelta(hours=1) for s, e in spring)
    autumn = slots_on(rules, SUNDAY_AUTUMN)
    assert len(autumn) == 5  # 01:00–05:00 local is five real hours that night


OVERRIDE_CASES = [
    ("whole day off", {"off": {date(2027, 3, 29): [(None, None)]}}, []),
    (
        "afternoon off",
        {"off": {date(2027, 3, 29): [(time(11), None)]}},
        ["09:00 CEST", "10:00 CEST"],
    ),
    (
        "hours off in the middle",
        {"off": {date(2027, 3, 29): [(time(10), time(11))]}},
        ["09:00 CEST", "11:00 CEST"],
    ),
    (
        "extra hours after the weekly window",
        {"extra": {date(2027, 3, 29): [(time(14), time(16))]}},
        ["09:00 CEST", "10:00 CEST", "11:00 CEST", "14:00 CEST", "15:00 CEST"],
    ),
    (
        "extra hours overlapping the window merge",
        {"extra": {date(2027, 3, 29): [(time(11), time(13))]}},
        ["09:00 CEST", "10:00 CEST", "11:00 CEST", "12:00 CEST"],
    ),
    (
        "override on another date changes nothing",
        {"off": {date(2027, 3, 30): [(None, None)]}},
        ["09:00 CEST", "10:00 CEST", "11:00 CEST"],
    ),
]


@pytest.mark.parametrize("name,extra,expected", OVERRIDE_CASES, ids=[c[0] for c in OVERRIDE_CASES])
def test_date_overrides(name, extra, expected):
    rules = Rules(weekly={0: [(time(9), time(12))]}, **extra)
    assert local(slots_on(rules, date(2027, 3, 29))) == expected


def test_extra_hours_on_a_day_without_weekly_rules_on_dst_sunday():
    rules = Rules(weekly={}, extra={SUNDAY_AUTUMN: [(time(2), time(3))]})
    assert local(slots_on(rules, SUNDAY_AUTUMN)) == ["02:00 CEST", "02:00 CET"]


def _busy(start_local, minutes=60, buffer=15):
    s = start_local
    return Busy(s, s + timedelta(minutes=minutes), s + timedelta(minutes=minutes + buffer))


def test_existing_sessions_and_buffer_block_slots():
    day = date(2027, 3, 29)
    rules = Rules(weekly={0: [(time(9), time(13))]}, buffer_minutes=15)
    busy = [_busy(datetime(2027, 3, 29, 9, tzinfo=OSLO))]  # 09:00–10:00, buffer to 10:15
    # 10:00 starts inside the buffer; 11:00 is fine.
    assert local(slots_on(rules, day, busy)) == ["11:00 CEST", "12:00 CEST"]


def test_buffer_before_an_existing_session():
    day = date(2027, 3, 29)
    rules = Rules(weekly={0: [(time(9), time(13))]}, buffer_minutes=15)
    busy = [_busy(datetime(2027, 3, 29, 10, 10, tzinfo=OSLO), minutes=50)]
    # 09:00–10:00 plus 15 min buffer reaches 10:15 > 10:10: blocked; 11:00 falls in the
    # existing session's own buffer (to 11:15).
    assert local(slots_on(rules, day, busy)) == ["12:00 CEST"]


def test_daily_limit():
    day = date(2027, 3, 29)
    rules = Rules(weekly={0: [(time(9), time(13))]}, max_sessions_per_day=1)
    busy = [_busy(datetime(2027, 3, 29, 12, tzinfo=OSLO))]
    assert slots_on(rules, day, busy) == []


def test_monthly_hours_limit_counts_the_oslo_month():
    rules = Rules(weekly={d: [(time(9), time(11))] for d in range(7)}, max_hours_per_month=2)
    # Two hours already held on 1 April 00:30 Oslo time (still 31 March in UTC).
    busy = [
        Busy(
            datetime(2027, 4, 1, 0, 30, tzinfo=OSLO),
            datetime(2027, 4, 1, 2, 30, tzinfo=OSLO),
            datetime(2027, 4, 1, 2, 30, tzinfo=OSLO),
        )
    ]
    now = datetime(2027, 3, 30, 8, tzinfo=OSLO)
    slots = free_slots(rules, busy, now=now)
    months = {s.astimezone(OSLO).month for s, _e in slots}
    assert 3 in months and 5 in months and 4 not in months


def test_minimum_notice_and_booking_window():
    rules = Rules(
        weekly={d: [(time(9), time(17))] for d in range(7)},
        min_notice_hours=24,
        booking_window_days=7,
    )
    now = datetime(2027, 3, 29, 10, 30, tzinfo=OSLO)
    slots = free_slots(rules, [], now=now)
    assert slots[0][0] == datetime(2027, 3, 30, 11, tzinfo=OSLO)
    assert slots[-1][0] == datetime(2027, 4, 5, 10, tzinfo=OSLO)  # last start before now + 7 d


def test_every_slot_is_shown_with_its_zone():
    rules = Rules(weekly={6: [(time(1), time(4))]})
    for s, _e in slots_on(rules, SUNDAY_AUTUMN):
        assert s.tzinfo is OSLO and s.tzname() in {"CET", "CEST"}
