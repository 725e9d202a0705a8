"""Account journeys in a real browser, every page scanned with axe-core."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from community.models import User
from tests.factories.community import UserFactory
from tests.factories.home import site_tree

pytestmark = pytest.mark.e2e

PASSWORD = "kanel og appelsin 1987"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _site():
    cache.clear()
    site_tree()
    yield
    cache.clear()


def totp_code(secret, step=0):
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2] + step))


def path_of(link):
    return re.sub(r"^https?://[^/]+", "", link)


def submit(page):
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()


def test_sign_up_confirm_min_side_log_out_and_in(page, axe_check):
    page.goto("/nb/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer deg")
    axe_check(page)

    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill("kari@example.no")
    page.get_by_label("Foretrukket språk").select_option("nb")
    page.get_by_label("Passord:").fill(PASSWORD)
    page.get_by_label("Passord (igjen)").fill(PASSWORD)
    submit(page)

    expect(page).to_have_url(re.compile(r"/nb/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    axe_check(page)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(path_of(link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft e-postadresse")
    axe_check(page)
    page.get_by_role("button", name="Bekreft").click()

    expect(page).to_have_url(re.compile(r"/nb/min-side/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    expect(page.locator("main")).to_contain_text("Kari Nordmann")
    expect(page.locator("main")).to_contain_text("kari@example.no")
    axe_check(page)

    page.get_by_role("button", name="Logg ut").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()

    page.goto("/nb/accounts/login/")
    axe_check(page)
    page.get_by_label("E-post").fill("KARI@example.no")
    page.get_by_label("Passord:").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/nb/min-side/$"))


def test_bad_sign_up_shows_errors_accessibly_and_keeps_input(page, axe_check):
    page.goto("/en/accounts/signup/")
    page.get_by_label("Full name").fill("Kari Nordmann")
    page.get_by_label("Email").fill("kari@example.no")
    page.get_by_label("Password:").fill("password")
    page.get_by_label("Password (again)").fill("something else")
    submit(page)

    password = page.get_by_label("Password:")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_password1_error")).to_contain_text("This password is too common.")
    expect(page.get_by_label("Full name")).to_have_value("Kari Nordmann")
    axe_check(page)
    assert not User.objects.exists()


def test_every_account_page_passes_axe(page, axe_check, login_with_form):
    UserFactory(email="ola@example.no", password=PASSWORD, preferred_language="nb")
    for path in [
        "/nb/accounts/login/",
        "/en/accounts/login/",
        "/nb/accounts/signup/",
        "/nb/accounts/password/reset/",
        "/nb/accounts/confirm-email/forged-key/",
    ]:
        page.goto(path)
        axe_check(page)

    # A wrong password: the error is announced and the page stays clean.
    page.goto("/nb/accounts/login/")
    page.get_by_label("E-post").fill("ola@example.no")
    page.get_by_label("Passord:").fill("feil")
    submit(page)
    expect(page.locator(".form-errors")).to_contain_text("passordet du oppgav er feil")
    axe_check(page)

    # Password reset: mail, then the form behind the link.
    mail.outbox.clear()
    page.goto("/nb/accounts/password/reset/")
    page.get_by_label("E-post").fill("ola@example.no")
    submit(page)
    axe_check(page)  # "we have sent you an e-mail"
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(path_of(link))
    expect(page.get_by_label("Nytt passord:")).to_be_visible()
    axe_check(page)
    page.get_by_label("Nytt passord:").fill("en ny og lang frase 2026")
    page.get_by_label("Nytt passord (igjen)").fill("en ny og lang frase 2026")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)  # "your password is now changed"
    page.goto(path_of(link))
    axe_check(page)  # a used link: "bad token"
    user = User.objects.get(email="ola@example.no")
    assert user.check_password("en ny og lang frase 2026")
    user.set_password(PASSWORD)  # back to the password the rest of the journey uses
    user.save()

    login_with_form(page, "ola@example.no", PASSWORD)
    for path in [
        "/nb/accounts/email/",
        "/nb/accounts/password/change/",
        "/nb/accounts/logout/",
        "/nb/accounts/2fa/",
        "/nb/min-side/profil/",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)

    # Change of e-mail: a bad address, then a pending one, then cancelled (allauth refuses
    # to turn on TOTP while an address is unverified).
    page.goto("/nb/accounts/email/")
    page.get_by_label("Endre til").fill("ikke-en-adresse")
    submit(page)
    expect(page.get_by_label("Endre til")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    page.get_by_label("Endre til").fill("ola.ny@example.no")
    submit(page)
    expect(page.locator("#new_email")).to_have_value("ola.ny@example.no")
    axe_check(page)
    page.locator("button[name=action_remove]").click()
    page.wait_for_load_state()
    expect(page.locator("#new_email")).to_have_count(0)
    axe_check(page)

    # TOTP: allauth asks for the password again, then shows the QR code and the secret.
    page.goto("/nb/accounts/2fa/totp/activate/")
    expect(page).to_have_url(re.compile(r"/reauthenticate/"))
    axe_check(page)
    page.get_by_label("Passord").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/2fa/totp/activate/$"))
    axe_check(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Autentiseringskode").fill(totp_code(secret))
    submit(page)
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()
    axe_check(page)  # recovery codes

    for path in [
        "/nb/accounts/2fa/recovery-codes/",
        "/nb/accounts/2fa/recovery-codes/generate/",
        "/nb/accounts/2fa/totp/deactivate/",
        "/nb/accounts/2fa/",
        "/en/accounts/2fa/",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)


def test_login_with_totp_asks_for_the_code(page, axe_check, login_with_form):
    user = UserFactory(email="ola@example.no", password=PASSWORD)
    TOTP.activate(user, SECRET)
    login_with_form(page, "ola@example.no", PASSWORD)
    expect(page).to_have_url(re.compile(r"/nb/accounts/2fa/authenticate/$"))
    axe_check(page)

    page.get_by_label("Kode").fill("000000")
    submit(page)
    expect(page.get_by_label("Kode")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    page.get_by_label("Kode").fill(totp_code(SECRET))
    submit(page)
    expect(page).to_have_url(re.compile(r"/nb/min-side/$"))

    # The code step the admin asks of sessions that never passed one.
    page.goto("/nb/accounts/2fa/reauthenticate/?next=/nb/min-side/")
    expect(page.get_by_label("Kode")).to_be_visible()
    axe_check(page)
