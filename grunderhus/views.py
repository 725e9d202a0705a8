"""Views of the project itself, outside any app."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from grunderhus.outages import report_outage

logger = logging.getLogger(__name__)

# Seconds each readiness check may take: a probe answers within a load balancer's timeout.
READY_TIMEOUT = 2
# What a 503 asks browsers and crawlers to wait before they try again.
RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request):
    """Liveness for load balancers and compose healthchecks: the process answers, nothing more.

    It touches neither the database nor the cache, so a slow database does not take every web
    process out of rotation at once.
    """
    return HttpResponse("ok", content_type="text/plain")


def _database_answers():
    """SELECT 1 on a connection of its own, opened with a short timeout, so the check neither
    waits on the request's connection nor leaves a broken one behind."""
    wrapper = connections["default"]
    params = wrapper.get_connection_params()
    if wrapper.vendor == "postgresql":
        params["connect_timeout"] = READY_TIMEOUT  # libpq: whole seconds, 2 at least
    connection = wrapper.get_new_connection(params)
    try:
        cursor = connection.cursor()
        if wrapper.vendor == "postgresql":
            cursor.execute(f"SET statement_timeout = {READY_TIMEOUT * 1000}")
        cursor.execute("SELECT 1")
        cursor.fetchone()
    finally:
        connection.close()


def _redis_answers():
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=READY_TIMEOUT, socket_timeout=READY_TIMEOUT
    )
    try:
        client.ping()
    finally:
        client.close()


def _readiness_checks():
    checks = {"database": _database_answers}
    if settings.REDIS_URL:
        checks["redis"] = _redis_answers  # the cache and Celery's broker
    return checks


@never_cache
@require_safe
def readyz(request):
    """Readiness: "ok" when the database and Redis (with REDIS_URL) answer, else 503 and what
    is missing, one service a line. For monitoring, deploys and anything that should wait for
    the whole stack; each check has its own short timeout and the answer names no address or
    error (those go to the log, at most once a minute per service).
    """
    lines, missing = [], False
    for name, check in _readiness_checks().items():
        try:
            check()
        except Exception as exc:
            missing = True
            lines.append(f"{name}: unavailable")
            report_outage(logger, f"readyz:{name}", f"Readiness: {name} unavailable (%s)", exc)
        else:
            lines.append(f"{name}: ok")
    if missing:
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def _database_error(exc):
    """Whether ``exc``, or an error it was raised from, says the database is away."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def database_unavailable(request):
    """The 503 page, in the visitor's language, rendered without the database (no request
    context: no user, no messages, no site settings)."""
    try:
        content = loader.render_to_string("503.html")
    except Exception:
        logger.exception("The 503 page could not be rendered")
        content = "Service unavailable / Tjenesten er utilgjengelig"
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500. A database that is restarting or failing over fails the requests in flight:
    they get a 503 with Retry-After instead of a 500, and with CONN_HEALTH_CHECKS the next
    request opens a fresh connection. Anything else is the house's 500 page."""
    if _database_error(sys.exc_info()[1]):
        return database_unavailable(request)
    from home.views import server_error as house_server_error

    return house_server_error(request)
