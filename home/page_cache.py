"""A short-lived cache of the public Wagtail pages as anonymous visitors see them.

Rendering a page means routing it through the page tree, the menu, the language links, the
lists on it and, on the front page, every app's slot. For a visitor without a session (so:
not signed in, no pending messages) the finished HTML is the same for everyone per host and
address, so it is kept for ``GRUNDERHUS_HOME_CACHE_SECONDS`` (default 60; 0 turns it off).
Only the query parameters a page understands (paging, tag filter) get their own copy; any
other query string is rendered fresh. Publishing, unpublishing, moving or deleting a page, or
changing the site or the house settings, starts a new generation at once; data from other
apps shown on pages (events and free places, free seats) is at most that many seconds old.

A response is only stored when it is a plain 200 that set no cookie and used no CSRF token,
so nothing personal or form-bearing is ever shared.
"""

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "home:page-cache:generation"
DEFAULT_SECONDS = 60


def seconds():
    return getattr(settings, "GRUNDERHUS_HOME_CACHE_SECONDS", DEFAULT_SECONDS)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    return generation


def invalidate(**kwargs):
    """Start a new generation: every cached page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, None)


# Query parameters the public pages read; a URL with any other one is never cached.
CACHEABLE_PARAMS = {"page", "tag"}


def _cacheable_request(request):
    return (
        seconds() > 0
        and request.method == "GET"
        and set(request.GET) <= CACHEABLE_PARAMS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request):
    return ":".join(
        [
            "home:page-cache",
            str(_generation()),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
        ]
    )


def get(request):
    """The cached page for this request, or None (also when it may not be shared)."""
    if not _cacheable_request(request):
        return None
    return cache.get(_key(request))


def store(request, response):
    if not _cacheable_request(request):
        return
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    cache.set(
        _key(request),
        {"content": response.content, "content_type": response["Content-Type"]},
        seconds(),
    )


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import HouseSettings

    uid = "home.page_cache.invalidate"
    page_published.connect(invalidate, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(invalidate, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(invalidate, dispatch_uid=f"{uid}.moved")
    post_delete.connect(invalidate, sender=Page, dispatch_uid=f"{uid}.deleted")
    post_save.connect(invalidate, sender=Site, dispatch_uid=f"{uid}.site")
    post_save.connect(invalidate, sender=HouseSettings, dispatch_uid=f"{uid}.settings")
