"""Soak: a few minutes of mixed traffic against the whole platform, with Redis stopped in the
middle and started again.

    .venv/bin/python bench/soak.py [--duration 180] [--outage-at 60] [--outage 40]

What it does, from nothing, on loopback only and on private servers it makes and removes (a
PostgreSQL cluster from initdb and a redis-server, on free ports; never the shared ones):
migrates and seeds a database (staff, members holding desks, mentors, matches, events), starts
gunicorn, a Celery worker and beat with the production settings (tests/faults/settings.py), and
runs client threads that browse public pages, open member and staff pages, register members for
events and book mentoring sessions. At ``--outage-at`` seconds Redis is stopped for
``--outage`` seconds. After the traffic it waits (bounded) until beat's dispatcher has sent every
due row, then prints the requests served, the answers by status, latency by phase, mails sent
against mails expected (every outbox row that is due and not skipped, each exactly once), and the
worker's memory (resident, main process and children) at start and end.

Needs redis-server and PostgreSQL's server binaries (initdb, pg_ctl under /usr/lib/postgresql).
Results are recorded in docs/benchmarks.md.
"""

import argparse
import collections
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.servers import (  # noqa: E402
    Http,
    PostgresCluster,
    RedisServer,
    Stack,
    free_port,
    slot_values,
    stop_process,
    wait_until,
)

DUE_UNSENT = (
    "SELECT count(*) FROM notifications_notification "
    "WHERE state = 'pending' AND next_attempt_at <= now()"
)


def rss_kib(pid):
    """Resident memory of a process and all its descendants, in KiB."""
    children = collections.defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo.extend(children.get(current, []))
    return total


class Traffic:
    def __init__(self, http, world, seed):
        self.http = http
        self.world = world
        self.random = random.Random(seed)
        self.results = []  # (phase, kind, status, seconds)
        self.lock = threading.Lock()
        self.phase = "before"

    def record(self, kind, answer):
        with self.lock:
            self.results.append((self.phase, kind, answer.status, answer.seconds))

    def browse(self):
        world = self.world
        path = self.random.choice(
            ["/nb/", "/en/", world["news"], "/nb/arrangementer/"]
            + [event["path"] for event in world["events"]]
        )
        self.record("public", self.http.get(path))

    def member_page(self):
        member = self.random.choice(self.world["members"])
        path = self.random.choice(["/nb/min-side/", "/nb/mentor/", "/nb/mentor/okter/"])
        self.record("member", self.http.get(path, session=member["session"]))

    def staff_page(self):
        path = self.random.choice(["/admin/", "/admin/varsler/", "/nb/min-side/"])
        self.record("staff", self.http.get(path, session=self.world["staff"]["session"]))

    def register(self):
        member = self.random.choice(self.world["members"])
        event = self.random.choice(self.world["events"])
        answer = self.http.post(event["path"] + "pamelding/", session=member["session"])
        self.record("registration", answer)

    def book(self):
        member = self.random.choice(self.world["members"])
        path = f"/nb/mentor/match/{member['match']}/bestill/"
        page = self.http.get(path, session=member["session"])
        self.record("member", page)
        slots = slot_values(page.text)
        if page.status == 200 and slots:
            data = {
                "start": self.random.choice(slots[:20]),
                "place": self.world["place"],
                "agenda": "Soak",
            }
            self.record("booking", self.http.post(path, data, session=member["session"]))

    def run(self, stop):
        actions = [self.browse] * 10 + [self.member_page] * 4 + [self.staff_page] * 2
        actions += [self.register] * 2 + [self.book]
        while not stop.is_set():
            action = self.random.choice(actions)
            try:
                action()
            except OSError as exc:
                with self.lock:
                    self.results.append((self.phase, action.__name__, repr(exc), 0.0))


