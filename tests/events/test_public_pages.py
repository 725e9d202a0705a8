from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community import roles
from events import services
from events.models import Event, Registration
from tests.factories.community import UserFactory
from tests.factories.events import EventFactory, ProgrammeItemFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def event_url(event, lang="nb"):
    return f"/{lang}/arrangementer/{event.slug}/"


def register_url(event, lang="nb"):
    return f"/{lang}/arrangementer/{event.slug}/pamelding/"


# The event page's button posts to the registration address; a POST to the page itself (an
# old tab, a bookmarked form) registers the same way.
MEMBER_POST_URLS = pytest.mark.parametrize("post_url", [register_url, event_url])


def test_listing_groups_by_month_and_hides_drafts_and_past(client, index_pages):
    soon = EventFactory(title="Frokost i mai")
    later = EventFactory(start=timezone.now() + timedelta(days=70), title="Sommerfest")
    EventFactory(status=Event.Status.DRAFT, title="Hemmelig utkast")
    EventFactory(start=timezone.now() - timedelta(days=2), title="Gammelt møte")
    html = client.get("/nb/arrangementer/").content.decode()
    assert soon.title in html and later.title in html
    assert "Hemmelig utkast" not in html and "Gammelt møte" not in html
    assert html.count('<h2 id="month-') >= 2


def test_listing_filters_by_audience_and_topic(client, index_pages):
    EventFactory(title="Åpent møte", audience=Event.Audience.PUBLIC, topic=Event.Topic.NETWORK)
    EventFactory(title="Medlemsmøte", audience=Event.Audience.MEMBERS, topic=Event.Topic.CIRCULAR)
    html = client.get("/nb/arrangementer/?audience=members").content.decode()
    assert "Medlemsmøte" in html and "Åpent møte" not in html
    html = client.get("/nb/arrangementer/?topic=network").content.decode()
    assert "Åpent møte" in html and "Medlemsmøte" not in html
    assert client.get("/nb/arrangementer/?topic=<script>").status_code == 200


def test_event_page_in_both_languages_with_places_left_and_programme(client, index_pages):
    event = EventFactory(
        capacity=5, title="Den Store Sirkulærkonferansen", title_en="The Great Circular Conference"
    )
    ProgrammeItemFactory(event=event, title="Åpning", title_en="Opening", speaker="Ordfører")
    RegistrationFactory.create_batch(2, event=event)
    nb = client.get(event_url(event)).content.decode()
    assert "Den Store Sirkulærkonferansen" in nb and "Åpning" in nb and "Ordfører" in nb
    assert "3 av 5" in nb
    en = client.get(event_url(event, "en")).content.decode()
    assert "The Great Circular Conference" in en and "Opening" in en and "3 of 5" in en


def test_event_page_shows_oslo_time_with_zone(client, index_pages):
    event = EventFactory(
        start=timezone.now().replace(
            year=2027, month=5, day=24, hour=7, minute=0, second=0, microsecond=0
        ),
        end=timezone.now().replace(
            year=2027, month=5, day=25, hour=14, minute=0, second=0, microsecond=0
        ),
    )
    html = client.get(event_url(event)).content.decode()
    assert "mandag 24. mai 2027 kl. 09:00" in html and "25. mai 2027 kl. 16:00" in html
    assert "(CEST)" in html


def test_unknown_and_draft_events_are_404(client, index_pages):
    draft = EventFactory(status=Event.Status.DRAFT)
    assert client.get(event_url(draft)).status_code == 404
    assert client.get("/nb/arrangementer/finnes-ikke/").status_code == 404


def test_event_page_button_posts_to_the_registration_address(client, index_pages, member):
    event = EventFactory()
    client.force_login(member)
    html = client.get(event_url(event)).content.decode()
    assert f'action="{register_url(event)}"' in html


@MEMBER_POST_URLS
def test_member_registers_in_one_click(client, index_pages, member, post_url):
    event = EventFactory(capacity=1)
    client.force_login(member)
    response = client.post(post_url(event), follow=True)
    registration = Registration.objects.get(event=event, user=member)
    assert registration.status == Registration.Status.CONFIRMED
    assert response.redirect_chain[-1][0] == event_url(event)
    assert "Du er påmeldt" in response.content.decode()


