"""Demo data for ``manage.py load_demo``: the demo member and mentor each get a personal
calendar address, so "Min side" shows a working feed. Idempotent (one feed per user).

No outbox rows are made: the demo's bookings plan their own reminders through the services.
"""

from django.contrib.auth import get_user_model

from .models import CalendarFeed

DEMO_FEED_USERS = ["entreprenor@demo.grunderhus.no", "mentor@demo.grunderhus.no"]


def load(stdout=None):
    users = get_user_model().objects.filter(email__in=DEMO_FEED_USERS)
    made = 0
    for user in users:
        _feed, created = CalendarFeed.objects.get_or_create(user=user)
        made += created
    if stdout is not None:
        stdout.write(f"notifications: {made} calendar feed address(es) made")