def summary(results):
    by_status = collections.Counter(str(status) for _p, _k, status, _s in results)
    phases = {}
    for phase in ("before", "redis down", "after"):
        times = sorted(s * 1000 for p, _k, _st, s in results if p == phase and s)
        if len(times) >= 20:
            q = statistics.quantiles(times, n=100)
            phases[phase] = {
                "requests": len(times),
                "p50_ms": round(q[49]),
                "p95_ms": round(q[94]),
                "max_ms": round(times[-1]),
            }
    writes = {}
    for kind in ("registration", "booking"):
        times = [s for _p, k, _st, s in results if k == kind]
        down = [s for p, k, _st, s in results if k == kind and p == "redis down"]
        writes[kind] = {
            "count": len(times),
            "max_ms": round(max(times) * 1000) if times else None,
            "max_ms_redis_down": round(max(down) * 1000) if down else None,
        }
    return by_status, phases, writes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=180, help="seconds of traffic")
    parser.add_argument("--outage-at", type=int, default=60, help="Redis stops after N s")
    parser.add_argument("--outage", type=int, default=40, help="seconds without Redis")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--drain", type=int, default=200, help="most seconds to wait for mail")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    assert args.outage_at + args.outage < args.duration, "the outage must end inside the run"

    workdir = Path(tempfile.mkdtemp(prefix="grunderhus-soak-"))
    cluster = PostgresCluster()
    redis = RedisServer(workdir)
    processes = []
    ok = False
    started = time.monotonic()
    try:
        cluster.init()
        cluster.start()
        redis.start()
        cluster.create_database("grunderhus_soak")
        stack = Stack(cluster.url("grunderhus_soak"), redis.url(0), workdir)
        stack.mail_dir.mkdir()
        print(f"setting up in {workdir} ...", flush=True)
        stack.manage("migrate", "--noinput", "-v0")
        world = stack.seed(members=args.members, events=args.events)
        port = free_port()
        processes.append(stack.gunicorn(port, workers=args.web_workers))
        worker = stack.worker(concurrency=args.worker_concurrency)
        processes.append(worker)
        processes.append(stack.beat())
        if not wait_until(lambda: " ready." in stack.log("worker"), timeout=60):
            raise SystemExit("the worker did not start:\n" + stack.log("worker"))
        # What seeding queued goes out before the clock starts.
        wait_until(lambda: stack.query(DUE_UNSENT)[0][0] == 0, timeout=60)
        memory_start = rss_kib(worker.pid)
        setup_seconds = time.monotonic() - started

        http = Http(port, timeout=30)
        traffic = [Traffic(http, world, seed) for seed in range(args.clients)]
        readiness = collections.Counter()
        stop = threading.Event()

        def watch_readiness():
            while not stop.is_set():
                try:
                    readiness[(traffic[0].phase, http.get("/readyz").status)] += 1
                except OSError:
                    readiness[(traffic[0].phase, "error")] += 1
                time.sleep(2)

        threads = [threading.Thread(target=t.run, args=(stop,)) for t in traffic]
        threads.append(threading.Thread(target=watch_readiness))
        load_start = time.monotonic()
        for thread in threads:
            thread.start()
        print(f"traffic for {args.duration} s ...", flush=True)
        time.sleep(args.outage_at)
        redis.stop()
        for t in traffic:
            t.phase = "redis down"
        print(f"Redis stopped at {time.monotonic() - load_start:.0f} s", flush=True)
        time.sleep(args.outage)
        redis.start()
        for t in traffic:
            t.phase = "after"
        print(f"Redis started at {time.monotonic() - load_start:.0f} s", flush=True)
        time.sleep(max(0, args.duration - (time.monotonic() - load_start)))
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        load_seconds = time.monotonic() - load_start

        drain_start = time.monotonic()
        drained = wait_until(
            lambda: stack.query(DUE_UNSENT)[0][0] == 0, timeout=args.drain, interval=1
        )
        drain_seconds = time.monotonic() - drain_start
        time.sleep(3)  # a duplicate, if there were one, would land now
        memory_end = rss_kib(worker.pid)

        results = [r for t in traffic for r in t.results]
        by_status, phases, writes = summary(results)
        sent = stack.sent_notification_ids()
        expected = stack.query(
            "SELECT count(*) FROM notifications_notification WHERE state = 'sent' "
            "OR (state = 'pending' AND next_attempt_at <= now())"
        )[0][0]
        states = dict(
            stack.query("SELECT state, count(*) FROM notifications_notification GROUP BY state")
        )
        report = {
            "setup_s": round(setup_seconds),
            "traffic_s": round(load_seconds),
            "redis_down_s": args.outage,
            "requests": len(results),
            "requests_per_s": round(len(results) / load_seconds, 1),
            "answers_by_status": dict(sorted(by_status.items())),
            "latency_by_phase": phases,
            "writes": writes,
            "readyz": {f"{p} {s}": n for (p, s), n in sorted(readiness.items(), key=str)},
            "mails_sent": len(sent),
            "mails_distinct": len(set(sent)),
            "mails_expected": expected,
            "drained_after_s": round(drain_seconds) if drained else f">{args.drain}",
            "outbox_states": states,
            "worker_rss_mib_start": round(memory_start / 1024, 1),
            "worker_rss_mib_end": round(memory_end / 1024, 1),
            "beat_alive": processes[2].poll() is None,
            "worker_alive": worker.poll() is None,
        }
        width = max(len(k) for k in report)
        for key, value in report.items():
            print(f"{key:<{width}}  {value}")
        if args.json:
            print(json.dumps(report))
        ok = (
            drained
            and len(sent) == len(set(sent)) == expected
            and not any(s.startswith("5") and s != "503" for s in by_status)
        )
        print("OK" if ok else "PROBLEM: see the figures above and the logs in " + str(workdir))
        return 0 if ok else 1
    finally:
        for process in reversed(processes):
            stop_process(process)
        redis.stop()
        cluster.remove()
        if not ok:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
