"""Benchmark: 10,000 due notifications dispatched by one Celery worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_notify \
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/notifications_dispatch.py

Builds a throwaway test database and plans N due rows. Then starts one worker the way
production does (``celery worker``, prefork pool; ``--concurrency`` defaults to the number of
CPUs, compose runs 4) on the configured broker, sends beat's dispatcher task once and waits
until every row is sent. Mail goes to Django's file backend in a temporary folder; every
message carries its row's id, so the files show duplicates (mails per row beyond the first;
must be 0). Reports wall time, throughput and peak memory (high-water RSS of the worker's
main process and of its pool processes).

``--solo`` runs the worker in this process instead (solo pool, one thread, locmem mail), and
``--direct`` claims and sends without Celery at all; both isolate the per-row send path.
"""

import argparse
import os
import platform
import re
import resource
import signal
import subprocess
import sys
import tempfile
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


BENCH_KIND = "bench.reminder"
HEADER = re.compile(rb"^X-Grunderhus-Notification: (\d+)$", re.MULTILINE)


def _register_bench_kind():
    from notifications.registry import NotificationKind, register_kind

    register_kind(
        NotificationKind(
            key=BENCH_KIND,
            label="Benchmark reminder",
            template_prefix="notifications/email/generic",
            is_still_due=lambda n: True,
            get_context=lambda n: {"title": "Mentor session", "starts_at": n.due_at},
        )
    )


def _wait_until_sent(Notification, rows, started):
    while True:
        time.sleep(0.25)
        sent = Notification.objects.filter(state="sent").count()
        if sent >= rows:
            return time.perf_counter() - started
        if time.perf_counter() - started > 600:
            print(f"timeout: {sent} sent", file=sys.stderr)
            return time.perf_counter() - started


def _run_solo_worker(app, tasks, Notification, connection, rows):
    """One worker thread in this process (solo pool); beat's dispatcher task sent once."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, perform_ping_check=False, shutdown_timeout=60, loglevel="WARNING"):
        started = time.perf_counter()
        tasks.notifications_dispatch_due.delay()
        elapsed = _wait_until_sent(Notification, rows, started)
        connection.close()
    return elapsed


def _high_water_rss_kib(pid: int) -> int:
    """VmHWM of ``pid`` and its descendants, in KiB."""
    total = 0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"^VmHWM:\s+(\d+)", status, re.MULTILINE).group(1))
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _high_water_rss_kib(int(child))
    except (OSError, AttributeError):
        pass
    return total


def _run_worker_process(app, tasks, Notification, connection, rows, concurrency, mail_dir):
    """``celery worker`` (prefork) in a child process on the test database; returns time, RSS."""
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url}
    worker = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve-worker",
            "--concurrency",
            str(concurrency),
            "--mail-dir",
            mail_dir,
        ],
        env=env,
    )
    try:
        for _attempt in range(120):  # wait until the worker answers a ping
            if app.control.ping(timeout=0.5):
                break
            if worker.poll() is not None:
                raise SystemExit("the worker did not start")
        started = time.perf_counter()
        tasks.notifications_dispatch_due.delay()
        elapsed = _wait_until_sent(Notification, rows, started)
        peak_kib = _high_water_rss_kib(worker.pid)
        connection.close()
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    return elapsed, peak_kib


def serve_worker(concurrency: int, mail_dir: str):
    """The child: Django on the test database, file mail, then ``celery worker``."""
    import django

    django.setup()
    from django.conf import settings

    from grunderhus.celery import app

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir
    app.conf.task_always_eager = False
    _register_bench_kind()
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ]
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--recipients", type=int, default=100)
    parser.add_argument(
        "--concurrency",
        type=int,
        default=os.cpu_count() or 2,
        help="pool processes of the one worker (default: the number of CPUs)",
    )
    parser.add_argument(
        "--solo",
        action="store_true",
        help="run the worker in this process: solo pool, one thread, locmem mail",
    )
    parser.add_argument(
        "--direct",
        action="store_true",
        help="claim and send in this process without Celery (isolates the send path)",
    )
    parser.add_argument("--serve-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mail-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_worker:
        return serve_worker(args.concurrency, args.mail_dir)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core import mail
    from django.db import connection
    from django.utils import timezone

    from grunderhus.celery import app
    from notifications import services, tasks
    from notifications.models import Notification

    # Mail to memory (no test instrumentation of templates, which would slow rendering).
    mail.outbox = []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        _register_bench_kind()
        from tests.factories.community import UserFactory

        users = UserFactory.create_batch(args.recipients)
        content_type = ContentType.objects.get_for_model(users[0])
        due = timezone.now() - timedelta(minutes=1)
        Notification.objects.bulk_create(
            (
                Notification(
                    kind=BENCH_KIND,
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
        mail_dir = tempfile.mkdtemp(prefix="grunderhus-bench-mail-")
        if args.direct:
            setup = "no broker, one process (claim + send in a loop)"
            started = time.perf_counter()
            while True:
                ids, token = services.notifications_claim_due()
                if not ids:
                    break
                services.notifications_send_claimed(ids=ids, token=token)
            elapsed = time.perf_counter() - started
        elif args.solo:
            setup = f"{broker}, one worker in this process (solo pool, one thread)"
            elapsed = _run_solo_worker(app, tasks, Notification, connection, args.rows)
        else:
            setup = (
                f"{broker}, one worker process (celery worker, prefork pool, "
                f"concurrency {args.concurrency})"
            )
            elapsed, worker_kib = _run_worker_process(
                app, tasks, Notification, connection, args.rows, args.concurrency, mail_dir
            )
        if args.direct or args.solo:
            peak = (
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB RSS, "
                f"this process with the worker (before: {rss_before / 1024:.0f} MiB)"
            )
            ids = [int(m.extra_headers["X-Grunderhus-Notification"]) for m in mail.outbox]
            backend = "locmem"
        else:
            peak = (
                f"{worker_kib / 1024:.0f} MiB RSS, the worker and its "
                f"{args.concurrency} pool processes together"
            )
            ids = [
                int(match)
                for path in Path(mail_dir).iterdir()
                for match in HEADER.findall(path.read_bytes())
            ]
            backend = "file"
        counts = Counter(ids)
        duplicates = sum(c - 1 for c in counts.values())
        print(f"machine:     {machine()}")
        print(f"setup:       {database} + {setup}; batch {services.BATCH_SIZE} rows per task")
        print(f"mail:        Django's {backend} e-mail backend")
        print(f"rows:        {args.rows} ({len(counts)} distinct mailed)")
        print(f"time:        {elapsed:.2f} s")
        print(f"throughput:  {args.rows / elapsed:.0f} notifications/s")
        print(f"peak memory: {peak}")
        print(f"duplicates:  {duplicates}")
        return 0 if duplicates == 0 and len(counts) == args.rows else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
