"""The anonymous page cache: shared only when safe, fresh after every write it shows."""

import re

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages import info as add_message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.models import PageViewRestriction, Site

from events.models import Registration
from home import page_cache
from home.models import HouseSettings
from tests.factories.community import DeskFactory, SeatAllocationFactory
from tests.factories.events import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    event_index_pages,
)
from tests.factories.home import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.GRUNDERHUS_HOME_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the block's on-commit callbacks at its end, as the commit of
    a real request's transaction would (the test itself never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_second_anonymous_visit_is_served_from_the_cache(client, tree):
    first = client.get("/nb/")
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/nb/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(ctx.captured_queries) == 0
    assert second["Content-Language"] == "nb"


def test_each_language_has_its_own_copy(client, tree):
    client.get("/nb/")
    en = client.get("/en/").content.decode()
    assert '<html lang="en">' in en
    assert "A startup house in Asker" in en


def test_publishing_shows_at_once(client, tree, committed):
    client.get("/nb/")
    with committed():
        NewsPageFactory(parent=tree.news_index, title="Helt ny nyhet")
    assert "Helt ny nyhet" in client.get("/nb/").content.decode()
    tree.home.title = "RE Gründerhus"
    tree.home.hero_title = "Ny hovedtittel"
    with committed():
        tree.home.save_revision().publish()
    assert "Ny hovedtittel" in client.get("/nb/").content.decode()


def test_signed_in_visitors_and_query_strings_are_never_cached(client, tree, user):
    client.get("/nb/")
    client.force_login(user)
    html = client.get("/nb/").content.decode()
    assert "Logg ut" in html  # their own header, not the cached anonymous one
    client.logout()
    client.cookies.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get("/nb/?utm_source=x")
    assert len(ctx.captured_queries) > 0


def test_turned_off_with_zero_seconds(client, tree, settings):
    settings.GRUNDERHUS_HOME_CACHE_SECONDS = 0
    client.get("/nb/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/nb/")
    assert len(ctx.captured_queries) > 0


def test_news_index_and_its_filters_are_cached_separately(client, tree):
    NewsPageFactory(parent=tree.news_index, title="Om partnere", tags=["Partnere"])
    NewsPageFactory(parent=tree.news_index, title="Om konferansen", tags=["Arrangementer"])
    for url in ("/nb/nyheter/", "/nb/nyheter/?tag=partnere"):
        client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        everything = client.get("/nb/nyheter/").content.decode()
        filtered = client.get("/nb/nyheter/?tag=partnere").content.decode()
    assert len(ctx.captured_queries) == 0
    assert "Om konferansen" in everything
    assert "Om partnere" in filtered and "Om konferansen" not in filtered


def test_unpublishing_an_article_removes_it_at_once(client, tree, committed):
    article = NewsPageFactory(parent=tree.news_index, title="Snart borte")
    assert "Snart borte" in client.get("/nb/nyheter/").content.decode()
    with committed():
        article.unpublish()
    assert "Snart borte" not in client.get("/nb/nyheter/").content.decode()
    assert client.get(article.url).status_code == 404


def test_a_404_is_never_cached(client, tree):
    client.get("/nb/finnes-ikke/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/nb/finnes-ikke/")
    assert response.status_code == 404
    assert len(ctx.captured_queries) > 0


# --- Forms and CSRF -------------------------------------------------------------------------


def test_two_visitors_register_as_guests_from_the_same_event_page(tree):
    event_index_pages(tree)
    event = EventFactory(capacity=10)
    url = f"/nb/arrangementer/{event.slug}/"
    visitors = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    pages = [visitor.get(url) for visitor in visitors]  # both within the cache window
    for number, (visitor, page) in enumerate(zip(visitors, pages, strict=True)):
        assert page.status_code == 200
        token = CSRF_INPUT.search(page.content.decode()).group(1)
        response = visitor.post(
            url,
            {
                "csrfmiddlewaretoken": token,
                "guest-name": f"Gjest {number}",
                "guest-email": f"gjest{number}@example.no",
            },
        )
        assert response.status_code == 200
        assert "Sjekk e-posten din" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 2
    # Each visitor was given a secret of their own.
    secrets = {visitor.cookies["csrftoken"].value for visitor in visitors}
    assert len(secrets) == 2


def test_a_page_that_rendered_a_csrf_token_is_never_stored(tree):
    event_index_pages(tree)
    event = EventFactory()
    url = f"/nb/arrangementer/{event.slug}/"
    Client().get(url)
    with CaptureQueriesContext(connection) as ctx:
        second = Client().get(url)
    assert len(ctx.captured_queries) > 0  # rendered again, not taken from the cache
    assert "csrftoken" in second.cookies
    assert CSRF_INPUT.search(second.content.decode())


