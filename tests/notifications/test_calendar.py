from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from notifications.calendar import (
    FeedItem,
    feed_items_for,
    ics_event,
    ics_feed,
    register_feed_provider,
    unregister_feed_provider,
)

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2027, 5, 24, 9, 0, tzinfo=OSLO)
END = datetime(2027, 5, 24, 10, 30, tzinfo=OSLO)


def invite(**kwargs):
    values = {
        "uid": "mentoring-session-7@grunderhus.no",
        "sequence": 0,
        "summary": "Mentormøte",
        "start": START,
        "end": END,
    }
    values.update(kwargs)
    return ics_event(**values)


def test_an_invitation_is_one_request_event_in_utc():
    raw = invite(location="Gründerhuset", attendee_emails=["kari@example.no"])
    assert b"DTSTART:20270524T070000Z" in raw
    assert b"DTEND:20270524T083000Z" in raw
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["METHOD"] == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert event["UID"] == "mentoring-session-7@grunderhus.no"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Mentormøte"
    assert str(event["ATTENDEE"]) == "mailto:kari@example.no"
    assert str(event["ORGANIZER"]).startswith("mailto:")


def test_a_change_keeps_the_uid_and_bumps_the_sequence_and_a_cancel_says_so():
    first = icalendar.Calendar.from_ical(invite()).walk("VEVENT")[0]
    moved = icalendar.Calendar.from_ical(invite(sequence=1)).walk("VEVENT")[0]
    cancel = icalendar.Calendar.from_ical(invite(sequence=2, method="CANCEL"))
    assert first["UID"] == moved["UID"] == cancel.walk("VEVENT")[0]["UID"]
    assert moved["SEQUENCE"] == 1
    assert cancel["METHOD"] == "CANCEL"
    assert cancel.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_invalid_input_is_refused():
    with pytest.raises(ValueError):
        invite(method="PUBLISHED")
    with pytest.raises(ValueError):
        invite(start=datetime(2027, 5, 24, 9, 0))


def test_the_feed_lists_every_providers_items_in_time_order(monkeypatch):
    from notifications import calendar

    monkeypatch.setattr(calendar, "_providers", {})
    later = FeedItem(uid="b@x", summary="B", start=END, end=END)
    sooner = FeedItem(uid="a@x", summary="A", start=START, end=END, cancelled=True)
    register_feed_provider("tests.one", lambda user: [later])
    register_feed_provider("tests.two", lambda user: [sooner])
    try:
        items = feed_items_for(object())
    finally:
        unregister_feed_provider("tests.one")
        unregister_feed_provider("tests.two")
    assert [i.uid for i in items] == ["a@x", "b@x"]
    cal = icalendar.Calendar.from_ical(ics_feed(items=items, name="RE Gründerhus"))
    assert "METHOD" not in cal
    events = cal.walk("VEVENT")
    assert [e["STATUS"] for e in events] == ["CANCELLED", "CONFIRMED"]
    assert all("ORGANIZER" not in e for e in events)
    assert events[0].decoded("DTSTART") == START.astimezone(UTC)
