"""Exactly once under concurrency, on PostgreSQL: real threads, real row locks."""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Notification
from tests.factories.community import UserFactory

from .conftest import sent_ids

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def make_due_rows(count):
    users = [UserFactory() for _ in range(5)]
    content_type = ContentType.objects.get_for_model(users[0])
    due = timezone.now() - timedelta(minutes=1)
    Notification.objects.bulk_create(
        Notification(
            kind="tests.reminder",
            content_type=content_type,
            object_id=str(users[i % 5].pk),
            recipient=users[i % 5],
            offset=str(i),
            due_at=due,
            next_attempt_at=due,
        )
        for i in range(count)
    )
    return set(Notification.objects.values_list("pk", flat=True))


def run_in_threads(target, count=2):
    barrier = threading.Barrier(count)
    errors = []

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


class SlowSMTP(EmailBackend):
    """A mail server that takes a moment per message, as a real one does."""

    def send_messages(self, messages):
        time.sleep(0.002)
        return super().send_messages(messages)


def test_two_dispatchers_send_each_of_1000_rows_exactly_once():
    ids = make_due_rows(1000)
    run_in_threads(lambda: tasks.notifications_dispatch_due.apply())
    counts = Counter(sent_ids(mail.outbox))
    assert set(counts) == ids
    assert max(counts.values()) == 1
    assert Notification.objects.filter(state="sent").count() == 1000


def _deliver_same_batch_twice():
    """Redis redelivers a batch while the first worker is still sending it."""
    ids = sorted(make_due_rows(200))
    claimed, token = services.notifications_claim_due(limit=200)
    assert sorted(claimed) == ids
    run_in_threads(lambda: services.notifications_send_claimed(ids=claimed, token=token))
    return Counter(sent_ids(mail.outbox))


def test_two_deliveries_of_one_batch_send_each_row_once(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_concurrency.SlowSMTP"
    counts = _deliver_same_batch_twice()
    assert len(counts) == 200
    assert max(counts.values()) == 1


def test_without_the_row_lock_a_redelivered_batch_sends_duplicates(settings, monkeypatch):
    """The control: switch the send step's row lock off and the same race sends twice."""
    settings.EMAIL_BACKEND = "tests.notifications.test_concurrency.SlowSMTP"
    monkeypatch.setattr(services, "USE_ROW_LOCKS", False)
    counts = _deliver_same_batch_twice()
    assert len(counts) == 200
    assert max(counts.values()) == 2
