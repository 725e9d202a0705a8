"""Browser journey with the anonymous page cache on (home/page_cache.py): two guests open the
same event page within the cache window and both register through its form, each with their
own CSRF token; a page that was served from the cache stops being served to anonymous visitors
as soon as staff restrict it to logged-in users. Built from an empty database with the
factories; every page is scanned with axe-core."""

import contextlib

import pytest
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect
from wagtail.models import PageViewRestriction

from events.models import Registration
from home.models import StandardPage
from tests.factories.events import EventFactory, event_index_pages
from tests.factories.home import StandardPageFactory, site_tree

pytestmark = pytest.mark.e2e


@pytest.fixture
def new_visitor(browser, live_server):
    """``new_visitor()``: a page in a fresh browser context (no cookies), like a new person."""
    contexts = []

    def _new():
        context = browser.new_context(
            base_url=live_server.url, locale="nb-NO", timezone_id="Europe/Oslo"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def empty_page_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(GRUNDERHUS_HOME_CACHE_SECONDS=60)
def test_two_guests_register_and_a_restricted_page_leaves_the_cache(
    new_visitor, axe_check, empty_page_cache, live_server
):
    live_server_url = live_server.url
    tree = site_tree()
    event_index_pages(tree)
    event = EventFactory(title="Sirkulærfrokost", capacity=10)
    members_page = StandardPageFactory(
        parent=tree.home,
        title="For medlemmene",
        slug="for-medlemmene",
        intro="Nøkkelkoden er 4711.",
    )

    # Two people open the same event page before either of them registers.
    guests = [new_visitor(), new_visitor()]
    for guest in guests:
        guest.goto(event.get_absolute_url("nb"))
        expect(guest.get_by_role("heading", name="Sirkulærfrokost", level=1)).to_be_visible()
        axe_check(guest)

    for number, guest in enumerate(guests, start=1):
        guest.get_by_label("Navnet ditt").fill(f"Gjest {number}")
        guest.get_by_label("E-postadresse").fill(f"gjest{number}@example.no")
        guest.get_by_role("button", name="Meld på", exact=True).click()
        expect(guest.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()
        expect(guest.get_by_role("status")).to_contain_text(f"gjest{number}@example.no")
        axe_check(guest)
    assert sorted(Registration.objects.filter(event=event).values_list("email", flat=True)) == [
        "gjest1@example.no",
        "gjest2@example.no",
    ]

    # An anonymous reader gets the page, then its shared copy: a change that no signal
    # reports is not seen within the window, which shows the copy came from the cache.
    reader = new_visitor()
    reader.goto(members_page.url)
    expect(reader.get_by_text("Nøkkelkoden er 4711.")).to_be_visible()
    axe_check(reader)
    StandardPage.objects.filter(pk=members_page.pk).update(intro="Nøkkelkoden er 4711 (endret).")
    reader.reload()
    expect(reader.get_by_text("Nøkkelkoden er 4711.")).to_be_visible()
    axe_check(reader)

    # Staff restrict the page to logged-in users: from now on no anonymous visitor sees it.
    PageViewRestriction.objects.create(
        page=members_page, restriction_type=PageViewRestriction.LOGIN
    )
    for visitor in (reader, new_visitor()):
        visitor.goto(members_page.url)
        expect(visitor).to_have_url(f"{live_server_url}/nb/accounts/login/?next={members_page.url}")
        expect(visitor.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
        expect(visitor.get_by_text("Nøkkelkoden er 4711")).to_have_count(0)
        axe_check(visitor)
