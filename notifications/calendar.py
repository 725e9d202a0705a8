"""Calendar files (.ics): one booking as an invitation, and each user's personal feed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//RE Gründerhus//grunderhus.no//NB"


@dataclass
class FeedItem:
    uid: str
    summary: str
    start: datetime
    end: datetime
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


_providers: dict[str, Callable] = {}


def register_feed_provider(key: str, provider: Callable[..., Iterable[FeedItem]]) -> None:
    """Add a source of items to every user's personal calendar feed (call in AppConfig.ready())."""
    _providers[key] = provider


def unregister_feed_provider(key: str) -> None:
    _providers.pop(key, None)


def feed_items_for(user) -> list[FeedItem]:
    items: list[FeedItem] = []
    for key in sorted(_providers):
        items.extend(_providers[key](user))
    return sorted(items, key=lambda item: (item.start, item.uid))


def _utc(value: datetime) -> datetime:
    if timezone.is_naive(value):
        raise ValueError("calendar times must be timezone-aware")
    return value.astimezone(UTC)


def _calendar(method: str | None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _event(
    *,
    uid: str,
    sequence: int,
    summary: str,
    start: datetime,
    end: datetime,
    location: str = "",
    description: str = "",
    url: str = "",
    organizer_email: str | None = None,
    attendee_emails: Iterable[str] = (),
    cancelled: bool = False,
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", int(sequence))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", _utc(start))
    event.add("dtend", _utc(end))
    event.add("summary", str(summary))
    if location:
        event.add("location", str(location))
    if description:
        event.add("description", str(description))
    if url:
        event.add("url", url)
    # None: the house's own address; "": no organizer (a subscribed feed is not an invitation).
    organizer = _default_organizer() if organizer_email is None else organizer_email
    if organizer:
        event.add("organizer", f"mailto:{organizer}", parameters={"CN": _site_name()})
    for email in attendee_emails:
        event.add(
            "attendee",
            f"mailto:{email}",
            parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"},
        )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _site_name() -> str:
    return getattr(settings, "WAGTAIL_SITE_NAME", "RE Gründerhus")


def _default_organizer() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def ics_event(
    *,
    uid: str,
    sequence: int,
    summary: str,
    start: datetime,
    end: datetime,
    method: str = "REQUEST",
    location: str = "",
    description: str = "",
    url: str = "",
    organizer_email: str = "",
    attendee_emails: Iterable[str] = (),
    cancelled: bool = False,
) -> bytes:
    """One VCALENDAR with METHOD and one VEVENT; times in UTC; the caller keeps UID stable."""
    method = method.upper()
    if method not in {"REQUEST", "CANCEL", "PUBLISH"}:
        raise ValueError(f"unsupported METHOD {method!r}")
    cal = _calendar(method)
    cal.add_component(
        _event(
            uid=uid,
            sequence=sequence,
            summary=summary,
            start=start,
            end=end,
            location=location,
            description=description,
            url=url,
            organizer_email=organizer_email or None,
            attendee_emails=attendee_emails,
            cancelled=cancelled or method == "CANCEL",
        )
    )
    return cal.to_ical()


def ics_feed(*, items: Iterable[FeedItem], name: str) -> bytes:
    """A subscribable calendar (no METHOD) listing ``items``."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for item in items:
        cal.add_component(
            _event(
                uid=item.uid,
                sequence=0,
                summary=item.summary,
                start=item.start,
                end=item.end,
                location=item.location,
                description=item.description,
                url=item.url,
                organizer_email="",
                cancelled=item.cancelled,
            )
        )
    return cal.to_ical()
