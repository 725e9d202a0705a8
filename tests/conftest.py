import pytest
from django.db import connection

from tests.factories.community import StaffFactory, UserFactory

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` prove what only PostgreSQL enforces: skip them elsewhere."""
    from django.conf import settings

    if settings.DATABASE_IS_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A test that activates a language (or a view that leaves one active in this thread) must
    not change the language of the next test."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _home_page_cache_off():
    """The anonymous front-page cache (home/page_cache.py) would carry a page from one test
    into the next; the tests that are about it turn it back on. (Not the ``settings`` fixture:
    some tests parametrize a name ``settings`` of their own.)"""
    from django.test import override_settings

    with override_settings(GRUNDERHUS_HOME_CACHE_SECONDS=0):
        yield
