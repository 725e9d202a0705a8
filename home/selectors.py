from django.db.models import Count
from taggit.models import Tag

from .models import NewsPage, NewsPageTag


def news_latest(*, locale, limit=3):
    return list(
        NewsPage.objects.live().public().filter(locale=locale)
        .select_related("image").order_by("-date", "-pk")[:limit]
    )


def news_for_index(*, index, tag=None):
    qs = (
        NewsPage.objects.live().public().child_of(index)
        .select_related("image").prefetch_related("tags").order_by("-date", "-pk")
    )
    if tag:
        qs = qs.filter(tags__slug=tag)
    return qs


def news_tags(*, index):
    news_ids = NewsPage.objects.live().child_of(index).values("pk")
    return (
        Tag.objects.filter(pk__in=NewsPageTag.objects.filter(content_object__in=news_ids)
                           .values("tag_id"))
        .annotate(n=Count("home_newspagetag_items")).order_by("name")
    )
