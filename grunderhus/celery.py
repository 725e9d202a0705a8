"""The Celery app. Broker and options come from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grunderhus.settings.dev")

app = Celery("grunderhus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule is code: one short periodic task per concern, never long ETA tasks in the
# broker (Redis would redeliver them after the visibility timeout). Apps add their entries in
# BEAT_SCHEDULE below as they grow.
app.conf.beat_schedule = {
    "heartbeat": {"task": "community.tasks.heartbeat", "schedule": 300.0},
    # Claims due outbox rows and queues their send tasks; expires so a stalled beat never
    # piles up a backlog of dispatcher runs.
    "notifications-dispatch": {
        "task": "notifications.dispatch_due",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Guest event registrations never confirmed by e-mail within 24 hours are removed.
    "events-guests-expire": {
        "task": "events.tasks.guests_expire",
        "schedule": 900.0,
        "options": {"expires": 600},
    },
    # Members whose last desk allocation ended become alumni, a few minutes after midnight
    # (Europe/Oslo, CELERY_TIMEZONE); hourly, so a stopped beat catches up within the hour.
    "memberships-end-due": {
        "task": "community.tasks.memberships_end_due",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Desks held for seat offers whose answer deadline has passed are freed again.
    "seats-offers-expire": {
        "task": "community.tasks.seat_offers_expire",
        "schedule": 900.0,
        "options": {"expires": 600},
    },
}
