"""Smoke journey: the browser infrastructure works end to end (live server, Chromium, axe)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories.home import site_tree

pytestmark = pytest.mark.e2e


def test_root_redirects_to_the_norwegian_home_page(page, axe_check):
    site_tree()

    page.goto("/")

    expect(page).to_have_url(re.compile(r"/nb/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)


def test_login_page_is_accessible_and_signs_a_member_in(page, axe_check, user, password):
    site_tree()

    page.goto("/nb/accounts/login/")
    axe_check(page)

    page.get_by_label(re.compile("e-post", re.I)).fill(user.email)
    page.get_by_label(re.compile("passord", re.I)).first.fill(password)
    page.locator("main [type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/nb/min-side/"))
    axe_check(page)


def test_login_helper_signs_in_without_the_form(page, login, user):
    site_tree()
    login(page, user)

    response = page.goto("/nb/min-side/")

    assert response.status == 200
    expect(page).to_have_url(re.compile(r"/nb/min-side/$"))


def test_mail_sent_by_the_live_server_lands_in_the_outbox(page, user):
    site_tree()

    page.goto("/nb/accounts/password/reset/")
    page.get_by_label(re.compile("e-post", re.I)).fill(user.email)
    page.locator("main [type=submit]").first.click()
    page.wait_for_load_state()

    assert [user.email] in [message.to for message in mail.outbox]


def test_axe_check_fails_on_a_page_with_violations(page, axe_check):
    page.set_content('<html><body><img src="/static/x.png"><a href="/"></a></body></html>')

    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    assert "image-alt" in str(failure.value)
    assert "html-has-lang" in str(failure.value)
