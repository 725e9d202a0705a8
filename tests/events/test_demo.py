import io

import pytest
from django.core.management import call_command

from events.models import Event, EventIndexPage, Registration

pytestmark = pytest.mark.django_db


def test_load_demo_builds_events_and_is_idempotent(client):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Event.objects.count(), Registration.objects.count(), EventIndexPage.objects.count())
    assert counts[0] == 4 and counts[2] == 2
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        EventIndexPage.objects.count(),
    ) == counts
    html = client.get("/nb/arrangementer/").content.decode()
    assert "Den Store Sirkulærkonferansen" in html
    assert client.get("/en/arrangementer/den-store-sirkulaerkonferansen/").status_code == 200
    full = Event.objects.get(slug="reiseliv-mote")
    assert full.registrations.filter(status="waitlisted").count() == 1
