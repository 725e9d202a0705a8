"""Signed-in people without admin access are told so once, not bounced to the login page."""

import pytest

from community import roles
from tests.factories.community import EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [None, roles.ENTREPRENEUR, roles.MENTOR, roles.ALUMNUS])
def test_a_signed_in_person_without_admin_access_gets_a_403_in_their_language(client, role):
    person = UserFactory(role=role, preferred_language="nb")
    client.force_login(person)
    for path in ("/admin/", "/admin/plasser/", "/admin/pages/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403, path
        text = response.content.decode()
        assert "Du har ikke tilgang til denne siden" in text
        assert 'href="/nb/min-side/"' in text


def test_anonymous_visitors_are_still_sent_to_the_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/nb/accounts/login/")


def test_editors_enter_the_admin(client):
    client.force_login(EditorFactory())
    assert client.get("/admin/").status_code == 200


def test_a_superuser_made_by_the_command_can_log_in_at_once(client, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "en lang og trygg frase")
    call_command(
        "createsuperuser", interactive=False, email="Sjef@Example.no", full_name="Sjef", verbosity=0
    )
    response = client.post(
        "/nb/accounts/login/", {"login": "sjef@example.no", "password": "en lang og trygg frase"}
    )
    assert response.status_code == 302 and response["Location"] == "/nb/min-side/"
    assert client.get("/admin/").status_code == 200
