"""Wrong methods and forged input on the event pages and the events admin."""

import pytest
from django.test import override_settings

from community import roles
from events.models import Event
from tests.factories.community import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_event_page_answers_other_methods_with_405(client, index_pages, method):
    event = EventFactory()
    response = getattr(client, method)(f"/nb/arrangementer/{event.slug}/")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}


def test_the_event_page_still_answers_get_and_head(client, index_pages):
    event = EventFactory()
    assert client.get(f"/nb/arrangementer/{event.slug}/").status_code == 200
    assert client.head(f"/nb/arrangementer/{event.slug}/").status_code == 200


@pytest.mark.parametrize("token", ["%00", "a%00b", "x" * 2000])
def test_forged_tokens_are_refused(client, index_pages, token):
    for path in ("bekreft", "pamelding"):
        assert client.get(f"/nb/arrangementer/{path}/{token}/").status_code in (400, 404)
        assert client.post(f"/nb/arrangementer/{path}/{token}/").status_code in (400, 404)


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(role=roles.STAFF))
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False):
        yield client


def test_staff_search_events_while_filtering_the_list(staff_client):
    EventFactory(title="Sirkulærkonferansen", title_en="Circular conference")
    for query in ({"q": "Sirk"}, {"q": "Circular", "status": "published"}, {"q": "x"}):
        response = staff_client.get("/admin/snippets/events/event/results/", query)
        assert response.status_code == 200
    assert "Sirkulærkonferansen" in staff_client.get(
        "/admin/snippets/events/event/results/", {"q": "Circular"}
    ).content.decode("utf-8")


def test_check_in_keeps_a_search_that_is_text_and_drops_one_that_is_not(staff_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    url = f"/admin/arrangementer/{event.pk}/innsjekk/{registration.pk}/"
    kept = staff_client.post(url, {"q": "Kari"})
    assert kept["Location"].endswith(f"?q=Kari#person-{registration.pk}")
    dropped = staff_client.post(url, {"action": "undo", "q": "Ka\x00ri"})
    assert dropped["Location"].endswith(f"innsjekk/#person-{registration.pk}")


def test_a_superuser_deleting_an_event_with_registrations_is_told_why_not(client):
    event = EventFactory()
    RegistrationFactory(event=event)
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/snippets/events/event/delete/{event.pk}/"
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False):
        response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "kan ikke slettes" in response.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_superuser_may_still_delete_an_event_nobody_registered_for(client):
    event = EventFactory(status=Event.Status.DRAFT)
    client.force_login(UserFactory(is_superuser=True))
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False):
        client.post(f"/admin/snippets/events/event/delete/{event.pk}/")
    assert not Event.objects.filter(pk=event.pk).exists()