@MEMBER_POST_URLS
def test_member_on_full_event_sees_waitlist_position(client, index_pages, member, post_url):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(member)
    html = client.post(post_url(event), follow=True).content.decode()
    assert "nummer 2 på ventelisten" in html
    assert Registration.objects.get(user=member).status == Registration.Status.WAITLISTED


@MEMBER_POST_URLS
def test_member_registering_twice_gets_a_message_and_nothing_changes(
    client, index_pages, member, post_url
):
    event = EventFactory()
    client.force_login(member)
    client.post(post_url(event))
    # A second POST (e.g. a double click or an old tab)
    html = client.post(post_url(event), follow=True).content.decode()
    assert "allerede påmeldt" in html
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_address_in_english_keeps_the_language(client, index_pages, member):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    client.force_login(member)
    response = client.post(register_url(event, "en"), follow=True)
    assert response.redirect_chain[-1][0] == event_url(event, "en")
    assert "number 1 on the waiting list" in response.content.decode()


def test_registration_address_refuses_what_it_must(client, index_pages, member):
    event = EventFactory()
    # Not signed in: to the login page, coming back to the event afterwards; nothing saved.
    response = client.post(register_url(event))
    assert response.status_code == 302
    assert response["Location"] == (f"{reverse('account_login')}?next={quote(event_url(event))}")
    client.force_login(member)
    # Only POST registers; unknown and draft events are 404.
    assert client.get(register_url(event)).status_code == 405
    assert client.post("/nb/arrangementer/finnes-ikke/pamelding/").status_code == 404
    draft = EventFactory(status=Event.Status.DRAFT)
    assert client.post(register_url(draft)).status_code == 404
    # Closed: a clear message on the event page, nothing saved.
    closed = EventFactory(registration_closes=timezone.now() - timedelta(minutes=1))
    html = client.post(register_url(closed), follow=True).content.decode()
    assert "stengt" in html
    assert not Registration.objects.exists()


def test_member_registration_query_count_is_fixed(
    client, index_pages, member, django_assert_max_num_queries
):
    """The booking's cost does not grow with the registrations already there: session and
    user, the event, then lock, one count, the row and its two outbox rows."""
    event = EventFactory(capacity=3)
    for _ in range(5):
        RegistrationFactory(event=event)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.post(register_url(event)).status_code == 302
    assert Registration.objects.get(user=member).status == Registration.Status.WAITLISTED


