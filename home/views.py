from django.contrib.syndication.views import Feed
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, get_language_from_request
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page

from .models import NewsPage

SEARCH_PER_PAGE = 10


def root_redirect(request):
    """The bare domain sends a visitor to the home page in their browser's language."""
    language = get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{language}/")


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
    feed_type = Atom1Feed
    description = gettext_lazy("News from RE Gründerhus in Asker")

    def title(self):
        return _("RE Gründerhus – news")

    def link(self):
        return f"/{get_language()}/"

    def items(self):
        return (
            NewsPage.objects.live().public().filter(locale=Locale.get_active())
            .order_by("-date", "-pk")[:20]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request=request))


def server_error(request):
    # Rendered without a request context: the failure may be in what a context needs.
    return HttpResponseServerError(loader.render_to_string("500.html"))
