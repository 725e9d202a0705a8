"""Free slots from a mentor's rules, in Europe/Oslo wall-clock time, DST-correct.

Pure functions over plain data (the selector loads rows, this computes). Each day's windows are
built in local wall-clock time (weekly rules, plus extra hours, minus days off) and only then
turned into absolute instants, so a 09:00–17:00 rule means 09:00–17:00 Oslo time in winter and
in summer. Slots step through each window in real elapsed minutes: on the night the clocks go
forward a 01:00–04:00 window is two hours long, on the night they go back it is four, and the
repeated hour is told apart by its zone (CEST/CET) wherever a time is shown.

A slot is offered only if it lies inside a window, starts after ``now + notice`` and before
``now + booking window``, its busy range (the session plus the trailing buffer) overlaps no
existing busy range, the day has room under the daily limit and the month under the hours limit.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True)
class Rules:
    weekly: dict  # weekday (Mon=0) -> list[(time, time)]
    session_minutes: int = 60
    buffer_minutes: int = 0
    min_notice_hours: int = 0
    max_sessions_per_day: int = 0  # 0 = no limit
    max_hours_per_month: int = 0  # 0 = no limit
    booking_window_days: int = 56
    off: dict = field(default_factory=dict)  # date -> list[(time|None, time|None)]
    extra: dict = field(default_factory=dict)  # date -> list[(time, time)]


@dataclass(frozen=True)
class Busy:
    start: datetime  # the session's start and end (aware)
    end: datetime
    blocked_end: datetime  # end plus the buffer that applied when it was booked


def local_instant(day: date, t: time) -> datetime:
    """Oslo wall-clock ``day t`` as an aware instant (a time in the skipped hour moves on)."""
    naive = datetime.combine(day, t)
    return naive.replace(tzinfo=OSLO).astimezone(UTC).astimezone(OSLO)


def _merge(intervals):
    out = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _subtract(intervals, cuts):
    result = []
    for a, b in intervals:
        pieces = [(a, b)]
        for c, d in cuts:
            nxt = []
            for x, y in pieces:
                if d <= x or c >= y:
                    nxt.append((x, y))
                    continue
                if x < c:
                    nxt.append((x, c))
                if d < y:
                    nxt.append((d, y))
            pieces = nxt
        result.extend(pieces)
    return result


_DAY_START, _DAY_END = 0, 24 * 60


def _minutes(t: time | None, default: int) -> int:
    return default if t is None else t.hour * 60 + t.minute


def day_windows(rules: Rules, day: date) -> list[tuple[datetime, datetime]]:
    """The day's bookable windows as aware instants."""
    wall = [(_minutes(a, 0), _minutes(b, _DAY_END)) for a, b in rules.weekly.get(day.weekday(), ())]
    wall += [(_minutes(a, 0), _minutes(b, _DAY_END)) for a, b in rules.extra.get(day, ())]
    wall = _merge(wall)
    cuts = [(_minutes(a, _DAY_START), _minutes(b, _DAY_END)) for a, b in rules.off.get(day, ())]
    wall = _subtract(wall, cuts)
    out = []
    for a, b in wall:
        start = local_instant(day, time(a // 60, a % 60))
        end = (
            local_instant(day + timedelta(days=1), time(0))
            if b >= _DAY_END
            else local_instant(day, time(b // 60, b % 60))
        )
        if end > start:
            out.append((start, end))
    return out


def month_key(dt: datetime) -> tuple[int, int]:
    local = dt.astimezone(OSLO)
    return local.year, local.month


def free_slots(
    rules: Rules, busy: list[Busy], *, now: datetime, until: datetime | None = None
) -> list[tuple[datetime, datetime]]:
    """Every free slot from ``now`` to the end of the booking window (or ``until``)."""
    length = timedelta(minutes=rules.session_minutes)
    buffer = timedelta(minutes=rules.buffer_minutes)
    now = now.astimezone(UTC)
    earliest = now + timedelta(hours=rules.min_notice_hours)
    latest = now + timedelta(days=rules.booking_window_days)
    if until is not None:
        latest = min(latest, until.astimezone(UTC))
    busy = sorted(
        (
            Busy(b.start.astimezone(UTC), b.end.astimezone(UTC), b.blocked_end.astimezone(UTC))
            for b in busy
        ),
        key=lambda b: b.start,
    )
    starts = [b.start for b in busy]
    # Longest busy range, so a bisect window can find every range that could overlap.
    longest = max((b.blocked_end - b.start for b in busy), default=timedelta(0))
    per_day: dict[date, int] = defaultdict(int)
    per_month: dict[tuple[int, int], float] = defaultdict(float)
    for b in busy:
        per_day[b.start.astimezone(OSLO).date()] += 1
        per_month[month_key(b.start)] += (b.end - b.start).total_seconds() / 3600
    hours_each = rules.session_minutes / 60

    slots = []
    day = earliest.astimezone(OSLO).date()
    last_day = latest.astimezone(OSLO).date()
    while day <= last_day:
        if rules.max_sessions_per_day and per_day[day] >= rules.max_sessions_per_day:
            day += timedelta(days=1)
            continue
        for w_start, w_end in day_windows(rules, day):
            # Step in UTC: Python adds to an Oslo-aware datetime in wall-clock time.
            s, w_end = w_start.astimezone(UTC), w_end.astimezone(UTC)
            while s + length <= w_end:
                e = s + length
                if s >= earliest and s < latest:
                    blocked_end = e + buffer
                    lo = bisect.bisect_left(starts, s - longest)
                    hi = bisect.bisect_left(starts, blocked_end)
                    clash = any(
                        busy[k].start < blocked_end and s < busy[k].blocked_end
                        for k in range(lo, hi)
                    )
                    if not clash and (
                        not rules.max_hours_per_month
                        or per_month[month_key(s)] + hours_each <= rules.max_hours_per_month
                    ):
                        slots.append((s.astimezone(OSLO), e.astimezone(OSLO)))
                s = e
        day += timedelta(days=1)
    return slots
