"""List pages fetch a fixed number of queries, however many articles there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.home import NewsPageFactory, image_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cache(settings):
    # Wagtail keeps renditions in the cache too; without it a missing prefetch shows up as
    # one query per card instead of hiding behind cache hits.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _queries(client, url):
    client.get(url)  # warm up: renditions are generated on the first view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _news(tree, n):
    image = image_create()
    for i in range(n):
        NewsPageFactory(
            parent=tree.news_index,
            image=image if i % 2 else None,
            tags=["Partnere"] if i % 3 else ["Arrangementer"],
        )


@pytest.mark.parametrize("url", ["/nb/", "/nb/nyheter/", "/nb/nyheter/?tag=partnere"])
def test_query_count_does_not_grow_with_news(client, tree, url):
    _news(tree, 3)
    few = _queries(client, url)
    _news(tree, 27)
    many = _queries(client, url)
    assert few == many


def test_each_card_image_is_its_own_rendition_but_fetched_together(client, tree):
    # Different images per card: still one query for all their renditions.
    for i in range(3):
        NewsPageFactory(parent=tree.news_index, image=image_create(title=f"Bilde {i}"))
    few = _queries(client, "/nb/nyheter/")
    for i in range(3, 10):
        NewsPageFactory(parent=tree.news_index, image=image_create(title=f"Bilde {i}"))
    many = _queries(client, "/nb/nyheter/")
    assert few == many
