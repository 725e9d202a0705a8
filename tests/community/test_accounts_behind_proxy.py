"""Login rate limits count per visitor, not per proxy, when the site runs behind one.

In production every request reaches gunicorn from the reverse proxy, so REMOTE_ADDR is the
same for everyone; allauth must take the client's address from the proxy's X-Forwarded-For.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
VISITOR_A = "203.0.113.7"
VISITOR_B = "198.51.100.23"
TOO_MANY = "For mange innloggingsforsøk"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def login_url():
    with translation.override("nb"):
        return reverse("account_login")


def post_login(client, *, visitor, login, password):
    # What the proxy sends on: whatever the visitor claimed, then the address it saw.
    return client.post(
        login_url(),
        {"login": login, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {visitor}",
    )


def ten_bad_logins_from(client, visitor):
    # Ten different addresses, so only the per-IP limit (10/m/ip) is reached, not the
    # per-address one (5/5m/key).
    for attempt in range(10):
        response = post_login(
            client, visitor=visitor, login=f"nobody{attempt}@example.no", password="wrong"
        )
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_bad_logins_from_one_visitor_do_not_lock_out_another(client, password):
    UserFactory(email="kari@example.no")
    ten_bad_logins_from(client, VISITOR_A)

    response = post_login(client, visitor=VISITOR_B, login="kari@example.no", password=password)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_bad_logins_from_one_visitor_lock_out_that_visitor(client, password):
    UserFactory(email="kari@example.no")
    ten_bad_logins_from(client, VISITOR_A)

    response = post_login(client, visitor=VISITOR_A, login="kari@example.no", password=password)

    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_a_forged_x_forwarded_for_does_not_escape_the_limit(client, password):
    # The visitor may prepend anything; only the entry the proxy appended counts.
    UserFactory(email="kari@example.no")
    for attempt in range(10):
        client.post(
            login_url(),
            {"login": f"nobody{attempt}@example.no", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, {VISITOR_A}",
        )

    response = post_login(client, visitor=VISITOR_A, login="kari@example.no", password=password)

    assert TOO_MANY in response.content.decode()


def test_without_a_trusted_proxy_the_header_is_ignored(client, password):
    # Development and tests: nothing is in front of Django, so a client could forge the header.
    UserFactory(email="kari@example.no")
    ten_bad_logins_from(client, VISITOR_A)

    response = post_login(client, visitor=VISITOR_B, login="kari@example.no", password=password)

    assert TOO_MANY in response.content.decode()
