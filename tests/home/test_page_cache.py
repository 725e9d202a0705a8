"""The anonymous page cache: shared only when safe, fresh after every publish."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.home import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.GRUNDERHUS_HOME_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


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


def test_publishing_shows_at_once(client, tree):
    client.get("/nb/")
    NewsPageFactory(parent=tree.news_index, title="Helt ny nyhet")
    assert "Helt ny nyhet" in client.get("/nb/").content.decode()
    tree.home.title = "RE Gründerhus"
    tree.home.hero_title = "Ny hovedtittel"
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


def test_unpublishing_an_article_removes_it_at_once(client, tree):
    article = NewsPageFactory(parent=tree.news_index, title="Snart borte")
    assert "Snart borte" in client.get("/nb/nyheter/").content.decode()
    article.unpublish()
    assert "Snart borte" not in client.get("/nb/nyheter/").content.decode()
    assert client.get(article.url).status_code == 404


def test_a_404_is_never_cached(client, tree):
    client.get("/nb/finnes-ikke/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/nb/finnes-ikke/")
    assert response.status_code == 404
    assert len(ctx.captured_queries) > 0
