from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Notification
from notifications.registry import NotificationKind, register_kind, unregister_kind


@pytest.fixture
def kind():
    k = NotificationKind(
        key="tests.smoke",
        label="Smoke",
        template_prefix="notifications/email/generic",
        get_context=lambda n: {"title": "Hei", "starts_at": n.due_at},
    )
    register_kind(k)
    yield k
    unregister_kind(k.key)


@pytest.mark.django_db
def test_schedule_dispatch_send(kind, user):
    due = timezone.now() - timedelta(minutes=1)
    row = services.notification_schedule(kind=kind.key, subject=user, recipient=user, due_at=due)
    again = services.notification_schedule(kind=kind.key, subject=user, recipient=user, due_at=due)
    assert row.pk == again.pk
    assert tasks.notifications_dispatch_due.delay()
    assert len(mail.outbox) == 1
    assert Notification.objects.get().state == "sent"
