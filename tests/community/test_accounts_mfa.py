"""TOTP two-factor for everyone, and the admin's door when staff must use it."""

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from community import roles
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url(name, lang="nb"):
    with translation.override(lang):
        return reverse(name)


def current_code(secret):
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]  # now, the middle of the tolerance window
    return format_hotp_value(hotp_value(secret, counter))


def log_in(client, user, password, lang="nb"):
    return client.post(url("account_login", lang), {"login": user.email, "password": password})


def activate_totp(client, password):
    """Walk the activation page as a person would, typing the code the app shows."""
    page = client.get(url("mfa_activate_totp"))
    if page.status_code == 302:
        # allauth asks for the password again before a security setting changes.
        assert page["Location"].startswith(url("account_reauthenticate"))
        response = client.post(page["Location"], {"password": password})
        assert response.status_code == 302
        page = client.get(url("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # shown as text for those who cannot scan
    response = client.post(url("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_any_member_can_turn_on_totp_and_then_login_asks_for_the_code(client, password):
    user = UserFactory()
    log_in(client, user, password)
    secret = activate_totp(client, password)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    client.post(url("account_logout"))
    response = log_in(client, user, password)
    # The password alone is not enough: allauth sends the user on to the code step.
    assert response.status_code == 302
    assert response["Location"] == url("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(url("dashboard")).status_code == 302

    # A little later (a code is accepted once) the app shows a new code.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=60)):
        response = client.post(url("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(("lang", "expected"), [("nb", "Feil kode."), ("en", "Incorrect code.")])
def test_a_wrong_code_is_refused_clearly(client, password, lang, expected):
    user = UserFactory()
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    log_in(client, user, password, lang)
    response = client.post(url("mfa_authenticate", lang), {"code": "000000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert 'aria-invalid="true"' in html
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("lang", "expected"), [("nb", "Feil kode."), ("en", "Incorrect code.")])
def test_activation_with_a_wrong_code_creates_nothing(client, password, lang, expected):
    user = UserFactory()
    log_in(client, user, password, lang)
    page = client.get(url("mfa_activate_totp", lang))
    client.post(page["Location"], {"password": password})
    client.get(url("mfa_activate_totp", lang))
    response = client.post(url("mfa_activate_totp", lang), {"code": "123"})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_mfa_pages_render_in_the_site_layout(client, password):
    user = UserFactory()
    log_in(client, user, password)
    for name in ["mfa_index", "account_reauthenticate"]:
        html = client.get(url(name)).content.decode()
        assert '<a class="skip-link" href="#main">' in html, name
    activate_totp(client, password)
    for name in ["mfa_index", "mfa_view_recovery_codes", "mfa_deactivate_totp"]:
        response = client.get(url(name))
        assert response.status_code == 200, name
        assert '<a class="skip-link" href="#main">' in response.content.decode(), name


# --- The admin's door ----------------------------------------------------------------------


@override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False)
def test_admin_open_to_staff_without_totp_when_not_required(client, password):
    staff = UserFactory(role=roles.STAFF)
    log_in(client, staff, password)
    assert client.get("/admin/").status_code == 200


@override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=True)
def test_admin_sends_staff_without_totp_to_set_it_up(client, password):
    staff = UserFactory(role=roles.STAFF)
    log_in(client, staff, password)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == url("mfa_activate_totp")
    # The way out stays open: the set-up page and logging out.
    setup = client.get(url("mfa_activate_totp"), follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith(url("account_reauthenticate"))
    assert client.get(url("account_logout")).status_code == 200

    secret = activate_totp(client, password)
    # Activating proved a code once; the admin asks for one as a login step of this session.
    response = client.get("/admin/")
    assert response["Location"] == url("mfa_reauthenticate") + "?next=%2Fadmin%2F"
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=60)):
        response = client.post(response["Location"], {"code": current_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=True)
def test_a_session_that_never_passed_a_code_is_asked_for_one(client, password):
    staff = UserFactory(role=roles.STAFF)
    # Logged in with the password alone, before TOTP was turned on (say, on another device).
    log_in(client, staff, password)
    TOTP.activate(staff, SECRET)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == url("mfa_reauthenticate") + "?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"])
    assert "Skriv inn en kode fra autentiseringsappen din" in page.content.decode()
    response = client.post(response["Location"], {"code": "000000"})
    assert response.status_code == 200
    assert "Feil kode." in response.content.decode()
    assert client.get("/admin/pages/")["Location"].startswith(url("mfa_reauthenticate"))
    response = client.post(
        url("mfa_reauthenticate") + "?next=%2Fadmin%2Fpages%2F", {"code": current_code(SECRET)}
    )
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


@override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=True)
def test_admin_logout_stays_reachable_without_totp(client, password):
    staff = UserFactory(role=roles.STAFF)
    log_in(client, staff, password)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=True)
def test_members_are_not_sent_to_totp_set_up_by_the_admin_rule(client, password):
    member = UserFactory()
    log_in(client, member, password)
    response = client.get("/admin/")
    # The admin door turns them away with a 403; no detour through the TOTP set-up.
    assert response.status_code == 403


@pytest.mark.parametrize("required", [True, False])
def test_wagtail_login_hands_over_to_allauth_login(client, required):
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=required):
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith(url("account_login") + "?next=")
        assert response["Location"].endswith("next=/admin/pages/")
        # Wagtail's own password-only form is never served.
        response = client.get("/admin/login/?next=/admin/pages/")
        assert response.status_code == 302
        assert response["Location"] == url("account_login") + "?next=%2Fadmin%2Fpages%2F"


@override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=True)
def test_staff_with_totp_reach_the_admin_through_the_code_step(client, password):
    staff = UserFactory(role=roles.STAFF)
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(staff, secret)
    response = client.post(
        url("account_login") + "?next=/admin/",
        {"login": staff.email, "password": password, "next": "/admin/"},
    )
    assert response["Location"].startswith(url("mfa_authenticate"))
    response = client.post(url("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wagtail_password_reset_hands_over_to_allauth(client):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == url("account_reset_password")
