from datetime import UTC, datetime

import icalendar
import pytest
from django.urls import reverse

from notifications import calendar
from notifications.calendar import FeedItem, register_feed_provider, unregister_feed_provider
from notifications.models import CalendarFeed, ReminderOptOut
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db

PREFS = "/nb/min-side/varsler/"
ROTATE = "/nb/min-side/varsler/kalenderadresse/"


def test_urls_are_norwegian_under_the_language_prefix():
    assert reverse("notifications_preferences") == PREFS
    assert reverse("notifications_feed_rotate") == ROTATE
    assert reverse("notifications_feed", args=["abc"]) == "/nb/kalender/abc.ics"


def test_preferences_need_login(client):
    response = client.get(PREFS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post(ROTATE).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_preferences_list_the_optional_kinds_only(client, user):
    client.force_login(user)
    response = client.get(PREFS)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Test reminder" in content
    assert "Test confirmation" not in content  # transactional: not a choice
    assert 'value="tests.reminder"' in content and "checked" in content
    assert "Påminnelser og kalender" in content


def test_switching_a_reminder_off_and_on(client, user):
    client.force_login(user)
    response = client.post(PREFS, {})
    assert response.status_code == 302
    assert ReminderOptOut.objects.filter(user=user, kind="tests.reminder").exists()
    client.post(PREFS, {"kinds": ["tests.reminder"]})
    assert not ReminderOptOut.objects.filter(kind="tests.reminder").exists()


def test_bad_input_answers_with_a_message_and_saves_nothing(client, user):
    client.force_login(user)
    response = client.post(PREFS, {"kinds": ["tests.confirmation", "nope"]})
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not ReminderOptOut.objects.exists()


def test_the_dashboard_shows_the_panel(client, user):
    client.force_login(user)
    content = client.get("/nb/min-side/").content.decode()
    assert 'id="notifications-heading"' in content
    assert PREFS in content


def test_feed_address_is_made_rotated_and_the_old_one_revoked(client, user):
    client.force_login(user)
    assert client.get(ROTATE).status_code == 405
    client.post(ROTATE)
    first = CalendarFeed.objects.get(user=user).token
    assert first in client.get(PREFS).content.decode()
    assert client.get(f"/nb/kalender/{first}.ics").status_code == 200
    client.post(ROTATE)
    second = CalendarFeed.objects.get(user=user).token
    assert second != first
    assert client.get(f"/nb/kalender/{first}.ics").status_code == 404
    assert client.get(f"/nb/kalender/{second}.ics").status_code == 200


def test_feed_shows_only_the_owners_items(client, monkeypatch):
    owner, other = UserFactory(), UserFactory()
    start = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)

    def provider(user):
        return [FeedItem(uid=f"u{user.pk}@x", summary=f"For {user.pk}", start=start, end=start)]

    monkeypatch.setattr(calendar, "_providers", {})
    register_feed_provider("tests.feed", provider)
    try:
        feed = CalendarFeed.objects.create(user=owner)
        CalendarFeed.objects.create(user=other)
        response = client.get(f"/nb/kalender/{feed.token}.ics")
    finally:
        unregister_feed_provider("tests.feed")
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"u{owner.pk}@x"]


def test_an_unknown_or_inactive_feed_is_404(client):
    assert client.get("/nb/kalender/not-a-token.ics").status_code == 404
    feed = CalendarFeed.objects.create(user=UserFactory(is_active=False))
    assert client.get(f"/nb/kalender/{feed.token}.ics").status_code == 404


def test_demo_gives_demo_users_a_feed_once():
    from notifications import demo

    UserFactory(email="entreprenor@demo.grunderhus.no")
    demo.load(stdout=None)
    demo.load(stdout=None)
    assert CalendarFeed.objects.count() == 1
