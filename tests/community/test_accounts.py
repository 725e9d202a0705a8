"""Sign-up, e-mail verification, login, logout, password reset and change of e-mail."""

import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from community.models import User
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kanel og appelsin 1987"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the cache; a test must not inherit another's count.
    cache.clear()
    yield
    cache.clear()


def url(name, lang="nb", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def path_of(link):
    return re.sub(r"^https?://[^/]+", "", link)


def signup_data(**overrides):
    data = {
        "full_name": "Kari Nordmann",
        "email": "kari@example.no",
        "preferred_language": "nb",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_signup_verify_confirm_logout_and_login(client):
    response = client.post(url("account_signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")

    user = User.objects.get(email="kari@example.no")
    assert user.full_name == "Kari Nordmann"
    assert user.preferred_language == "nb"
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory verification: nobody is logged in yet.
    assert "_auth_user_id" not in client.session
    assert client.get(url("dashboard")).status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.no"]
    assert message.subject == "[RE Gründerhus] Bekreft e-postadressen for å fullføre registreringen"
    assert "Velkommen, Kari Nordmann." in message.body
    link = path_of(link_in(message))
    assert link.startswith("/nb/accounts/confirm-email/")

    # Opening the link only shows a confirmation form; the POST confirms.
    page = client.get(link)
    assert page.status_code == 200
    assert "kari@example.no" in page.content.decode()
    assert not EmailAddress.objects.get(user=user).verified

    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
    dashboard = client.get(response["Location"], follow=True)
    assert "Kari Nordmann" in dashboard.content.decode()

    # GET on logout asks for confirmation and keeps the session.
    confirm = client.get(url("account_logout"))
    assert confirm.status_code == 200
    assert b'method="post"' in confirm.content
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(url("account_logout"))
    assert "_auth_user_id" not in client.session

    response = client.post(
        url("account_login"), {"login": "kari@example.no", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_saves_name_and_language_in_the_same_write_as_the_user(client):
    with CaptureQueriesContext(connection) as queries:
        client.post(url("account_signup", "en"), signup_data(preferred_language="en"))
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if '"community_user"' in q["sql"] and q["sql"].startswith(("INSERT", "UPDATE"))
    ]
    assert len(writes) == 1 and writes[0].startswith("INSERT")
    user = User.objects.get()
    assert (user.full_name, user.preferred_language) == ("Kari Nordmann", "en")


def test_signup_in_english_sends_an_english_mail(client):
    client.post(url("account_signup", "en"), signup_data(preferred_language="en"))
    message = mail.outbox[0]
    assert message.subject == "[RE Gründerhus] Confirm your e-mail address to finish signing up"
    assert "Welcome, Kari Nordmann." in message.body
    assert path_of(link_in(message)).startswith("/en/accounts/confirm-email/")


def test_mail_follows_the_chosen_language_not_the_page_language(client):
    # Signed up on the Norwegian pages but asked for English.
    client.post(url("account_signup", "nb"), signup_data(preferred_language="en"))
    message = mail.outbox[0]
    assert "Confirm your e-mail address" in message.subject
    assert path_of(link_in(message)).startswith("/en/")


def test_signup_form_has_name_and_language_fields(client):
    html = client.get(url("account_signup")).content.decode()
    assert 'name="full_name"' in html
    assert 'name="preferred_language"' in html
    assert '<label for="id_full_name">Fullt navn' in html
    assert '<option value="nb" selected>' in html


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_login_by_email_is_case_insensitive(client, password, lang):
    user = UserFactory(email="ola@example.no")
    response = client.post(
        url("account_login", lang), {"login": "  OLA@Example.NO ", "password": password}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "E-postadressen og/eller passordet du oppgav er feil."),
        ("en", "The email address and/or password you specified are not correct."),
    ],
)
def test_wrong_password_says_so(client, lang, expected):
    UserFactory(email="ola@example.no")
    response = client.post(url("account_login", lang), {"login": "ola@example.no", "password": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert 'value="ola@example.no"' in html  # what was typed is kept
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "For mange innloggingsforsøk. Vennligst prøv igjen senere."),
        ("en", "Too many failed login attempts. Try again later."),
    ],
)
def test_a_run_of_wrong_passwords_hits_the_rate_limit(client, password, lang, expected):
    UserFactory(email="ola@example.no")
    login = url("account_login", lang)
    for _attempt in range(5):
        response = client.post(login, {"login": "ola@example.no", "password": "wrong"})
        assert expected not in response.content.decode()
    response = client.post(login, {"login": "ola@example.no", "password": "wrong"})
    assert expected in response.content.decode()
    # Even the right password is refused until the window has passed.
    response = client.post(login, {"login": "ola@example.no", "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("lang", "overrides", "field", "expected"),
    [
        (
            "nb",
            {"password1": "password", "password2": "password"},
            "password1",
            "Dette passordet er for vanlig.",
        ),
        (
            "en",
            {"password1": "password", "password2": "password"},
            "password1",
            "This password is too common.",
        ),
        (
            "nb",
            {"password2": "noe helt annet 123"},
            "password2",
            "Du må skrive det samme passordet hver gang.",
        ),
        (
            "en",
            {"password2": "something else 123"},
            "password2",
            "You must type the same password each time.",
        ),
        ("nb", {"full_name": "   "}, "full_name", "Dette feltet er påkrevet."),
        ("en", {"full_name": ""}, "full_name", "This field is required."),
        ("nb", {"email": "ikke-en-adresse"}, "email", "Oppgi en gyldig e-postadresse"),
        ("en", {"email": "not-an-address"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_signup_input_gets_a_clear_message_and_saves_nothing(
    client, lang, overrides, field, expected
):
    response = client.post(url("account_signup", lang), signup_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    # The message is text tied to its field, and the field is marked invalid.
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'<[^>]*id="id_{field}"[^>]*aria-invalid="true"', html) or re.search(
        rf'<[^>]*aria-invalid="true"[^>]*id="id_{field}"', html
    )
    # What was typed is kept (passwords excepted).
    if field != "full_name":
        assert 'value="Kari Nordmann"' in html
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("lang", "subject", "body"),
    [
        (
            "nb",
            "[RE Gründerhus] Du har allerede en konto",
            "men det finnes allerede en konto med den adressen",
        ),
        (
            "en",
            "[RE Gründerhus] You already have an account",
            "but an account with that address already exists",
        ),
    ],
)
def test_signup_with_a_taken_address_looks_the_same_and_tells_the_owner(
    client, lang, subject, body
):
    owner = UserFactory(email="kari@example.no", preferred_language=lang)
    # The newcomer is on the other language's pages: the mail follows the owner.
    page_lang = "en" if lang == "nb" else "nb"
    response = client.post(
        url("account_signup", page_lang), signup_data(email="KARI@example.no", full_name="Ny")
    )
    # Same answer as a fresh sign-up, so the form does not reveal who has an account.
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent", page_lang)
    assert User.objects.get() == owner
    assert EmailAddress.objects.count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.no"]
    assert message.subject == subject
    assert body in message.body
    assert path_of(link_in(message)).startswith(f"/{lang}/accounts/password/reset/")


@pytest.mark.parametrize(
    ("lang", "heading", "text"),
    [
        ("nb", "Sjekk e-posten din", "Vi har sendt deg en e-post"),
        ("en", "Check your e-mail", "We have sent you an e-mail"),
    ],
)
def test_verification_sent_page_reads_clearly(client, lang, heading, text):
    client.post(url("account_signup", lang), signup_data(preferred_language=lang))
    html = client.get(url("account_email_verification_sent", lang)).content.decode()
    assert heading in html
    assert text in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "Denne lenken er utløpt eller ugyldig"),
        ("en", "This link has expired or is not valid"),
    ],
)
def test_forged_verification_key_is_refused_clearly(client, lang, expected):
    response = client.get(url("account_confirm_email", lang, key="forged-key"))
    assert response.status_code == 200
    assert expected in response.content.decode()
    response = client.post(url("account_confirm_email", lang, key="forged-key"))
    assert expected in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "Denne lenken er utløpt eller ugyldig"),
        ("en", "This link has expired or is not valid"),
    ],
)
def test_stale_verification_link_is_refused_and_verifies_nothing(client, lang, expected):
    client.post(url("account_signup", lang), signup_data(preferred_language=lang))
    link = path_of(link_in(mail.outbox[0]))
    with time_machine.travel(timezone.now() + timezone.timedelta(days=4)):
        response = client.post(link)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not EmailAddress.objects.get().verified
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("lang", "subject"),
    [
        ("nb", "[RE Gründerhus] Tilbakestill passordet ditt"),
        ("en", "[RE Gründerhus] Reset your password"),
    ],
)
def test_password_reset_by_mail_then_login(client, lang, subject):
    user = UserFactory(email="ola@example.no", preferred_language=lang)
    response = client.post(url("account_reset_password", lang), {"email": "Ola@example.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == subject
    link = path_of(link_in(message))
    assert link.startswith(f"/{lang}/accounts/password/reset/key/")

    # allauth swaps the key in the URL for one kept in the session, then shows the form.
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    client.logout()
    response = client.post(
        url("account_login", lang), {"login": "ola@example.no", "password": NEW_PASSWORD}
    )
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("nb", "Passordet er for kort"), ("en", "This password is too short")],
)
def test_password_reset_refuses_a_weak_password(client, password, lang, expected):
    user = UserFactory(email="ola@example.no", preferred_language=lang)
    client.post(url("account_reset_password", lang), {"email": "ola@example.no"})
    response = client.get(path_of(link_in(mail.outbox[0])), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "kort1", "password2": "kort1"})
    assert response.status_code == 200
    assert expected in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(url("account_reset_password"), {"email": "ingen@example.no"})
    assert response.status_code == 302
    assert response["Location"] == url("account_reset_password_done")
    # The address's owner (if any) learns that it has no account here, in the page's language.
    message = mail.outbox[0]
    assert message.subject == "[RE Gründerhus] Ukjent konto"
    assert "Hei fra RE Gründerhus!" in message.body
    assert not User.objects.exists()


