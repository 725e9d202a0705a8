"""Celery tasks: thin wrappers that take ids, load fresh rows and call services."""

from celery import shared_task
from django.conf import settings

from . import services

# One dispatcher run claims at most this many rows, so a backlog drains over several minutes
# instead of one run holding the beat slot.
MAX_PER_RUN = getattr(settings, "NOTIFICATIONS_MAX_PER_RUN", 20_000)


@shared_task(name="notifications.dispatch_due", ignore_result=True)
def notifications_dispatch_due():
    """Every minute (beat): claim due rows in small batches and queue one send task per batch."""
    claimed = 0
    while claimed < MAX_PER_RUN:
        ids, token = services.notifications_claim_due()
        if not ids:
            break
        if not services.notifications_queue_claimed(ids=ids, token=token):
            break  # the broker is away; the claim is released and the next run tries again
        claimed += len(ids)
    return claimed


@shared_task(name="notifications.send_batch", acks_late=True, ignore_result=True)
def notifications_send_batch(ids, token):
    """Send a claimed batch; a repeated delivery finds the rows sent and does nothing."""
    return services.notifications_send_claimed(ids=ids, token=token)