def test_an_event_page_without_a_form_is_shared(tree):
    event_index_pages(tree)
    event = EventFactory(audience="members")  # no guest form, so no token
    url = f"/nb/arrangementer/{event.slug}/"
    first = Client().get(url)
    with CaptureQueriesContext(connection) as ctx:
        second = Client().get(url)
    assert len(ctx.captured_queries) == 0
    assert second.content == first.content
    assert "csrftoken" not in first.cookies and "csrftoken" not in second.cookies


# --- What may be stored, decided on the rendered response --------------------------------------


def _renders_per_two_visits(rf, respond):
    """Serve the home page twice through the cache with ``respond(request)`` as the page; the
    number of times it had to be rendered (1: the second visit got the stored copy)."""
    renders = []

    def view(request, path):
        renders.append(path)
        return respond(request)

    for _visit in range(2):
        page_cache.serve(rf.get("/nb/"), "", view)
    return len(renders)


def _with_cookie(request):
    response = HttpResponse("<p>hei</p>")
    response.set_cookie("seen", "1")
    return response


def _varying_on(*headers):
    def respond(request):
        response = HttpResponse("<p>hei</p>")
        patch_vary_headers(response, headers)
        return response

    return respond


def _with_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


def _private(request):
    response = HttpResponse("<p>hei</p>")
    patch_cache_control(response, private=True)
    return response


def _writing_the_session(request):
    SessionMiddleware(lambda r: None).process_request(request)
    request.session["seen"] = True
    return HttpResponse("<p>hei</p>")


def _adding_a_message(request):
    request._messages = CookieStorage(request)
    add_message(request, "Hei")
    return HttpResponse(" ".join(str(m) for m in get_messages(request)))


@pytest.mark.parametrize(
    "respond",
    [
        _with_cookie,
        _varying_on("Cookie"),
        _varying_on("Accept-Language", "Cookie"),
        _varying_on("User-Agent"),
        _with_csrf_token,
        _private,
        _writing_the_session,
        _adding_a_message,
        lambda request: HttpResponse("moved", status=302),
        lambda request: HttpResponse("gone", status=404),
    ],
    ids=[
        "set-cookie",
        "vary-cookie",
        "vary-language-and-cookie",
        "vary-user-agent",
        "csrf-token",
        "cache-control-private",
        "session-write",
        "message",
        "redirect",
        "not-found",
    ],
)
def test_a_response_that_is_not_the_same_for_everyone_is_not_stored(rf, tree, respond):
    assert _renders_per_two_visits(rf, respond) == 2


@pytest.mark.parametrize(
    "respond",
    [lambda request: HttpResponse("<p>hei</p>"), _varying_on("Accept-Language")],
    ids=["plain", "vary-language"],
)
def test_a_plain_page_is_stored(rf, tree, respond):
    assert _renders_per_two_visits(rf, respond) == 1


def test_a_page_is_keyed_by_the_generation_read_before_rendering(rf, tree):
    """A write committed while a page renders must not leave that page as the new copy."""
    renders = []

    def view(request, path):
        renders.append(path)
        page_cache.invalidate()  # the write's commit lands mid-render
        return HttpResponse("<p>gammelt innhold</p>")

    page_cache.serve(rf.get("/nb/"), "", view)
    page_cache.serve(rf.get("/nb/"), "", lambda request, path: HttpResponse("<p>nytt</p>"))
    assert renders == [""]  # the second visit was rendered, not given the old copy


# --- View restrictions -----------------------------------------------------------------------


def test_a_page_restricted_after_it_was_cached_is_no_longer_served(client, tree, committed):
    page = StandardPageFactory(parent=tree.home, title="Bare for medlemmer")
    assert "Bare for medlemmer" in client.get(page.url).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        client.get(page.url)
    assert len(ctx.captured_queries) == 0  # cached

    with committed():
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"] == f"/nb/accounts/login/?next={page.url}"
    assert "Bare for medlemmer" not in response.content.decode()

    with committed():
        restriction.delete()
    assert "Bare for medlemmer" in client.get(page.url).content.decode()


def test_wagtails_bare_front_end_login_is_not_offered(client, tree, user, password):
    """Only allauth logs people in (rate limits, TOTP); restricted pages send them there."""
    response = client.post("/nb/_util/login/", {"username": user.email, "password": password})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


