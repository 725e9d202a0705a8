"""Reads for the public site. Every list fetches its images and renditions up front, so a
page's query count does not grow with the number of articles on it."""

from django.db.models import Count, Prefetch, Q
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from .models import NewsPage

# The rendition the news card asks for; keep in step with home/includes/news_card.html.
CARD_RENDITION = "fill-480x270"


def _with_card_images(qs):
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_RENDITION)
    return qs.select_related("image").prefetch_related(
        Prefetch("image__renditions", queryset=renditions)
    )


def news_latest(*, locale, limit=3):
    """The newest published articles in one language, newest first."""
    qs = NewsPage.objects.live().public().filter(locale=locale).order_by("-date", "-pk")
    return list(_with_card_images(qs)[:limit])


def news_for_index(*, index, tag=None):
    """The published articles under one news index, newest first, optionally one tag's."""
    qs = NewsPage.objects.live().public().child_of(index).order_by("-date", "-pk")
    if tag is not None:
        qs = qs.filter(tagged_items__tag=tag)
    return _with_card_images(qs)


def news_tags(*, index):
    """The tags used by published articles under one news index, with how many use each."""
    news_ids = NewsPage.objects.live().public().child_of(index).values("pk")
    in_index = Q(home_newspagetag_items__content_object__in=news_ids)
    return list(
        Tag.objects.filter(in_index)
        .annotate(n=Count("home_newspagetag_items", filter=in_index, distinct=True))
        .order_by("name")
    )


def news_for_feed(*, locale, limit=20):
    """The newest published articles in one language for the Atom feed."""
    return list(
        NewsPage.objects.live()
        .public()
        .filter(locale=locale)
        .defer_streamfields()
        .order_by("-date", "-pk")[:limit]
    )


def site_home(request):
    """The home page of the request's site in the active language (or None), once a request."""
    if hasattr(request, "_grunderhus_home"):
        return request._grunderhus_home
    home = None
    site = Site.find_for_request(request)
    if site is not None:
        root = site.root_page
        locale = Locale.get_active()
        home = root if root.locale_id == locale.pk else root.get_translation_or_none(locale)
        if home is not None and not home.live:
            home = None
    request._grunderhus_home = home
    return home


def menu_pages(request):
    """The live public pages below the home page that editors marked 'show in menus'."""
    home = site_home(request)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu())


def page_translations(request, page):
    """The live translations of a page (itself included) keyed by language code, once a
    request."""
    cache = request.__dict__.setdefault("_grunderhus_translations", {})
    if page.pk not in cache:
        cache[page.pk] = {
            p.locale.language_code: p
            for p in Page.objects.live()
            .public()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
        }
    return cache[page.pk]
