import pytest

from tests.factories.events import event_index_pages
from tests.factories.home import site_tree


@pytest.fixture
def tree(db):
    return site_tree()


@pytest.fixture
def index_pages(tree):
    return event_index_pages(tree)


@pytest.fixture
def member(db):
    from community import roles
    from tests.factories.community import UserFactory

    return UserFactory(role=roles.ENTREPRENEUR)
