import pytest

from tests.factories.home import site_tree


@pytest.fixture
def tree(db):
    """nb home (the default site's root) with a news index, and their English versions."""
    return site_tree()
