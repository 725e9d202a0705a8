"""Tasks travel through a real Celery worker on the configured broker: Redis when REDIS_URL is
set (CI), otherwise kombu's filesystem transport in a temporary folder. Elsewhere tests run
tasks eagerly; here eager mode is off, so a task is serialised, queued, consumed and run."""

import threading
import time
import uuid

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from kombu import pools

from community.tasks import heartbeat
from grunderhus.celery import app

pytestmark = pytest.mark.broker

_seen = []
_seen_changed = threading.Condition()


@shared_task(name="tests.celery_worker.record")
def record(token):
    with _seen_changed:
        _seen.append(token)
        _seen_changed.notify_all()


def wait_for(token, timeout=20):
    deadline = time.monotonic() + timeout
    with _seen_changed:
        while token not in _seen:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _seen_changed.wait(left)
    return True


def drop_pooled_connections():
    """Producers are pooled per broker URL, not per transport options: without this, messages
    would still go to the folder of the previous test's broker."""
    pools.reset()
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(tmp_path):
    """A worker thread consuming a queue of its own (so a worker of a running site never takes
    these messages), with eager execution switched off. Yields the queue's name."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_transport_options")}
    app.conf.task_always_eager = False
    if not settings.REDIS_URL:
        folder = tmp_path / "broker"
        folder.mkdir()
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "store_processed": False,
        }
    drop_pooled_connections()
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield queue
    finally:
        for key, value in saved.items():
            app.conf[key] = value
        drop_pooled_connections()


def test_broker_is_the_configured_one(worker):
    expected = "redis" if settings.REDIS_URL else "filesystem"
    with app.connection_for_write() as connection:
        assert connection.transport_cls == expected


def test_heartbeat_runs_on_a_real_worker(worker):
    cache.delete("celery:heartbeat")

    result = heartbeat.apply_async(queue=worker)

    assert result.id
    deadline = time.monotonic() + 20
    while cache.get("celery:heartbeat") is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.get("celery:heartbeat") is not None


def test_a_task_gets_its_arguments_through_the_broker(worker):
    token = f"token-{uuid.uuid4()}"

    record.apply_async((token,), queue=worker)

    assert wait_for(token)


@pytest.mark.django_db(transaction=True)
def test_work_is_queued_only_when_the_transaction_commits(worker):
    committed, rolled_back, marker = (f"{name}-{uuid.uuid4()}" for name in "crm")

    with transaction.atomic():
        transaction.on_commit(lambda: record.apply_async((committed,), queue=worker))
        time.sleep(0.3)
        assert committed not in _seen  # nothing reaches the broker before the commit
    assert wait_for(committed)

    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: record.apply_async((rolled_back,), queue=worker))
        raise RuntimeError("the write failed")
    # One worker, one queue, first in first out: once the marker ran, anything queued before
    # it has run too.
    record.apply_async((marker,), queue=worker)
    assert wait_for(marker)
    assert rolled_back not in _seen
