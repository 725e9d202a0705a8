import copy
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import (
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail.views import serve as wagtail_serve

from . import page_cache
from .models import NewsIndexPage
from .selectors import news_for_feed, site_home

SEARCH_PER_PAGE = 10


def root_redirect(request):
    """The bare domain sends a visitor to the home page in their browser's language."""
    language = get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{language}/")


def public_page(request, path):
    """A Wagtail page: from the anonymous page cache when it may be, otherwise served by
    Wagtail as usual (and stored for the next visitor when it is safe to share)."""
    return page_cache.serve(request, path, wagtail_serve)


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        locale = Locale.get_active()
        results = Page.objects.live().public().filter(locale=locale).specific().search(query)
    paginator = Paginator(results, SEARCH_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return render(request, "home/search.html", {"query": query, "results": page})


class NewsFeed(Feed):
    """The newest articles in the active language as an Atom feed (/nb/… and /en/…)."""

    feed_type = Atom1Feed

    request = None

    def __call__(self, request, *args, **kwargs):
        # One copy per request, so article links come from Wagtail's routing for this request
        # without sharing state between threads.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return Locale.get_active()

    def title(self, obj):
        return _("RE Gründerhus – news")

    def subtitle(self, obj):
        return _("News from RE Gründerhus in Asker")

    def link(self, obj):
        index = NewsIndexPage.objects.live().public().filter(locale=obj).order_by("path").first()
        if index is not None:
            return index.get_url(self.request)
        home = site_home(self.request)
        return home.get_url(self.request) if home is not None else f"/{obj.language_code}/"

    def feed_url(self, obj):
        return self.request.path

    def items(self, obj):
        return news_for_feed(locale=obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at or datetime.combine(
            item.date, time(12), tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)


def bad_request(request, exception=None):
    return HttpResponseBadRequest(loader.render_to_string("400.html", {}, request=request))


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request=request))


def server_error(request):
    # Rendered without a request context: the failure may be in what a context needs.
    return HttpResponseServerError(loader.render_to_string("500.html"))
