"""Registration rush: N members register at once for an event with few places, through the
real HTTP stack (gunicorn + PostgreSQL), and nothing may oversell.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_events \\
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/events_rush.py

Options: --requests 200 --places 50 --workers 4 --concurrency 200 --port 8765, and --floor:
the same simultaneous requests to /healthz (no session, no database), the stack's own cost
on this machine, for comparison.
The script migrates the database, makes sure the events listing page exists (load_demo),
creates a fresh event and N signed-in members, starts gunicorn with the production settings,
fires every registration at once (a barrier releases all client threads together) and
reports throughput, latency percentiles and the oversell count read back from the database.
"""

import argparse
import contextlib
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENV = {
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gh_events"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    "DJANGO_SETTINGS_MODULE": "grunderhus.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-not-secret",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}
CSRF = "benchcsrfsecret0123456789abcdefg"  # 32 characters, sent as cookie and header


def setup(n_requests, places):
    os.environ.update(ENV)
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from community import roles
    from community.models import User
    from community.services import roles_ensure
    from events.models import Event, EventIndexPage

    assert settings.DATABASE_IS_POSTGRES, "the rush runs on PostgreSQL"
    call_command("migrate", verbosity=0)
    if not EventIndexPage.objects.exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    run = int(time.time())
    event = Event.objects.create(
        title=f"Rush {run}",
        slug=f"rush-{run}",
        summary="Benchmark",
        start=timezone.now() + timedelta(days=3),
        end=timezone.now() + timedelta(days=3, hours=2),
        capacity=places,
        status=Event.Status.PUBLISHED,
    )
    group = roles_ensure()[roles.ENTREPRENEUR]
    users = User.objects.bulk_create(
        [User(email=f"rush-{run}-{i}@example.no", full_name=f"Rush {i}") for i in range(n_requests)]
    )
    group.user_set.add(*users)
    sessions = []
    for user in users:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    from django.db import connections

    connections.close_all()
    return event, sessions


def start_gunicorn(port, workers):
    env = {**os.environ, **ENV}
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "grunderhus.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status < 500:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def rush(port, path, sessions, concurrency, method="POST"):
    barrier = threading.Barrier(min(concurrency, len(sessions)))
    results = []

    def one(session):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": "127.0.0.1",
        }
        conn.connect()
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=30)
        t0 = time.perf_counter()
        if method == "POST":
            conn.request("POST", path, body="", headers=headers)
        else:
            conn.request(method, path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - t0
        conn.close()
        results.append((response.status, elapsed))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, sessions))
    return results, time.perf_counter() - start


def _percentiles(results):
    latencies = sorted(t * 1000 for _status, t in results)
    q = statistics.quantiles(latencies, n=100)
    return f"p50 {q[49]:.0f}, p95 {q[94]:.0f}, p99 {q[98]:.0f}, max {latencies[-1]:.0f}"


def floor(args):
    """The same rush at /healthz: what gunicorn, Django's middleware and this client cost."""
    os.environ.update(ENV)
    proc = start_gunicorn(args.port, args.workers)
    try:
        for _ in range(args.workers * 3):
            conn = http.client.HTTPConnection("127.0.0.1", args.port)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
        results, wall = rush(
            args.port, "/healthz", [None] * args.requests, args.concurrency, method="GET"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(
        f"floor: {len(results)} GET /healthz at concurrency {args.concurrency}, "
        f"gunicorn workers: {args.workers}"
    )
    print(f"throughput: {len(results) / wall:.1f} requests/s (wall {wall:.2f} s)")
    print(f"latency ms: {_percentiles(results)}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--floor", action="store_true", help="rush GET /healthz instead")
    args = parser.parse_args()
    if args.floor:
        return floor(args)

    event, sessions = setup(args.requests, args.places)
    proc = start_gunicorn(args.port, args.workers)
    try:
        # Warm each worker (imports, URL resolver, database connection).
        for _ in range(args.workers * 3):
            conn = http.client.HTTPConnection("127.0.0.1", args.port)
            conn.request(
                "GET", f"/nb/arrangementer/kalender/{event.slug}.ics", headers={"Host": "127.0.0.1"}
            )
            conn.getresponse().read()
        results, wall = rush(
            args.port, f"/nb/arrangementer/{event.slug}/pamelding/", sessions, args.concurrency
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    from events.models import Registration

    regs = Registration.objects.filter(event=event)
    confirmed = regs.filter(status__in=Registration.SEATED).count()
    waitlisted = regs.filter(status=Registration.Status.WAITLISTED).count()
    ordered = list(regs.order_by("queued_at", "pk").values_list("status", flat=True))
    in_order = ordered == ["confirmed"] * confirmed + ["waitlisted"] * waitlisted
    # queued_at is read just after the event's lock is taken, so the gaps between consecutive
    # bookings show how long each one kept the next waiting (the serialised part).
    stamps = list(regs.order_by("queued_at", "pk").values_list("queued_at", flat=True))
    gaps = [(b - a).total_seconds() * 1000 for a, b in zip(stamps, stamps[1:], strict=False)]
    latencies = sorted(t * 1000 for _status, t in results)
    statuses = {}
    for status, _t in results:
        statuses[status] = statuses.get(status, 0) + 1
    q = statistics.quantiles(latencies, n=100)
    print(
        f"requests: {len(results)} at concurrency {args.concurrency}, "
        f"gunicorn workers: {args.workers}, statuses: {statuses}"
    )
    print(f"throughput: {len(results) / wall:.1f} registrations/s (wall {wall:.2f} s)")
    print(f"latency ms: p50 {q[49]:.0f}, p95 {q[94]:.0f}, p99 {q[98]:.0f}, max {latencies[-1]:.0f}")
    print(
        f"places {args.places}: confirmed {confirmed}, waitlisted {waitlisted}, "
        f"oversell {max(confirmed - args.places, 0)}, queue in arrival order: {in_order}"
    )
    if gaps:
        print(
            f"lock: median {statistics.median(gaps):.2f} ms between consecutive bookings "
            f"taking it (the most the lock allows: {1000 / statistics.median(gaps):.0f}/s)"
        )
    return 0 if confirmed <= args.places and confirmed + waitlisted == args.requests else 1


if __name__ == "__main__":
    sys.exit(main())
