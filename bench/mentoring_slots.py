"""Benchmark: free slots for 50 mentors over 8 weeks with 500 existing sessions.

Run: .venv/bin/python bench/mentoring_slots.py
Pure computation (the selector's rows already loaded): weekly rules, a day off and extra
hours per mentor, buffers, daily and monthly limits, across the DST change of 28 March 2027.
"""

import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentoring.slots import OSLO, Busy, Rules, free_slots  # noqa: E402

NOW = datetime(2027, 3, 15, 8, tzinfo=OSLO)


def mentors(seed=6):
    rng = random.Random(seed)
    out = []
    for _ in range(50):
        weekly = {
            d: [(clock(9), clock(12)), (clock(13), clock(rng.choice([16, 17])))]
            for d in rng.sample(range(5), rng.randint(2, 5))
        }
        day = date(2027, 3, 15) + timedelta(days=rng.randint(0, 55))
        rules = Rules(
            weekly=weekly,
            session_minutes=rng.choice([30, 45, 60]),
            buffer_minutes=rng.choice([0, 10, 15]),
            min_notice_hours=24,
            max_sessions_per_day=rng.choice([2, 3, 4]),
            max_hours_per_month=rng.choice([8, 12]),
            booking_window_days=56,
            off={day: [(None, None)]},
            extra={day + timedelta(days=1): [(clock(18), clock(20))]},
        )
        out.append(rules)
    sessions = [[] for _ in range(50)]
    for _ in range(500):
        m = rng.randrange(50)
        start = NOW + timedelta(days=rng.randint(1, 55), hours=rng.randint(1, 8))
        start = start.replace(minute=0)
        length = timedelta(minutes=out[m].session_minutes)
        sessions[m].append(
            Busy(start, start + length, start + length + timedelta(minutes=out[m].buffer_minutes))
        )
    return out, sessions


def main(runs=7):
    rules, sessions = mentors()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        total = sum(len(free_slots(r, s, now=NOW)) for r, s in zip(rules, sessions, strict=True))
        times.append(time.perf_counter() - t0)
    print(
        f"slots for 50 mentors x 8 weeks, 500 sessions: {total} free slots, "
        f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
        f"over {runs} runs (target < 200 ms)"
    )
    return statistics.median(times)


if __name__ == "__main__":
    main()