def test_change_email_adds_and_verifies_the_new_address(client, password):
    user = UserFactory(email="ola@example.no", preferred_language="en")
    client.post(url("account_login"), {"login": "ola@example.no", "password": password})
    response = client.post(url("account_email"), {"action_add": "", "email": "ola.ny@example.no"})
    assert response.status_code == 302
    new = EmailAddress.objects.get(email="ola.ny@example.no")
    assert not new.verified
    user.refresh_from_db()
    assert user.email == "ola@example.no"  # not until the new one is confirmed

    message = mail.outbox[-1]
    assert message.to == ["ola.ny@example.no"]
    assert message.subject == "[RE Gründerhus] Confirm your e-mail address"
    response = client.post(path_of(link_in(message)))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "ola.ny@example.no"
    assert EmailAddress.objects.get(user=user, primary=True).email == "ola.ny@example.no"
    assert EmailAddress.objects.get(email="ola.ny@example.no").verified


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "kan ikke bekreftes her: en annen konto har allerede bekreftet den"),
        ("en", "cannot be confirmed here: another account has already confirmed it"),
    ],
)
def test_change_email_to_an_address_in_use_never_takes_it(client, password, lang, expected):
    owner = UserFactory(email="kari@example.no")
    user = UserFactory(email="ola@example.no", preferred_language=lang)
    client.post(url("account_login", lang), {"login": "ola@example.no", "password": password})
    mail.outbox.clear()
    # Enumeration prevention: the form does not say the address is taken; it is parked
    # unverified and its confirmation link can never take it from its owner.
    response = client.post(
        url("account_email", lang), {"action_add": "", "email": "kari@example.no"}
    )
    assert response.status_code == 302
    link = path_of(link_in(mail.outbox[-1]))
    response = client.get(link)
    assert expected in response.content.decode()
    client.post(link)
    user.refresh_from_db()
    assert user.email == "ola@example.no"
    assert EmailAddress.objects.get(user=owner).verified
    assert not EmailAddress.objects.filter(
        user=user, email="kari@example.no", verified=True
    ).exists()


