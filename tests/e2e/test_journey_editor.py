"""Browser journey for the editor role, from an empty database: a person signs up, staff make
them an editor, they log in through the login form and write and publish a news article with
an uploaded picture in the Wagtail admin; an anonymous visitor sees it on the front page at
once, with the public page cache on. axe-core scans the public pages (the admin's markup is
Wagtail's)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from community import roles
from community.models import RoleChange, User
from community.services import user_create
from home.models import NewsPage
from tests.factories.home import site_tree

pytestmark = pytest.mark.e2e

PASSWORD = "blekkhus og kaffe 2026"
TITLE = "Den Store Sirkulærkonferansen kommer til Asker"
PICTURE = "Sirkulærkonferansen i Asker sentrum"
BODY = "Circular Norway og Norsk Senter for Sirkulær Økonomi kommer."


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The public page cache as in production: publishing must still show at once."""
    settings.GRUNDERHUS_HOME_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree():
    return site_tree()


@pytest.fixture
def picture(tmp_path):
    from PIL import Image

    path = tmp_path / "sirkularkonferansen.png"
    Image.new("RGB", (320, 180), (11, 93, 59)).save(path)
    return path


def sign_up(page, *, name, email):
    page.goto("/nb/accounts/signup/")
    page.get_by_label("Fullt navn").fill(name)
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Foretrukket språk").select_option("nb")
    page.get_by_label("Passord:").fill(PASSWORD)
    page.get_by_label("Passord (igjen)").fill(PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")


# Wagtail's autosave creates a new page a moment after the first change; a publish click that
# lands while that request runs fails on the slug (Wagtail's own race). The journey is about
# who may publish, so it publishes from a form that does not autosave.
@override_settings(WAGTAIL_AUTOSAVE_INTERVAL=0)
def test_editor_writes_and_publishes_news_with_a_picture(
    page, browser, live_server, login_with_form, axe_check, tree, picture
):
    # A visitor has the front page in the cache before the article exists.
    visitor = browser.new_context(base_url=live_server.url, locale="nb-NO")
    public = visitor.new_page()
    public.goto("/nb/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Et gründerhus i Asker sentrum")
    expect(public.get_by_text(TITLE)).to_have_count(0)
    axe_check(public)

    # Someone signs up; house staff make them an editor on Members and roles, with a reason.
    sign_up(page, name="Rolf Redaktør", email="rolf@example.no")
    page.context.clear_cookies()
    user_create(email="siri@example.no", full_name="Siri Stab", password=PASSWORD, role=roles.STAFF)
    editor = User.objects.get(email="rolf@example.no")
    login_with_form(page, "siri@example.no", PASSWORD)
    page.goto("/admin/personer/?show=all")
    page.get_by_role("link", name="Rolf Redaktør").click()
    page.locator("select[name=role]").select_option(label="Redaktør")
    page.get_by_label("Gi rollen").check()
    page.get_by_label("Begrunnelse").fill("Skriver nyheter for huset")
    page.get_by_role("button", name="Lagre rolleendringen").click()
    expect(page.locator(".messages .success")).to_be_visible()
    change = RoleChange.objects.get(user=editor, role=roles.EDITOR)
    assert (change.by.email, change.reason) == ("siri@example.no", "Skriver nyheter for huset")
    page.context.clear_cookies()

    # The editor logs in through the form and opens the news index in the page explorer.
    login_with_form(page, "rolf@example.no", PASSWORD)
    page.goto(f"/admin/pages/{tree.news_index.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nyheter")
    page.goto(f"/admin/pages/{tree.news_index.pk}/add_subpage/")
    expect(page.locator("#id_title")).to_be_visible()

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_date").fill("2026-05-24")
    page.keyboard.press("Escape")
    page.locator("#id_intro").fill("To dager om sirkulær økonomi, 24.–25. mai.")

    # The picture: uploaded in the image chooser's upload tab, and chosen by that.
    page.locator("[data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name=re.compile("Last opp|Upload")).click()
    modal.locator("input[type=file]").set_input_files(picture)
    modal.locator("input[name$=title]").fill(PICTURE)
    modal.locator("form [type=submit]").filter(has_text=re.compile("Last opp|Upload")).click()
    expect(modal).to_be_hidden()
    expect(page.locator("[data-chooser-title]").first).to_have_text(PICTURE)

    # The body: one paragraph block in the stream field.
    page.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="Avsnitt").click()
    paragraph = page.locator("[data-contentpath=body] [role=textbox]").first
    paragraph.click()
    paragraph.press_sequentially(BODY)
    # The rich text editor writes its hidden input a moment after typing stops.
    expect(
        page.locator("[data-contentpath=body] input[type=hidden][name$=value]").first
    ).to_have_value(re.compile(re.escape(BODY)))

    # Publish, from the footer's action menu.
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages .success")).to_be_visible()

    article = NewsPage.objects.get(title=TITLE)
    assert article.live
    assert article.image.title == PICTURE
    assert article.owner == editor

    # Right after publishing, the visitor sees the article on the front page, and reads it.
    public.goto("/nb/")
    expect(public.get_by_role("link", name=TITLE)).to_be_visible()
    axe_check(public)
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.get_by_role("img", name=PICTURE)).to_be_visible()
    expect(public.locator("main")).to_contain_text(BODY)
    axe_check(public)
    visitor.close()
