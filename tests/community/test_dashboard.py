"""'Min side': the member's own page and profile."""

import copy

import pytest
from django.urls import reverse
from django.utils import translation

from community.dashboard import _panels, register_panel
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db


def url(name, lang="nb"):
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize("name", ["dashboard", "profile_edit"])
def test_min_side_requires_login(client, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login") + "?next=")


def test_min_side_shows_name_and_email(client):
    user = UserFactory(full_name="Kari Nordmann", email="kari@example.no")
    client.force_login(user)
    response = client.get(url("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Min side</h1>" in html
    assert "Velkommen, Kari Nordmann." in html
    assert "kari@example.no" in html
    assert url("profile_edit") in html
    assert url("mfa_index") in html


def test_min_side_in_english(client):
    client.force_login(UserFactory(full_name="Kari Nordmann"))
    html = client.get(url("dashboard", "en")).content.decode()
    assert "<h1>My page</h1>" in html
    assert "Welcome, Kari Nordmann." in html


def test_min_side_renders_registered_panels_for_this_user(client, monkeypatch, settings, tmp_path):
    (tmp_path / "panel.html").write_text("<section><h2>{{ panel.text }}</h2></section>")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    monkeypatch.setattr("community.dashboard._panels", dict(_panels))
    shown_to = []

    def build(request):
        shown_to.append(request.user)
        return ("panel.html", {"text": "A panel from another app"})

    register_panel("test-panel", build, order=1)
    register_panel("hidden-panel", lambda request: None, order=2)
    user = UserFactory()
    client.force_login(user)
    response = client.get(url("dashboard"))
    assert "A panel from another app" in response.content.decode()
    assert shown_to == [user]


def test_profile_edit_saves_name_and_language(client):
    user = UserFactory(full_name="Kari Nordmann", preferred_language="nb")
    client.force_login(user)
    response = client.post(
        url("profile_edit"), {"full_name": "  Kari   Nordmann Hansen ", "preferred_language": "en"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("dashboard")
    user.refresh_from_db()
    assert user.full_name == "Kari Nordmann Hansen"
    assert user.preferred_language == "en"
    page = client.get(response["Location"])
    assert "Profilen din er lagret." in page.content.decode()


@pytest.mark.parametrize(
    ("lang", "data", "field", "expected"),
    [
        (
            "nb",
            {"full_name": "", "preferred_language": "nb"},
            "full_name",
            "Dette feltet er påkrevet.",
        ),
        (
            "en",
            {"full_name": "   ", "preferred_language": "nb"},
            "full_name",
            "This field is required.",
        ),
        (
            "nb",
            {"full_name": "Kari", "preferred_language": "sv"},
            "preferred_language",
            "Velg et gyldig valg.",
        ),
        (
            "en",
            {"full_name": "Kari", "preferred_language": "sv"},
            "preferred_language",
            "Select a valid choice.",
        ),
    ],
)
def test_profile_edit_refuses_bad_input_and_keeps_it(client, lang, data, field, expected):
    user = UserFactory(full_name="Kari Nordmann", preferred_language="nb")
    client.force_login(user)
    response = client.post(url("profile_edit", lang), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Kari Nordmann", "nb")


def test_profile_edit_only_touches_the_logged_in_user(client):
    other = UserFactory(full_name="Ola Nordmann")
    client.force_login(UserFactory())
    client.post(
        url("profile_edit"), {"full_name": "Hacked", "preferred_language": "en", "id": other.pk}
    )
    other.refresh_from_db()
    assert other.full_name == "Ola Nordmann"
