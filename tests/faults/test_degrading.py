"""In one process, no servers to start: Redis away is a cache miss logged once a minute, a
publish that fails after the commit is caught and hands the row back to the dispatcher, /readyz
says what is missing, and a database error is a 503 page in the visitor's language."""

import logging
import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError, transaction
from django.test import Client, override_settings
from kombu.exceptions import OperationalError as BrokerError

from grunderhus import outages
from notifications import services
from notifications.models import Notification
from tests.factories.community import UserFactory
from tests.factories.events import EventFactory

from .servers import free_port

KIND = "faults.confirmation"


def resilient_cache(url):
    return {
        "default": {
            "BACKEND": "grunderhus.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_away():
    """The cache points at a port nobody listens on."""
    with override_settings(CACHES=resilient_cache(f"redis://127.0.0.1:{free_port()}/0")):
        yield caches["default"]


@pytest.fixture
def clock(monkeypatch):
    """The clock outages.py reads for its breakers and its once-a-minute log."""
    now = [1000.0]
    monkeypatch.setattr(outages.time, "monotonic", lambda: now[0])
    return now


# --- The cache ----------------------------------------------------------------------------------


def test_an_unreachable_cache_answers_like_an_empty_one(redis_away):
    cache = redis_away
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.set("k", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("k") is False
    assert cache.touch("k") is False
    assert cache.get_or_set("k", 5) == 5
    with pytest.raises(ValueError):
        cache.incr("k")
    # add "stores": allauth's rate-limit lock and its spent-TOTP marker go through (fail open).
    assert cache.add("lock", True) is True


def test_the_outage_is_logged_once_a_minute_and_the_recovery_once(redis_away, clock, caplog):
    cache = redis_away
    caplog.set_level(logging.INFO, logger="grunderhus.cache")
    with mock.patch.object(cache._cache, "get", wraps=cache._cache.get) as tried:
        for _ in range(50):
            cache.get("k")
        # The breaker: one try, then misses without touching the network for a while.
        assert tried.call_count == 1
        clock[0] += 5.5
        for _ in range(50):
            cache.get("k")
        assert tried.call_count == 2
    assert [r.getMessage()[:30] for r in caplog.records] == ["Redis cache unavailable (Conne"]

    clock[0] += 61
    cache.get("k")
    assert len(caplog.records) == 2
    assert "(1 more failures since the last report)" in caplog.records[1].getMessage()

    clock[0] += 6
    with mock.patch.object(cache._cache, "get", return_value="back"):
        assert cache.get("k") == "back"
    assert caplog.records[-1].getMessage() == "Redis cache reachable again"


def test_a_dead_host_costs_one_short_timeout_not_one_per_call(redis_away):
    cache = redis_away
    started = time.monotonic()
    for _ in range(100):
        cache.get("k")
    assert time.monotonic() - started < 1.0


@pytest.mark.django_db
def test_pages_login_and_its_rate_limit_work_without_the_cache(redis_away, password):
    from tests.factories.events import event_index_pages
    from tests.factories.home import site_tree

    tree = site_tree()
    event_index_pages(tree)
    event = EventFactory()
    user = UserFactory(password=password)
    client = Client()
    for path in ("/nb/", "/en/", "/nb/arrangementer/", event.get_absolute_url("nb")):
        assert client.get(path).status_code == 200, path
    for _ in range(12):  # more than the 10 a minute allowed: with no counter, none is refused
        wrong = client.post("/nb/accounts/login/", {"login": user.email, "password": "nope"})
        assert wrong.status_code == 200
    right = client.post("/nb/accounts/login/", {"login": user.email, "password": password})
    assert right.status_code == 302


# --- Queueing after the commit -------------------------------------------------------------------


@pytest.fixture
def broker_away():
    from notifications.registry import NotificationKind, register_kind, unregister_kind
    from notifications.tasks import notifications_send_batch

    register_kind(NotificationKind(key=KIND, label="Confirmation", transactional=True))

    failure = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(notifications_send_batch, "delay", side_effect=failure) as delay:
        yield delay
    unregister_kind(KIND)


@pytest.mark.django_db(transaction=True)
def test_a_publish_that_fails_after_the_commit_hands_the_row_to_the_dispatcher(broker_away, caplog):
    user = UserFactory()
    caplog.set_level(logging.WARNING, logger="notifications.services")
    rows = []
    for _ in range(3):
        with transaction.atomic():
            rows.append(services.notification_send_now(kind=KIND, subject=user, recipient=user))
    # Tried once; the breaker keeps the next requests from trying again at once.
    assert broker_away.call_count == 1
    assert len(caplog.records) == 1 and "Broker unavailable" in caplog.records[0].getMessage()
    for row in rows:
        row.refresh_from_db()
        assert (row.state, row.claimed_at, row.claim_token) == ("pending", None, "")
    # The dispatcher's next run takes them now, not when the claim's lease would have ended.
    ids, _token = services.notifications_claim_due()
    assert sorted(ids) == sorted(r.pk for r in rows)


@pytest.mark.django_db(transaction=True)
def test_the_dispatcher_stops_and_releases_its_claim_when_the_broker_is_away(broker_away):
    from notifications import tasks

    user = UserFactory()
    row = services.notification_send_now(kind=KIND, subject=user, recipient=user)
    outages.reset()
    assert tasks.notifications_dispatch_due() == 0
    row.refresh_from_db()
    assert row.claimed_at is None and row.state == Notification.State.PENDING


# --- Readiness ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_is_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_what_is_missing_and_nothing_secret(client):
    url = f"redis://:s3cret-password@127.0.0.1:{free_port()}/0"
    with override_settings(REDIS_URL=url):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database: ok\nredis: unavailable\n"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_readyz_says_when_the_database_is_away(client):
    refused = OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed')
    with mock.patch("grunderhus.views._database_answers", side_effect=refused):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.startswith(b"database: unavailable\n")
    assert b"10.0.0.5" not in response.content


# --- The database away: 503 --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, heading",
    [("nb", "Vi er straks tilbake"), ("en", "We will be back in a moment")],
)
def test_a_database_error_is_a_503_page_in_the_visitors_language(language, heading):
    client = Client(raise_request_exception=False)
    gone = OperationalError("terminating connection due to administrator command")
    with mock.patch("events.selectors.event_for_registration", side_effect=gone):
        response = client.post(f"/{language}/arrangementer/frokost/pamelding/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert heading in page and f'<html lang="{language}">' in page


@pytest.mark.django_db
def test_any_other_error_is_still_the_500_page():
    client = Client(raise_request_exception=False)
    with mock.patch("events.selectors.event_for_registration", side_effect=RuntimeError("bug")):
        response = client.post("/nb/arrangementer/frokost/pamelding/")
    assert response.status_code == 500
    assert "Retry-After" not in response
