"""The public site in a browser: home -> news -> article, the language switch, axe on every
page, and the site working without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.home import NewsPageFactory, StandardPageFactory, site_tree, translate

pytestmark = pytest.mark.e2e


def _site():
    tree = site_tree()
    en = tree.en_home.locale
    for n in range(3):
        NewsPageFactory(parent=tree.news_index, title=f"Eldre nyhet {n}", tags=["Næringsliv"])
    article = NewsPageFactory(
        parent=tree.news_index,
        title="Den Store Sirkulærkonferansen",
        slug="sirkularkonferansen",
        intro="To dager om sirkulær økonomi 24.–25. mai.",
        body=[
            ("heading", "Program"),
            ("paragraph", "<p>Circular Norway og Norsk Senter for Sirkulær Økonomi.</p>"),
            ("quote", "Fra strategi til drift."),
        ],
        tags=["Sirkulær økonomi"],
    )
    en_article = translate(
        article,
        en,
        title="The Great Circular Conference",
        slug="circular-conference",
        intro="Two days on the circular economy on 24–25 May.",
        tags=["Circular economy"],
    )
    about = StandardPageFactory(parent=tree.home, title="Om huset", slug="om-huset")
    translate(about, en, title="About the house", slug="about-the-house")
    return tree, article, en_article


def test_home_to_news_to_article_and_switch_language(page, axe_check):
    _tree, article, en_article = _site()

    page.goto("/nb/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Et gründerhus i Asker sentrum")
    axe_check(page)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Nyheter").click()
    expect(page).to_have_url(re.compile(r"/nb/nyheter/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyheter")
    axe_check(page)

    page.get_by_role("link", name="Den Store Sirkulærkonferansen").click()
    expect(page).to_have_url(re.compile(r"/nb/nyheter/sirkularkonferansen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Den Store Sirkulærkonferansen")
    axe_check(page)

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/news/circular-conference/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Great Circular Conference")
    axe_check(page)

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Norsk").click()
    expect(page).to_have_url(re.compile(r"/nb/nyheter/sirkularkonferansen/$"))


def test_tag_filter_search_and_standard_page_are_accessible(page, axe_check):
    _site()

    page.goto("/nb/nyheter/")
    page.get_by_role("navigation", name="Filtrer etter stikkord").get_by_role(
        "link", name=re.compile("Sirkulær økonomi")
    ).click()
    expect(page.locator(".card")).to_have_count(1)
    axe_check(page)

    page.get_by_role("searchbox", name="Søk på nettstedet").fill("sirkulær")
    page.get_by_role("search").first.get_by_role("button", name="Søk").click()
    expect(page).to_have_url(re.compile(r"/nb/sok/\?q="))
    expect(page.get_by_role("link", name="Den Store Sirkulærkonferansen")).to_be_visible()
    axe_check(page)

    page.goto("/nb/om-huset/")
    axe_check(page)
    page.goto("/en/about-the-house/")
    axe_check(page)


def test_not_found_page_is_accessible_in_both_languages(page, axe_check):
    _site()
    response = page.goto("/nb/finnes-ikke/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Vi fant ikke siden")
    axe_check(page)
    response = page.goto("/en/does-not-exist/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")
    axe_check(page)


def test_skip_link_and_keyboard_focus(page):
    _site()
    page.goto("/nb/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_site_works_without_javascript(browser, live_server):
    _site()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/nb/")
        page.get_by_role("link", name="Nyheter").first.click()
        expect(page).to_have_url(re.compile(r"/nb/nyheter/$"))
        page.get_by_role("searchbox", name="Søk på nettstedet").fill("Sirkulærkonferansen")
        page.get_by_role("search").first.get_by_role("button", name="Søk").click()
        expect(page.get_by_role("link", name="Den Store Sirkulærkonferansen")).to_be_visible()
    finally:
        context.close()


def test_narrow_screen_has_no_horizontal_scroll(page, axe_check):
    _site()
    page.set_viewport_size({"width": 360, "height": 740})
    for url in ("/nb/", "/nb/nyheter/", "/nb/nyheter/sirkularkonferansen/"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, url
    axe_check(page)
