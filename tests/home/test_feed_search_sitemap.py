import xml.etree.ElementTree as ET

import pytest
from django.test import RequestFactory, override_settings

from home.views import server_error
from tests.factories.home import NewsPageFactory, translate

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287: a feed has one id, title and updated; so does every entry, plus a link.
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{tag}").text
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{tag}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    return feed


def test_feed_is_valid_atom_in_the_active_language(client, tree):
    article = NewsPageFactory(parent=tree.news_index, title="Huset åpner", intro="Velkommen")
    translate(
        article,
        tree.en_home.locale,
        title="The house opens",
        slug="the-house-opens",
        intro="Welcome",
    )
    NewsPageFactory(parent=tree.news_index, title="Bare på norsk")

    nb = _atom(client.get("/nb/nyheter/feed/"))
    assert nb.get(XML_LANG) == "nb"
    assert nb.find(f"{ATOM}title").text == "RE Gründerhus – nyheter"
    titles = [e.find(f"{ATOM}title").text for e in nb.findall(f"{ATOM}entry")]
    assert titles == ["Bare på norsk", "Huset åpner"]
    assert nb.find(f"{ATOM}link[@rel='alternate']").get("href") == ("http://testserver/nb/nyheter/")

    en = _atom(client.get("/en/nyheter/feed/"))
    assert en.get(XML_LANG) == "en"
    assert en.find(f"{ATOM}title").text == "RE Gründerhus – news"
    entries = en.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["The house opens"]
    assert entries[0].find(f"{ATOM}link").get("href") == (
        "http://testserver/en/news/the-house-opens/"
    )
    assert entries[0].find(f"{ATOM}summary").text == "Welcome"


def test_feed_leaves_out_unpublished_articles(client, tree):
    draft = NewsPageFactory(parent=tree.news_index, title="Utkast")
    draft.unpublish()
    feed = _atom(client.get("/nb/nyheter/feed/"))
    assert feed.findall(f"{ATOM}entry") == []


def test_search_finds_a_news_page_by_body_text_in_the_active_language(client, tree):
    article = NewsPageFactory(
        parent=tree.news_index,
        title="Konferanse i mai",
        body=[("paragraph", "<p>Sirkulærkonferansen samler hele bransjen.</p>")],
    )
    translate(
        article,
        tree.en_home.locale,
        title="Conference in May",
        slug="conference-in-may",
        body=[("paragraph", "<p>Sirkulærkonferansen gathers the whole industry.</p>")],
    )
    nb = client.get("/nb/sok/", {"q": "Sirkulærkonferansen"}).content.decode()
    assert "Konferanse i mai" in nb
    assert "Conference in May" not in nb
    assert "1 treff på «Sirkulærkonferansen»" in nb
    en = client.get("/en/sok/", {"q": "Sirkulærkonferansen"}).content.decode()
    assert "Conference in May" in en
    assert "Konferanse i mai" not in en


def test_search_without_hits_and_without_query(client, tree):
    html = client.get("/nb/sok/", {"q": "finnesikkeiteksten"}).content.decode()
    assert "Ingen treff på «finnesikkeiteksten»." in html
    response = client.get("/nb/sok/")
    assert response.status_code == 200
    assert "treff" not in response.content.decode()


@pytest.mark.postgres
def test_search_uses_postgres_full_text_search(client, tree):
    from wagtail.search.backends import get_search_backend

    # The "database" backend picks Wagtail's PostgreSQL full-text backend on PostgreSQL.
    assert "postgres" in type(get_search_backend()).__module__
    NewsPageFactory(
        parent=tree.news_index,
        title="Partneravtaler",
        body=[("paragraph", "<p>Asker Næringsforening blir partner.</p>")],
    )
    html = client.get("/nb/sok/", {"q": "Næringsforening"}).content.decode()
    assert "Partneravtaler" in html


def test_sitemap_lists_pages_of_both_locales(client, tree):
    article = NewsPageFactory(parent=tree.news_index, slug="huset-apner")
    translate(article, tree.en_home.locale, title="The house opens", slug="the-house-opens")
    draft = NewsPageFactory(parent=tree.news_index, slug="utkast")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {
        loc.text.split("://", 1)[1].split("/", 1)[1]
        for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")
    }
    assert locations == {
        "nb/",
        "nb/nyheter/",
        "nb/nyheter/huset-apner/",
        "en/",
        "en/news/",
        "en/news/the-house-opens/",
    }


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert "Disallow: /nb/sok/" in body  # search results are not pages to index
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_404_is_friendly_and_in_the_visitors_language(client, tree):
    response = client.get("/nb/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "Vi fant ikke siden" in html
    assert 'href="/nb/"' in html
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "We could not find that page" in html
    assert 'class="skip-link"' in html  # inside the site's own layout


@override_settings(DEBUG=False)
def test_500_handler_returns_the_static_bilingual_page():
    response = server_error(RequestFactory().get("/nb/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Noe gikk galt" in html
    assert "Something went wrong" in html
    assert "{%" not in html and "{{" not in html


@override_settings(DEBUG=False)
def test_500_is_wired_as_the_handler():
    from grunderhus import urls
    from grunderhus.views import server_error as project_server_error

    # The project's handler answers a database error with the 503 page (tests/faults) and
    # hands everything else to the house's 500 page.
    assert urls.handler500 is project_server_error
    response = project_server_error(RequestFactory().get("/nb/"))
    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()
    assert urls.handler404.__name__ == "page_not_found"
