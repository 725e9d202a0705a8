"""A short-lived cache of the public Wagtail pages as anonymous visitors see them.

Rendering a page means routing it through the page tree, the menu, the language links, the
lists on it and, on the front page, every app's slot. For a visitor without a session (so:
not signed in, no pending messages) most pages are the same for everyone per host, address and
language, so the finished HTML is kept for ``GRUNDERHUS_HOME_CACHE_SECONDS`` (default 60; 0
turns it off). Only GET requests and the query parameters a page understands (paging, tag
filter) are cached; any other query string is rendered fresh.

**What is shared.** The decision is taken only after the page has been rendered, on what the
rendering did. A page is stored only when it is a plain 200 that

- used no CSRF token (a form: ``get_token`` ran, so CsrfViewMiddleware will set the visitor's
  cookie and ``Vary: Cookie``; the token in the HTML belongs to that visitor alone),
- set no cookie, wrote nothing to the session and added no message,
- varies on nothing but the language (the path and language are in the key),
- is not marked private/no-cache/no-store (Wagtail marks pages behind a view restriction so),
- and is not behind a view restriction on itself or an ancestor (one query on a miss).

So the event pages with the guest registration form are always rendered fresh, each with the
visitor's own token and cookie; the listings and articles are shared.

**Freshness.** Every copy is keyed by a generation number read *before* rendering; a write
that changes what cached pages show starts a new generation once its transaction commits
(a rolled-back write changes nothing). A render that began before the commit therefore lands
under the old, already dead generation, never under the new one. The writes are: publishing,
unpublishing, moving or deleting a page; view restrictions; the site and the house settings;
images; events, their programme and their registrations (places left); desks and seat
allocations (free seats on the front page). Mentors appear on no Wagtail page, so they are
not watched. Writes that bypass model signals (``QuerySet.update``, ``bulk_create``) are at
most ``GRUNDERHUS_HOME_CACHE_SECONDS`` old. A cache outage serves fresh pages, never a 500.

**Why not a library.** Django's ``UpdateCacheMiddleware``/``FetchFromCacheMiddleware``, as
site-wide middleware, see the final response: they refuse a page that sets the CSRF cookie for
a cookie-less visitor and key every copy on the headers named in ``Vary``. Here every page
varies on ``Cookie`` (the header reads ``request.user``), so anyone carrying any cookie gets a
copy of their own; they skip ``Cache-Control: private`` (how Wagtail marks restricted pages) but
keep a page that is restricted after it was cached until it expires; and as a view decorator
(``cache_page``) they store the page before the CSRF middleware has run, which is exactly the
bug of handing one visitor's token to everyone. wagtail-cache builds on the same middleware: it
ignores ``Vary: Cookie`` for visitors without a session or CSRF cookie and skips private
responses, but it caches redirects and 404s, still needs our own signals for snippets, settings
and registrations, and invalidates by clearing its whole cache backend, which here is the Redis
that also holds allauth's login rate limits and spent TOTP codes. One view-level function with a
generation counter is smaller than either and decides on exactly the rules above.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "home:page-cache:generation"
DEFAULT_SECONDS = 60

# Query parameters the public pages read; a URL with any other one is never cached.
CACHEABLE_PARAMS = {"page", "tag"}
# The only header a stored page may vary on: the language is in the path and in the key.
SHAREABLE_VARY = {"accept-language"}
PRIVATE_CACHE_CONTROL = {"private", "no-cache", "no-store"}


def seconds():
    return getattr(settings, "GRUNDERHUS_HOME_CACHE_SECONDS", DEFAULT_SECONDS)


def _new_generation():
    # A clock value rather than 1: if the counter is ever evicted, the next one cannot
    # repeat a number that live copies were stored under.
    return int(time.time() * 1000)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = _new_generation()
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    return value


def invalidate():
    """Start a new generation: every cached page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _new_generation(), None)


def _cacheable_request(request):
    return (
        seconds() > 0
        and request.method == "GET"
        and set(request.GET) <= CACHEABLE_PARAMS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request):
    where = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
        ]
    )
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"home:page-cache:{generation()}:{digest}"


def serve(request, path, view):
    """``view(request, path)``'s page, or the shared copy of it when there is one; a fresh
    page is stored for the next visitor when ``shareable`` says it may be."""
    key = None
    if _cacheable_request(request):
        try:
            key = _key(request)
            cached = cache.get(key)
        except Exception:
            logger.exception("Page cache unavailable; rendering %s fresh", path)
            key = cached = None
        if cached is not None:
            response = HttpResponse(cached["content"], content_type=cached["content_type"])
            # The copy is the anonymous page: a shared HTTP cache must not give it to others.
            patch_vary_headers(response, ["Cookie"])
            return response
    response = view(request, path)
    if key is not None:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if shareable(request, response, path=path):
            try:
                cache.set(
                    key,
                    {"content": response.content, "content_type": response["Content-Type"]},
                    seconds(),
                )
            except Exception:
                logger.exception("Page cache unavailable; %s not stored", path)
    return response


def shareable(request, response, *, path):
    """Whether this rendered response to an anonymous GET may be given to every visitor."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part
    }
    if cache_control & PRIVATE_CACHE_CONTROL:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - SHAREABLE_VARY:
        return False
    # What the outer middleware will turn into Set-Cookie / Vary: Cookie after this view: a
    # CSRF token in the page, a session write, a message added for the visitor.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if getattr(get_messages(request), "added_new", False):
        return False
    return not restricted(_routed_page(request, path))


def _routed_page(request, path):
    from wagtail.models import Page

    # Wagtail keeps the route it served on the request, so this costs no query.
    route = Page.route_for_request(request, path)
    return route[0] if route else None


def restricted(page):
    """Whether a view restriction applies to ``page``: on it, an ancestor, or the source of
    either when it is an alias (Wagtail's rule), in one query."""
    if page is None:
        return True
    from wagtail.models import Page, PageViewRestriction

    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths) | Q(page__in=sources)
    ).exists()


def _after_commit(sender=None, using=None, **kwargs):
    # Robust: the write has committed; a cache outage must not turn its request into a 500.
    transaction.on_commit(invalidate, using=using, robust=True)


def _after_image_write(sender=None, update_fields=None, **kwargs):
    # Wagtail fills in an image's size and hash on first use, while a page renders.
    if update_fields and set(update_fields) <= {"file_size", "file_hash"}:
        return
    _after_commit(sender, update_fields=update_fields, **kwargs)


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from community.models import Desk, SeatAllocation
    from events.models import Event, ProgrammeItem, Registration

    from .models import HouseSettings

    uid = "home.page_cache.invalidate"
    page_published.connect(_after_commit, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_after_commit, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(_after_commit, dispatch_uid=f"{uid}.moved")
    post_delete.connect(_after_commit, sender=Page, dispatch_uid=f"{uid}.page-deleted")
    image = get_image_model()
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_after_image_write, sender=image, dispatch_uid=f"{uid}.image-{name}")
        for model in (
            PageViewRestriction,
            Site,
            HouseSettings,
            Event,
            ProgrammeItem,
            Registration,
            Desk,
            SeatAllocation,
        ):
            signal.connect(
                _after_commit,
                sender=model,
                dispatch_uid=f"{uid}.{model._meta.label_lower}-{name}",
            )
