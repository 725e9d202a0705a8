"""Benchmark: the public home page against a trivial view, in requests per second.

Run: .venv/bin/python bench/public_home.py
Builds a throwaway SQLite database with the demo site (``load_demo``), warms both URLs up
(renditions are made on the first view), then serves each URL through the full middleware
stack with Django's test client, several rounds, alternating. Target: the home page keeps at
least half of the trivial view's throughput. Anonymous visitors get the page cache
(home/page_cache.py); the fully rendered page is measured too.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TMP = tempfile.mkdtemp(prefix="gh-bench-")
os.environ["GRUNDERHUS_VAR_DIR"] = TMP
os.environ["MEDIA_ROOT"] = str(Path(TMP) / "media")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grunderhus.settings.dev")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TRIVIAL = "/healthz"
HOME = "/nb/"


def rate(client, url, seconds):
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        n += 1
    return n / (time.perf_counter() - t0)


def main(rounds=5, seconds=2.0):
    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client = Client(HTTP_HOST="localhost")
    for url in (TRIVIAL, HOME):
        client.get(url)
    from django.db import connection
    from django.test import override_settings

    trivial, home, uncached = [], [], []
    for _ in range(rounds):
        trivial.append(rate(client, TRIVIAL, seconds))
        home.append(rate(client, HOME, seconds))
        with override_settings(GRUNDERHUS_HOME_CACHE_SECONDS=0):
            uncached.append(rate(client, HOME, seconds))
    with (
        override_settings(GRUNDERHUS_HOME_CACHE_SECONDS=0),
        CaptureQueriesContext(connection) as ctx,
    ):
        client.get(HOME)
    t, h, u = (statistics.median(x) for x in (trivial, home, uncached))
    print(
        f"trivial view {TRIVIAL}: median {t:.0f} req/s; home page {HOME}: median {h:.0f} req/s "
        f"for anonymous visitors (page cache), ratio {h / t:.2f} (target >= 0.50); rendered "
        f"without the cache: median {u:.0f} req/s, {len(ctx.captured_queries)} queries"
    )
    return h / t


if __name__ == "__main__":
    main()
