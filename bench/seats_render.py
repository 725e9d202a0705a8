"""Benchmark: the staff desk map and occupancy pages for 60 desks and five years of history.

Run (PostgreSQL, the target):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_seats .venv/bin/python bench/seats_render.py
Without DATABASE_URL it runs on SQLite. It makes a throwaway test database (test_<name>),
fills it with 60 desks and about 2,000 allocations over five years, signs a staff member in
and renders each page through the full middleware stack with Django's test client, then
drops the database. Reported: server-side render time per page (median, p95, max) and the
number of queries. Target: < 50 ms per page on PostgreSQL.
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grunderhus.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 40


def build():
    from community import demo
    from community.models import Desk, SeatAllocation, User
    from community.services import user_create

    demo.desks_ensure()
    staff = user_create(email="stab@bench.no", full_name="Stab", password="x", role="staff")
    rng = random.Random(4)
    today = timezone.localdate()
    first = today - datetime.timedelta(days=5 * 365)
    people = User.objects.bulk_create(
        User(email=f"m{i}@bench.no", full_name=f"Medlem {i}", password="!") for i in range(3000)
    )
    rows, p = [], 0
    for desk in Desk.objects.order_by("code"):
        start = first + datetime.timedelta(days=rng.randint(0, 20))
        while start < today + datetime.timedelta(days=120):
            end = start + datetime.timedelta(days=rng.randint(45, 75))
            rows.append(
                SeatAllocation(
                    desk=desk,
                    member=people[p],
                    start=start,
                    end=end,
                    created_by=staff,
                    status="active",
                )
            )
            p += 1
            start = end + datetime.timedelta(days=rng.randint(0, 5))
    SeatAllocation.objects.bulk_create(rows)
    return staff, len(rows)


def measure(client, url):
    client.get(url)  # warm-up: template loading, Wagtail's per-process caches
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "max": times[-1],
        "queries": len(ctx.captured_queries),
        "bytes": len(response.content),
    }


def timed(fn):
    fn()
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def content_parts():
    """The data-dependent work alone (selectors + SVG), without Wagtail's admin chrome."""
    from community import selectors
    from community.seats_svg import desk_map_svg, occupancy_chart_svg

    today = timezone.localdate()

    def desk_map():
        states = selectors.desk_states_on(day=today)
        desk_map_svg(states=states, links={}, day=today)

    def occupancy():
        selectors.occupancy_on(day=today)
        selectors.vacancies_upcoming(today=today, days=90)
        occupancy_chart_svg(months=selectors.occupancy_by_month(until=today, months=12))

    return {"desk map data + SVG": timed(desk_map), "occupancy data + SVG": timed(occupancy)}


def main():
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        staff, count = build()
        # Not the test environment's instrumented templates: measure what production runs.
        client = Client(SERVER_NAME="localhost")
        client.force_login(staff)
        print(f"database: {connection.vendor}; 60 desks, {count} allocations over five years")
        for name in ("seats_admin:map", "seats_admin:occupancy", "seats_admin:queue"):
            r = measure(client, reverse(name))
            print(
                f"{name:24} median {r['median']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
                f"max {r['max']:6.1f} ms  {r['queries']} queries  {r['bytes'] // 1024} KiB"
            )
        for name, (median, worst) in content_parts().items():
            print(f"{name:24} median {median:6.1f} ms  max {worst:6.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
