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


def staff_work_items(request):
    """The staff start page's events item: this week's events with their registrations."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from community.staff_work import WorkItem, WorkLink
    from notifications.templatetags.notification_tags import oslo_format

    events = list(selectors.events_this_week())
    links = []
    for event in events:
        if event.capacity is None:
            seats = _("%(taken)s registered") % {"taken": event.seats_taken}
        else:
            seats = _("%(taken)s of %(capacity)s places taken") % {
                "taken": event.seats_taken,
                "capacity": event.capacity,
            }
        if event.waiting:
            seats += ", " + _("%(waiting)s on the waiting list") % {"waiting": event.waiting}
        links.append(
            WorkLink(
                label=str(event.tr("title")),
                url=reverse("events_admin:registrations", args=[event.pk]),
                detail=f"{oslo_format(event.start)}: {seats}",
            )
        )
    return [
        WorkItem(
            label=_("Events this week"),
            count=len(events),
            url=reverse("events_admin:overview"),
            empty_text=_("No events this week"),
            links=links,
        )
    ]
