"""The fault tests: what the platform does when Redis, PostgreSQL, beat or the mail server
fail. Every test here carries the ``faults`` marker; the ones that stop servers start private
ones of their own (tests/faults/servers.py) and skip, saying why, where the binaries are missing.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from grunderhus import outages

from .servers import REDIS_SERVER, PostgresCluster, RedisServer, Stack, postgres_bin_dir

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(autouse=True)
def _outages_forgotten():
    """Breakers and the once-a-minute log start closed and silent in every test."""
    outages.reset()
    yield
    outages.reset()


@pytest.fixture(scope="session")
def private_postgres():
    if postgres_bin_dir() is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl not found (apt-get install postgresql)")
    cluster = PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="session")
def private_workdir():
    path = Path(tempfile.mkdtemp(prefix="grunderhus-faults-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def private_redis(private_workdir):
    if REDIS_SERVER is None:
        pytest.skip("redis-server not found: apt-get install redis-server")
    server = RedisServer(private_workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def stack(request, private_postgres, private_workdir):
    """The platform's database on the private cluster, migrated and seeded; Redis private too,
    or, without redis-server, none (the filesystem broker): the restart tests need no Redis."""
    private_postgres.create_database("grunderhus_faults")
    redis_url = "" if REDIS_SERVER is None else request.getfixturevalue("private_redis").url(0)
    stack = Stack(
        database_url=private_postgres.url("grunderhus_faults"),
        redis_url=redis_url,
        workdir=private_workdir,
    )
    stack.mail_dir.mkdir(parents=True, exist_ok=True)
    stack.manage("migrate", "--noinput", "-v0")
    stack.world = stack.seed(members=3, events=3)
    return stack


@pytest.fixture
def redis_restored(private_redis):
    """Whatever the test does to Redis, it runs again afterwards."""
    yield private_redis
    if not private_redis.running:
        private_redis.start()


@pytest.fixture
def postgres_restored(private_postgres):
    yield private_postgres
    try:
        private_postgres.accepts()
    except Exception:
        private_postgres.start()
