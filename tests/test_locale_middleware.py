"""A 404 outside the language prefix stays a 404; only a path nothing matched gets /nb/ added."""

import pytest

from tests.factories.community import StaffFactory

pytestmark = pytest.mark.django_db


def test_a_path_without_language_is_sent_to_its_language(client):
    response = client.get("/nyheter/")
    assert response.status_code == 302
    assert response["Location"] == "/nb/nyheter/"


def test_a_missing_object_in_the_admin_is_a_404_not_a_redirect_to_the_public_site(client):
    client.force_login(StaffFactory())
    response = client.get("/admin/plasser/soknad/999999/")
    assert response.status_code == 404
    assert "Accept-Language" in response["Vary"]
