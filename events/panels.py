"""What events contribute to other apps' pages: the home page slot, Min side, the feed."""

from django.conf import settings
from django.utils import translation

from . import selectors

HOME_SLOT_EVENTS = 3


def home_upcoming_slot(request, page):
    events = list(selectors.events_upcoming(limit=HOME_SLOT_EVENTS))
    return "events/includes/home_slot.html", {"events": events}


def dashboard_panel(request):
    if not request.user.is_authenticated:
        return None
    registrations = selectors.registrations_for_user(user=request.user)
    return "events/includes/dashboard_panel.html", {"registrations": registrations}


def personal_feed_items(user):
    from notifications.calendar import FeedItem

    from .models import Event

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    language = user.preferred_language or "nb"
    items = []
    for registration in selectors.feed_items_for_user(user):
        event = registration.event
        with translation.override(language):
            summary, description = str(event.tr("title")), str(event.tr("summary"))
        items.append(
            FeedItem(
                uid=registration.ics_uid,
                summary=summary,
                start=event.start,
                end=event.end,
                location=event.venue,
                description=description,
                url=base + event.get_absolute_url(language),
                cancelled=event.status == Event.Status.CANCELLED,
            )
        )
    return items
