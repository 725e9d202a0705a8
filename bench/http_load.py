"""HTTP load benchmark: gunicorn with production settings on PostgreSQL, driven by wrk.

What it does, from nothing:
1. creates a fresh PostgreSQL database (default ``grunderhus_bench``), migrates it and fills it
   with ``manage.py load_demo`` (when that command exists; otherwise a home page), then tops the
   Norwegian news index up to 30 articles so the list pages carry a realistic load;
2. collects static files into a temporary folder (the manifest storage needs them);
3. starts gunicorn (``grunderhus.settings.production``, DEBUG off, no HTTPS redirect) on
   127.0.0.1 with 2-4 sync workers;
4. drives 8 concurrent connections for 10 s at each URL with wrk (``apt-get install wrk``):
   ``/healthz`` (the trivial view), the home page ``/nb/`` and the news index, each page
   both as anonymous visitors get it (page cache) and rendered (a query string bypasses the
   cache);
5. prints throughput, p50/p95/p99 latency, the ratio home/trivial, and the number of SQL
   queries each page makes, then stops gunicorn.

Usage (from the repository root, PostgreSQL on 127.0.0.1 as user postgres)::

    .venv/bin/python bench/http_load.py [--workers 3] [--connections 8] [--duration 10]

Targets: home page throughput >= 0.5 x the trivial view's; p95 < 100 ms at 8 connections.
Results are recorded in docs/benchmarks.md.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, errors))
end
"""

FILL = """
import datetime, json
from wagtail.models import Locale, Page, Site
from home.models import HomePage, NewsIndexPage, NewsPage

nb, _ = Locale.objects.get_or_create(language_code="nb")
home = HomePage.objects.filter(locale=nb).first()
if home is None:
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="RE Gründerhus", slug="hjem", locale=nb))
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.save()
index = NewsIndexPage.objects.filter(locale=nb).first()
if index is None:
    index = home.add_child(instance=NewsIndexPage(title="Nyheter", slug="nyheter", locale=nb))
    index.save_revision().publish()
have = NewsPage.objects.child_of(index).count()
for n in range(have, 30):
    page = index.add_child(instance=NewsPage(
        title=f"Nyhet fra huset nummer {n + 1}", slug=f"bench-nyhet-{n + 1}", locale=nb,
        date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        intro="Kort ingress om det som skjer i RE Gründerhus.",
        body=[("paragraph", "<p>Brødtekst fra huset i Asker sentrum.</p>")],
    ))
    page.save_revision().publish()
print("BENCH-URLS " + json.dumps({"news": index.get_url(), "home": home.get_url()}))
"""

QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for path in PATHS:
    client.get(path)  # warm caches, as a running server would have them
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    counts[path] = [status, len(ctx.captured_queries)]
print("BENCH-QUERIES " + json.dumps(counts))
"""


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, text=True, **kwargs)


def manage(env, *args, capture=False):
    try:
        return run([PYTHON, "manage.py", *args], env, capture_output=capture)
    except subprocess.CalledProcessError as error:
        sys.stderr.write((error.stdout or "") + (error.stderr or ""))
        raise


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def wrk(url, *, connections, duration, script):
    threads = max(1, min(connections, 2))
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = next(line for line in out.splitlines() if line.startswith("BENCH ")).split()[1:]
    requests, duration_us, p50, p95, p99, status_errors, socket_errors = map(int, fields)
    return {
        "rps": requests / (duration_us / 1_000_000),
        "requests": requests,
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "non_2xx_3xx": status_errors,
        "socket_errors": socket_errors,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="grunderhus_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    static_root = tempfile.mkdtemp(prefix="grunderhus-bench-static-")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="grunderhus.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"{args.pg}/{args.database}",
        STATIC_ROOT=static_root,
        MEDIA_ROOT=str(Path(static_root) / "media"),
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url

    host = args.pg.split("@")[-1].split(":")[0]
    print(f"==> Fresh database {args.database}")
    subprocess.run(
        ["dropdb", "--if-exists", "-h", host, "-U", "postgres", args.database], check=True
    )
    subprocess.run(["createdb", "-h", host, "-U", "postgres", args.database], check=True)
    manage(env, "migrate", "--noinput", "-v0")
    if (
        subprocess.run(
            [PYTHON, "manage.py", "help", "load_demo"], cwd=ROOT, env=env, capture_output=True
        ).returncode
        == 0
    ):
        print("==> load_demo")
        manage(env, "load_demo", capture=True)
    fill = manage(env, "shell", "-c", FILL, capture=True).stdout
    urls = json.loads(fill.split("BENCH-URLS ", 1)[1].splitlines()[0])
    manage(env, "collectstatic", "--noinput", "-v0")

    base = f"http://127.0.0.1:{args.port}"
    # Anonymous visitors get public pages from the page cache; a query string bypasses it, so
    # the "rendered" rows show what a page costs when it is built (signed-in visitors, misses).
    paths = {
        "trivial (/healthz)": "/healthz",
        "home": urls["home"],
        "news index": urls["news"],
        "home, rendered": urls["home"] + "?bench=1",
        "news index, rendered": urls["news"] + "?bench=1",
    }
    queries_out = manage(
        env, "shell", "-c", f"PATHS = {list(paths.values())!r}\n{QUERIES}", capture=True
    ).stdout
    queries = json.loads(queries_out.split("BENCH-QUERIES ", 1)[1].splitlines()[0])

    print(f"==> gunicorn with {args.workers} workers on {base}")
    gunicorn = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "grunderhus.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    results = {}
    try:
        wait_until_up(base + "/healthz")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        for name, path in paths.items():
            for _ in range(20):  # warm every worker
                urllib.request.urlopen(base + path, timeout=10).read()
            print(f"==> wrk {args.connections} connections x {args.duration} s: {path}")
            results[name] = wrk(
                base + path,
                connections=args.connections,
                duration=args.duration,
                script=script.name,
            )
        os.unlink(script.name)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    info = machine()
    print()
    print(
        f"Machine: {info['nproc']} CPU ({info['cpu']}), {info['ram_gib']} GiB RAM, "
        f"Python {info['python']}, {info['date']}"
    )
    print(
        f"gunicorn {args.workers} sync workers, wrk {args.connections} connections, "
        f"{args.duration} s per URL, PostgreSQL, DEBUG off"
    )
    print()
    print("| URL | req/s | p50 ms | p95 ms | p99 ms | SQL queries | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, path in paths.items():
        r = results[name]
        errors = r["non_2xx_3xx"] + r["socket_errors"]
        print(
            f"| {name} `{path}` | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {queries[path][1]} | {errors} |"
        )
    ratio = results["home"]["rps"] / results["trivial (/healthz)"]["rps"]
    print()
    print(f"home / trivial throughput: {ratio:.2f} (target >= 0.5)")
    rendered = results["home, rendered"]["rps"] / results["trivial (/healthz)"]["rps"]
    print(f"home rendered (no page cache) / trivial: {rendered:.2f}")
    worst_p95 = max(results[name]["p95_ms"] for name in ("trivial (/healthz)", "home"))
    print(f"worst p95 of trivial and home: {worst_p95:.1f} ms (target < 100 ms)")
    if args.json:
        print(json.dumps({"machine": info, "results": results, "queries": queries}, indent=2))
    ok = ratio >= 0.5 and worst_p95 < 100
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