def test_account_pages_render_inside_the_site_layout(client, password):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        html = client.get(url(name)).content.decode()
        assert '<a class="skip-link" href="#main">' in html, name
        assert "<h1>" in html, name


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "Du har prøvd dette for mange ganger på kort tid."),
        ("en", "You have tried this too many times in a short while."),
    ],
)
def test_a_run_of_password_reset_requests_is_slowed_down_clearly(client, lang, expected):
    UserFactory(email="ola@example.no")
    for _attempt in range(5):
        response = client.post(url("account_reset_password", lang), {"email": "ola@example.no"})
        assert response.status_code == 302
    response = client.post(url("account_reset_password", lang), {"email": "ola@example.no"})
    assert response.status_code == 429
    html = response.content.decode()
    assert expected in html
    assert f'<html lang="{lang}">' in html
    assert len(mail.outbox) == 5


def test_signup_is_all_or_nothing_when_the_address_cannot_be_stored(client, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("e-mail address table unavailable")

    monkeypatch.setattr("allauth.account.forms.setup_user_email", fail)
    with pytest.raises(RuntimeError):
        client.post(url("account_signup"), signup_data())
    # The user row written just before is rolled back with it.
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert not mail.outbox


def test_reset_mail_follows_the_owners_language_not_the_page(client):
    UserFactory(email="ola@example.no", preferred_language="en")
    client.post(url("account_reset_password", "nb"), {"email": "ola@example.no"})
    message = mail.outbox[0]
    assert message.subject == "[RE Gründerhus] Reset your password"
    assert "Hello from RE Gründerhus!" in message.body
    link = path_of(link_in(message))
    assert link.startswith("/en/accounts/password/reset/key/")
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()
