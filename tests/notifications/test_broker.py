"""End to end on a real broker: beat's dispatcher task, a real worker, a mail in the outbox.

The broker is REDIS_URL when set (CI), else kombu's filesystem transport in a private folder,
so the test runs everywhere without touching anyone else's queue.
"""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone

from grunderhus.celery import app
from notifications import services, tasks
from notifications.models import Notification
from tests.factories.community import UserFactory

from .conftest import sent_ids

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def reset_pools():
    """Drop cached broker connections so the next ones use the current settings."""
    from kombu import pools

    pools.reset()  # kombu keeps producer pools per connection, process-wide
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def real_broker(tmp_path):
    saved = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "broker_transport_options": app.conf.broker_transport_options,
    }
    app.conf.task_always_eager = False
    if not settings.REDIS_URL:
        for sub in ("queue", "processed"):
            (tmp_path / sub).mkdir()
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {
            "data_folder_in": str(tmp_path / "queue"),
            "data_folder_out": str(tmp_path / "queue"),
            "processed_folder": str(tmp_path / "processed"),
            "store_processed": False,
        }
    reset_pools()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset_pools()


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_real_worker_delivers_a_due_reminder(real_broker):
    user = UserFactory(preferred_language="en")
    row = services.notification_schedule(
        kind="tests.reminder",
        subject=user,
        recipient=user,
        due_at=timezone.now() - timedelta(seconds=5),
    )
    with start_worker(real_broker, perform_ping_check=False, shutdown_timeout=30):
        result = tasks.notifications_dispatch_due.delay()  # what beat sends every minute
        assert result.id
        assert wait_for(lambda: len(mail.outbox) >= 1), "no mail delivered by the worker"
        assert wait_for(
            lambda: Notification.objects.get(pk=row.pk).state == Notification.State.SENT
        )
        # Beat's next tick finds nothing left to send.
        tasks.notifications_dispatch_due.delay()
        time.sleep(1)
    assert sent_ids(mail.outbox) == [row.pk]
    assert mail.outbox[0].to == [user.email]
