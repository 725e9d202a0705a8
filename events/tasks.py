"""Background work for events: thin wrappers that load fresh rows and call a service."""

from celery import shared_task

from . import services


@shared_task
def guests_expire():
    """Beat: remove guest registrations never confirmed by e-mail."""
    return services.guests_expire()
