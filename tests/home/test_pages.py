import re

import pytest

from tests.factories.home import (
    NewsPageFactory,
    StandardPageFactory,
    image_create,
    translate,
)

pytestmark = pytest.mark.django_db


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_renders_in_both_languages(client, tree):
    NewsPageFactory(parent=tree.news_index, title="Gründerhuset åpner")
    nb = _html(client.get("/nb/"))
    assert '<html lang="nb">' in nb
    assert "Et gründerhus i Asker sentrum" in nb
    assert "Gründerhuset åpner" in nb
    assert "Siste nytt" in nb
    en = _html(client.get("/en/"))
    assert '<html lang="en">' in en
    assert "A startup house in Asker" in en
    assert "Latest news" in en
    assert "Gründerhuset åpner" not in en  # only English articles on the English home


def test_news_page_renders_in_both_languages(client, tree):
    image = image_create(title="Illustrasjon: Åpningen av huset")
    article = NewsPageFactory(
        parent=tree.news_index, title="Huset åpner", image=image, tags=["Partnere"]
    )
    en_article = translate(
        article,
        tree.en_home.locale,
        title="The house opens",
        slug="the-house-opens",
        tags=["Partners"],
    )
    nb = _html(client.get(article.url))
    assert "<h1>Huset åpner</h1>" in nb
    assert 'alt="Illustrasjon: Åpningen av huset"' in nb
    assert f'href="{tree.news_index.url}?tag=partnere"' in nb
    en = _html(client.get(en_article.url))
    assert "<h1>The house opens</h1>" in en
    assert "?tag=partners" in en


def test_standard_page_renders_in_both_languages_and_in_the_menu(client, tree):
    page = StandardPageFactory(parent=tree.home, title="Om huset", slug="om-huset")
    en_page = translate(page, tree.en_home.locale, title="About the house", slug="about-the-house")
    nb = _html(client.get("/nb/om-huset/"))
    assert "<h1>Om huset</h1>" in nb
    assert re.search(r'<a href="/nb/om-huset/" aria-current="page">Om huset</a>', nb)
    assert '<a href="/nb/nyheter/">Nyheter</a>' in nb
    en = _html(client.get(en_page.url))
    assert "<h1>About the house</h1>" in en
    assert '<a href="/en/news/">News</a>' in en
    assert "Om huset" not in en


def test_news_index_paginates(client, tree):
    for n in range(12):
        NewsPageFactory(parent=tree.news_index, title=f"Artikkel {n:02d}")
    first = _html(client.get("/nb/nyheter/"))
    assert first.count('class="card"') == 10
    assert "Artikkel 11" in first  # newest first
    assert "Side 1 av 2" in first
    second = _html(client.get("/nb/nyheter/?page=2"))
    assert second.count('class="card"') == 2
    assert "Artikkel 00" in second
    # Out-of-range and junk page numbers fall back instead of failing.
    assert client.get("/nb/nyheter/?page=99").status_code == 200
    assert client.get("/nb/nyheter/?page=abc").status_code == 200


def test_news_index_filters_by_tag_and_counts_only_its_own_articles(client, tree):
    NewsPageFactory(parent=tree.news_index, title="Om partnere", tags=["Partnere"])
    NewsPageFactory(parent=tree.news_index, title="Om konferansen", tags=["Arrangementer"])
    other = NewsPageFactory(parent=tree.news_index, title="Utkast", tags=["Partnere"])
    other.unpublish()
    html = _html(client.get("/nb/nyheter/?tag=partnere"))
    assert "Om partnere" in html
    assert "Om konferansen" not in html
    assert "Utkast" not in html
    assert 'aria-current="page">Partnere <span class="count">(1)</span>' in html
    # An unknown tag shows everything rather than an empty page.
    html = _html(client.get("/nb/nyheter/?tag=finnes-ikke"))
    assert "Om partnere" in html and "Om konferansen" in html


def test_tag_filter_keeps_the_tag_when_paging(client, tree):
    for n in range(11):
        NewsPageFactory(parent=tree.news_index, title=f"Partnernytt {n}", tags=["Partnere"])
    html = _html(client.get("/nb/nyheter/?tag=partnere"))
    assert 'href="?tag=partnere&amp;page=2"' in html


def test_language_switch_links_to_the_translation(client, tree):
    article = NewsPageFactory(parent=tree.news_index, slug="huset-apner")
    en_article = translate(
        article, tree.en_home.locale, title="The house opens", slug="the-house-opens"
    )
    html = _html(client.get(article.url))
    assert '<a href="/en/news/the-house-opens/" hreflang="en" lang="en">English</a>' in html
    assert 'hreflang="nb" lang="nb" aria-current="true">Norsk</a>' in html
    html = _html(client.get(en_article.url))
    assert '<a href="/nb/nyheter/huset-apner/" hreflang="nb" lang="nb">Norsk</a>' in html


def test_language_switch_without_translation_goes_to_that_languages_home(client, tree):
    article = NewsPageFactory(parent=tree.news_index)
    html = _html(client.get(article.url))
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html


def test_language_switch_on_a_non_cms_page_swaps_the_prefix(client, tree):
    html = _html(client.get("/nb/sok/?q=huset"))
    assert 'href="/en/sok/?q=huset" hreflang="en"' in html


def test_head_has_canonical_and_hreflang_alternates_for_existing_translations(client, tree):
    article = NewsPageFactory(parent=tree.news_index, slug="huset-apner")
    html = _html(client.get(article.url))
    assert '<link rel="canonical" href="http://testserver/nb/nyheter/huset-apner/">' in html
    assert 'hreflang="nb" href="http://testserver/nb/nyheter/huset-apner/"' in html
    assert 'rel="alternate" hreflang="en"' not in html  # no English version yet
    translate(article, tree.en_home.locale, title="The house opens", slug="the-house-opens")
    html = _html(client.get(article.url + "?utm=x"))
    assert '<link rel="canonical" href="http://testserver/nb/nyheter/huset-apner/">' in html
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/news/the-house-opens/">'
        in html
    )
