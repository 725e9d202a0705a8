"""Benchmark: 10,000 due notifications dispatched by one Celery worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_notify \
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/notifications_dispatch.py

Builds a throwaway test database, plans N due rows, starts one worker (solo pool, one
thread) on the configured broker, sends beat's dispatcher task once and waits until every row
is sent. Reports wall time, throughput, peak memory (RSS of the process, worker included) and
duplicates (mails per row beyond the first; must be 0). Mail goes to Django's locmem backend.
"""

import argparse
import os
import platform
import resource
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grunderhus.settings.test")


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "unknown"
    return f"{os.cpu_count()} CPUs ({cpu}), {ram} RAM"


def _run_worker(app, tasks, Notification, start_worker, connection, rows):
    """One worker thread on the broker; beat's dispatcher task sent once; wait for all sent."""
    with start_worker(app, perform_ping_check=False, shutdown_timeout=60, loglevel="WARNING"):
        started = time.perf_counter()
        tasks.notifications_dispatch_due.delay()
        while True:
            time.sleep(0.5)
            sent = Notification.objects.filter(state="sent").count()
            if sent >= rows:
                break
            if time.perf_counter() - started > 600:
                print(f"timeout: {sent} sent", file=sys.stderr)
                break
        elapsed = time.perf_counter() - started
        connection.close()
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--recipients", type=int, default=100)
    parser.add_argument(
        "--direct",
        action="store_true",
        help="claim and send in this process without Celery (isolates the send path)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core import mail
    from django.db import connection
    from django.utils import timezone

    from grunderhus.celery import app
    from notifications import services, tasks
    from notifications.models import Notification
    from notifications.registry import NotificationKind, register_kind

    # Mail to memory (no test instrumentation of templates, which would slow rendering).
    mail.outbox = []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        register_kind(
            NotificationKind(
                key="bench.reminder",
                label="Benchmark reminder",
                template_prefix="notifications/email/generic",
                is_still_due=lambda n: True,
                get_context=lambda n: {"title": "Mentor session", "starts_at": n.due_at},
            )
        )
        from tests.factories.community import UserFactory

        users = UserFactory.create_batch(args.recipients)
        content_type = ContentType.objects.get_for_model(users[0])
        due = timezone.now() - timedelta(minutes=1)
        Notification.objects.bulk_create(
            (
                Notification(
                    kind="bench.reminder",
                    content_type=content_type,
                    object_id=str(users[i % len(users)].pk),
                    recipient=users[i % len(users)],
                    offset=f"bench-{i}",
                    due_at=due,
                    next_attempt_at=due,
                )
                for i in range(args.rows)
            ),
            batch_size=2000,
        )
        connection.close()

        app.conf.task_always_eager = False
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")
        broker = "Redis" if settings.REDIS_URL else "filesystem"
        database = connection.vendor
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.direct:
            broker = "no broker (in-process)"
            started = time.perf_counter()
            while True:
                ids, token = services.notifications_claim_due()
                if not ids:
                    break
                services.notifications_send_claimed(ids=ids, token=token)
            elapsed = time.perf_counter() - started
        else:
            elapsed = _run_worker(app, tasks, Notification, start_worker, connection, args.rows)
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        counts = Counter(int(m.extra_headers["X-Grunderhus-Notification"]) for m in mail.outbox)
        duplicates = sum(c - 1 for c in counts.values())
        print(f"machine:     {machine()}")
        print(
            f"setup:       {database} + {broker}, "
            f"{'one process' if args.direct else 'one worker (solo pool)'}, "
            f"batch {services.BATCH_SIZE} rows per send task"
        )
        print(f"rows:        {args.rows} ({len(counts)} distinct mailed)")
        print(f"time:        {elapsed:.2f} s")
        print(f"throughput:  {args.rows / elapsed:.0f} notifications/s")
        print(
            f"peak memory: {peak_rss / 1024:.0f} MiB RSS "
            f"(before the worker started: {rss_before / 1024:.0f} MiB)"
        )
        print(f"duplicates:  {duplicates}")
        return 0 if duplicates == 0 and len(counts) == args.rows else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
