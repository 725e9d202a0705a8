"""The cache backend for production: Django's RedisCache, except that Redis being away is a miss.

Redis holds nothing the platform cannot rebuild (rendered pages, Wagtail's site lookup, allauth's
rate-limit counters and spent TOTP codes), so when it does not answer every call behaves as if
the key were missing and the page is built from PostgreSQL instead:

- reads (``get``, ``get_many``, ``has_key``) answer the default, ``{}`` or ``False``;
- writes (``set``, ``set_many``, ``delete``, ``touch``, ``clear``) are dropped;
- ``incr``/``decr`` raise ``ValueError``, Django's answer for a missing key;
- ``add`` answers ``True``, as if stored. allauth takes a lock with ``add`` before it counts a
  rate-limited action, and records a spent TOTP code with it: ``False`` would refuse every
  login for a second and then as rate-limited, and refuse every TOTP code. So while Redis is
  away the login, sign-up and reset limits and TOTP's one-use check are open (fail open): a
  guessing attempt gains only for as long as the outage lasts, while refusing every login,
  every staff member's TOTP code included, would lock the house out of its own site.

A failed call opens a breaker for ``RETRY_SECONDS``: until then calls do not touch the network,
so a Redis that has vanished without closing its connections (a dead host, a firewall) costs one
short timeout per process, not one per call. The first failure of an outage is logged as a
warning, then at most once a minute, and the first success afterwards says Redis is back.

Why not django-redis with ``DJANGO_REDIS_IGNORE_EXCEPTIONS``: it turns errors into misses too, but
logs each one (or none), has no breaker, so every call of every request waits out the timeout
on a dead host, and answers ``add`` with ``None``, a refusal, which turns allauth's rate limits
into a locked door; and it is a second Redis client library beside the one Celery and Django
already use.
"""

from __future__ import annotations

import logging
import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from grunderhus.outages import Breaker, report_outage, report_recovery

logger = logging.getLogger(__name__)

# Socket errors and timeouts come wrapped in RedisError, and so do the answers of a Redis that
# cannot serve: still loading its data after a restart, out of memory, a read-only replica.
UNAVAILABLE = (RedisError,)
# After a failure, calls answer as misses without trying Redis for this long.
RETRY_SECONDS = 5.0

_lock = threading.Lock()
# One per location, shared by the process's threads (Django keeps a backend object per thread).
_breakers: dict[str, Breaker] = {}


def _breaker(location: str) -> Breaker:
    with _lock:
        if location not in _breakers:
            _breakers[location] = Breaker(RETRY_SECONDS)
        return _breakers[location]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._breaker = _breaker(server if isinstance(server, str) else ",".join(server))

    def _call(self, method, *args, fallback):
        if not self._breaker.allows():
            return fallback()
        try:
            result = method(*args)
        except UNAVAILABLE as exc:
            self._breaker.trip()
            report_outage(logger, "cache", "Redis cache unavailable (%s); serving without it", exc)
            return fallback()
        if self._breaker.close():
            report_recovery(logger, "cache", "Redis cache reachable again")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version, fallback=lambda: True)

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version, fallback=lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, key, value, timeout, version, fallback=lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version, fallback=lambda: False)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version, fallback=lambda: False)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, fallback=dict)

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, fallback=lambda: False)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")

        return self._call(super().incr, key, delta, version, fallback=missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._call(super().set_many, data, timeout, version, fallback=lambda: list(data))

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, keys, version, fallback=lambda: None)

    def clear(self):
        return self._call(super().clear, fallback=lambda: False)
