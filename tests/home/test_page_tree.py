import pytest
from wagtail.models import Page

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_only_at_the_top_and_once(tree):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)  # one already there
    assert not HomePage.can_create_at(tree.news_index)
    assert not HomePage.can_create_at(tree.home)


def test_news_index_only_under_home_and_once(tree):
    assert not NewsIndexPage.can_create_at(tree.home)  # the tree already has one
    assert not NewsIndexPage.can_create_at(Page.get_first_root_node())
    page = StandardPageFactory(parent=tree.home)
    assert not NewsIndexPage.can_create_at(page)


def test_news_page_only_under_a_news_index(tree):
    assert NewsPage.can_create_at(tree.news_index)
    assert not NewsPage.can_create_at(tree.home)
    page = StandardPageFactory(parent=tree.home)
    assert not NewsPage.can_create_at(page)


def test_standard_page_under_home_and_other_standard_pages(tree):
    assert StandardPage.can_create_at(tree.home)
    page = StandardPageFactory(parent=tree.home)
    assert StandardPage.can_create_at(page)
    assert not StandardPage.can_create_at(tree.news_index)


def test_allowed_subpage_types():
    from django.apps import apps

    event_index = apps.get_model("events", "EventIndexPage")
    assert set(HomePage.allowed_subpage_models()) == {NewsIndexPage, StandardPage, event_index}
    assert NewsIndexPage.allowed_subpage_models() == [NewsPage]
    assert NewsPage.allowed_subpage_models() == []
    assert StandardPage.allowed_subpage_models() == [StandardPage]