def test_a_page_under_a_restricted_ancestor_is_never_stored(client, tree):
    PageViewRestriction.objects.create(
        page=tree.news_index, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    article = NewsPageFactory(parent=tree.news_index, title="Internt")
    for _visit in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(article.url)
        assert response.status_code == 200  # Wagtail's password form
        assert "Internt" not in response.content.decode()
        assert len(ctx.captured_queries) > 0

    # The password form reaches Wagtail (the page route does not swallow it); the visitor who
    # knows the password sees the page, and nobody else gets it from the cache.
    action = re.search(r'<form action="([^"]+)" method="POST"', response.content.decode()).group(1)
    answer = client.post(action, {"password": "hemmelig", "return_url": article.url})
    assert answer.status_code == 302 and answer["Location"] == article.url
    assert "Internt" in client.get(article.url).content.decode()
    assert "Internt" not in Client().get(article.url).content.decode()


def test_a_restricted_page_is_not_stored_even_when_it_answers_200(rf, tree):
    """Not relying on Wagtail's own no-cache header: the restriction itself is looked up."""
    PageViewRestriction.objects.create(page=tree.home, restriction_type=PageViewRestriction.LOGIN)
    assert _renders_per_two_visits(rf, lambda request: HttpResponse("<p>hei</p>")) == 2


def test_restricted_covers_the_page_its_ancestors_and_alias_sources(tree):
    article = NewsPageFactory(parent=tree.news_index)
    secret = StandardPageFactory(parent=tree.home, title="Hemmelig")
    alias = secret.create_alias(parent=tree.news_index, update_slug="alias-av-hemmelig")
    assert not page_cache.restricted(article)
    assert not page_cache.restricted(alias)
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert page_cache.restricted(secret)
    assert page_cache.restricted(alias)
    assert not page_cache.restricted(article)
    PageViewRestriction.objects.create(
        page=tree.news_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert page_cache.restricted(article)
    with CaptureQueriesContext(connection) as ctx:
        page_cache.restricted(article)
    assert len(ctx.captured_queries) == 1


# --- Writes that start a new generation ------------------------------------------------------


def _house_settings(tree, objects):
    house = HouseSettings.for_site(Site.objects.get(is_default_site=True))
    house.phone = "+47 66 00 00 00"
    house.save()


def _event_saved(tree, objects):
    objects["event"].title = "Ny tittel"
    objects["event"].save()


def _programme_item(tree, objects):
    ProgrammeItemFactory(event=objects["event"])


def _registration(tree, objects):
    RegistrationFactory(event=objects["event"])


def _registration_cancelled(tree, objects):
    registration = objects["registration"]
    registration.status = Registration.Status.CANCELLED
    registration.save()


def _allocation(tree, objects):
    SeatAllocationFactory(desk=objects["desk"])


def _desk(tree, objects):
    objects["desk"].active = False
    objects["desk"].save()


def _restriction_added(tree, objects):
    PageViewRestriction.objects.create(page=tree.home, restriction_type=PageViewRestriction.LOGIN)


def _restriction_removed(tree, objects):
    objects["restriction"].delete()


def _page_published(tree, objects):
    NewsPageFactory(parent=tree.news_index)


@pytest.mark.parametrize(
    "write",
    [
        _house_settings,
        _event_saved,
        _programme_item,
        _registration,
        _registration_cancelled,
        _allocation,
        _desk,
        _restriction_added,
        _restriction_removed,
        _page_published,
    ],
)
def test_a_write_that_pages_show_starts_a_new_generation(tree, committed, write):
    event = EventFactory()
    objects = {
        "event": event,
        "registration": RegistrationFactory(event=event),
        "desk": DeskFactory(),
        "restriction": PageViewRestriction.objects.create(
            page=tree.news_index, restriction_type=PageViewRestriction.LOGIN
        ),
    }
    before = page_cache.generation()
    with committed():
        write(tree, objects)
    assert page_cache.generation() != before


def test_a_new_generation_shows_new_places_left(client, tree, committed):
    event_index_pages(tree)
    event = EventFactory(capacity=5, title="Sirkulærfrokost")
    assert "5 ledige plasser" in client.get("/nb/arrangementer/").content.decode()
    with committed():
        RegistrationFactory(event=event)
    assert "4 ledige plasser" in client.get("/nb/arrangementer/").content.decode()


def test_a_rolled_back_write_keeps_the_generation(tree, committed):
    event = EventFactory()
    before = page_cache.generation()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        RegistrationFactory(event=event)
        raise RuntimeError("the write fails after the row was saved")
    assert page_cache.generation() == before
