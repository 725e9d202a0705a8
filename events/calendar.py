"""Public calendar files: one event ("add to calendar") and the feed of all events."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as VEvent


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", "-//RE Gründerhus//arrangementer//NB")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    return cal


def _vevent(event):
    from .models import Event

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    item = VEvent()
    item.add("uid", f"event-{event.pk}@grunderhus.no")
    item.add("sequence", event.sequence)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start.astimezone(UTC))
    item.add("dtend", event.end.astimezone(UTC))
    item.add("summary", str(event.tr("title")))
    item.add("description", str(event.tr("summary")))
    item.add("location", event.venue)
    item.add("url", base + event.get_absolute_url(translation.get_language()))
    if event.status == Event.Status.CANCELLED:
        item.add("status", "CANCELLED")
    else:
        item.add("status", "CONFIRMED")
    return item


def event_ics(event) -> bytes:
    cal = _calendar(str(event.tr("title")))
    cal.add_component(_vevent(event))
    return cal.to_ical()


def events_feed(events) -> bytes:
    cal = _calendar("RE Gründerhus")
    for event in events:
        cal.add_component(_vevent(event))
    return cal.to_ical()
