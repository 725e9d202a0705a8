import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task
def heartbeat():
    """Proves the worker and beat are alive: records when it last ran."""
    now = timezone.now()
    cache.set("celery:heartbeat", now.isoformat(), timeout=None)
    log.info("heartbeat at %s", now.isoformat())
    return now.isoformat()


@shared_task
def seat_offers_expire():
    """Frees desks held for offers whose answer deadline has passed (safe to run twice)."""
    from .services import seat_offers_expire as expire

    return expire()


@shared_task
def memberships_end_due():
    """Makes alumni of members whose last desk allocation has ended (safe to run twice)."""
    from .services import memberships_end_due as end_due

    return end_due()