def test_guest_registers_confirms_by_post_and_cancels_by_post(
    client, index_pages, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event_url(event),
            {
                "guest-name": "Kari Gjest",
                "guest-email": "kari@example.no",
                "guest-organisation": "Asker Næringsforening",
            },
        )
    assert response.status_code == 200
    assert "Sjekk e-posten din" in response.content.decode()
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.PENDING
    message = mail.outbox[-1]
    assert message.to == ["kari@example.no"]
    confirm = f"/nb/arrangementer/bekreft/{registration.token}/"
    assert confirm in message.body
    # A mail scanner following the link confirms nothing.
    assert client.get(confirm).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, follow=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox[-1].attachments  # the confirmation carries the .ics
    manage = f"/nb/arrangementer/pamelding/{registration.token}/"
    assert client.get(manage).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    response = client.post(manage, follow=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert "avmeldt" in response.content.decode().lower() or "Avlyst" in response.content.decode()


def test_guest_form_errors_keep_what_was_typed(client, index_pages):
    event = EventFactory()
    response = client.post(event_url(event), {"guest-name": "Kari", "guest-email": "ikke-epost"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Kari"' in html and 'aria-invalid="true"' in html
    assert not Registration.objects.exists()


def test_guest_for_members_only_event_is_refused(client, index_pages):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    response = client.post(
        event_url(event), {"guest-name": "Kari", "guest-email": "kari@example.no"}
    )
    assert response.status_code == 400
    assert "bare for medlemmer" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_after_close_is_refused(client, index_pages):
    event = EventFactory(registration_closes=timezone.now() - timedelta(minutes=1))
    response = client.post(
        event_url(event), {"guest-name": "Kari", "guest-email": "kari@example.no"}
    )
    assert response.status_code == 400
    assert "stengt" in response.content.decode()
    assert not Registration.objects.exists()


def test_forged_token_gets_a_clear_message_and_changes_nothing(client, index_pages):
    registration = RegistrationFactory()
    for url in ("/nb/arrangementer/pamelding/forfalsket/", "/nb/arrangementer/bekreft/xyz/"):
        response = client.post(url)
        assert response.status_code == 404
        assert "ikke gyldig" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_expired_guest_link_gets_a_clear_message(client, index_pages):
    import time_machine

    guest = services.registration_create(event=EventFactory(), name="A", email="a@example.no")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = client.post(f"/nb/arrangementer/bekreft/{guest.token}/")
    assert response.status_code == 404
    guest.refresh_from_db()
    assert guest.status == Registration.Status.PENDING


def test_member_link_cannot_be_used_as_a_guest_confirmation(client, index_pages, member):
    registration = services.registration_create(event=EventFactory(), user=member)
    assert client.post(f"/nb/arrangementer/bekreft/{registration.token}/").status_code == 404


def test_cancelling_from_the_link_promotes_the_waitlist(client, index_pages, member):
    event = EventFactory(capacity=1)
    first = services.registration_create(event=event, user=member)
    second = services.registration_create(event=event, user=UserFactory(role=roles.MENTOR))
    client.post(f"/nb/arrangementer/pamelding/{first.token}/")
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED


def test_event_ics_and_public_feed(client, index_pages):
    event = EventFactory(title="Frokostmøte i Asker")
    cancelled = EventFactory(status=Event.Status.CANCELLED, title="Avlyst møte")
    EventFactory(status=Event.Status.DRAFT, title="Utkast")
    response = client.get(f"/nb/arrangementer/kalender/{event.slug}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"Frokostm" in response.content and f"event-{event.pk}@".encode() in response.content
    feed = client.get("/nb/arrangementer/kalender.ics").content.decode()
    assert "BEGIN:VCALENDAR" in feed
    assert feed.count("BEGIN:VEVENT") == 2
    assert "STATUS:CANCELLED" in feed and f"event-{cancelled.pk}@" in feed
    assert "Utkast" not in feed


def test_listing_query_count_does_not_grow(client, index_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/nb/arrangementer/").status_code == 200
        return len(ctx)

    for n in range(3):
        RegistrationFactory.create_batch(
            2, event=EventFactory(start=timezone.now() + timedelta(days=3 + n * 40))
        )
    client.get("/nb/arrangementer/")  # warm Wagtail's site and locale caches
    few = count()
    for n in range(27):
        RegistrationFactory.create_batch(
            2, event=EventFactory(start=timezone.now() + timedelta(days=5 + n * 11))
        )
    assert count() == few


def test_event_page_query_count_does_not_grow(client, index_pages, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_for(event):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(event_url(event)).status_code == 200
        return len(ctx)

    small = EventFactory(capacity=50)
    RegistrationFactory.create_batch(3, event=small)
    ProgrammeItemFactory.create_batch(2, event=small)
    big = EventFactory(capacity=50)
    RegistrationFactory.create_batch(30, event=big)
    ProgrammeItemFactory.create_batch(20, event=big)
    client.force_login(member)
    client.get(event_url(small))  # warm the session/caches
    assert count_for(small) == count_for(big)


def test_home_page_shows_upcoming_events(client, index_pages):
    EventFactory(title="Gründerfrokost")
    html = client.get("/nb/").content.decode()
    assert "Kommende arrangementer" in html and "Gründerfrokost" in html


def test_dashboard_panel_lists_only_my_registrations(client, index_pages, member):
    mine = EventFactory(title="Mitt arrangement", capacity=1)
    other = EventFactory(title="Andres arrangement")
    services.registration_create(event=mine, user=member)
    RegistrationFactory(event=other, title="") if False else RegistrationFactory(event=other)
    client.force_login(member)
    html = client.get("/nb/min-side/").content.decode()
    assert "Mitt arrangement" in html and "Andres arrangement" not in html
