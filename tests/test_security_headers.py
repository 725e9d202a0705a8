"""Content-Security-Policy and Permissions-Policy on public, member and admin pages.

Public and member pages get a policy with no inline script or style, so the templates they use
must keep both in static files; the Wagtail admin gets its own, looser policy under /admin/.
"""

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from grunderhus.security import PermissionsPolicyMiddleware, permissions_policy
from tests.factories.community import StaffFactory, UserFactory
from tests.factories.home import site_tree

ROOT = Path(__file__).resolve().parent.parent


def policy(response):
    """{"script-src": ["'self'"], ...} from the response's Content-Security-Policy."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def url(name, lang="nb"):
    with translation.override(lang):
        return reverse(name)


def assert_strict(response):
    directives = policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


def assert_no_powerful_features(response):
    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy(client):
    site_tree()
    for path in ("/nb/", "/en/", url("account_login"), url("account_signup"), url("search")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response)
        assert_no_powerful_features(response)


@pytest.mark.django_db
def test_not_found_page_gets_the_strict_policy(client):
    site_tree()
    response = client.get("/nb/finnes-ikke/")

    assert response.status_code == 404
    assert_strict(response)


@pytest.mark.django_db
def test_member_pages_get_the_strict_policy(client):
    site_tree()
    client.force_login(UserFactory())
    for name in ("dashboard", "profile_edit", "mfa_index", "account_email"):
        response = client.get(url(name))
        assert response.status_code == 200, name
        assert_strict(response)
        assert_no_powerful_features(response)


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy_only_under_admin(client):
    site_tree()
    client.force_login(StaffFactory())
    response = client.get("/admin/")

    assert response.status_code == 200
    directives = policy(response)
    # Wagtail's panels and widgets need inline script and style; nothing from elsewhere.
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    # Page previews are same-origin frames.
    assert directives["frame-ancestors"] == ["'self'"]
    assert_no_powerful_features(response)

    # The same person on a member page is back under the strict policy.
    assert_strict(client.get(url("dashboard")))


@pytest.mark.django_db
def test_the_admin_shows_no_third_party_avatars(client):
    # Gravatar would get a hash of each listed person's address and break the admin's policy.
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get("/admin/")

    assert response.status_code == 200
    assert "gravatar" not in response.content.decode()


@pytest.mark.django_db
def test_a_pending_change_of_address_renders_without_inline_style(client, password):
    user = UserFactory(email="kari@example.no")
    client.force_login(user)
    client.post(url("account_email"), {"action_add": "", "email": "kari.ny@example.no"})

    response = client.get(url("account_email"))

    html = response.content.decode()
    assert 'id="pending-email"' in html
    assert " style=" not in html


def test_a_view_can_open_one_feature_for_itself():
    @permissions_policy(camera=["self"])
    def scanner(request):
        return HttpResponse("ok")

    def other(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    opened = PermissionsPolicyMiddleware(scanner)(request)["Permissions-Policy"]
    closed = PermissionsPolicyMiddleware(other)(request)["Permissions-Policy"]

    assert "camera=(self)" in opened
    assert "microphone=()" in opened
    assert "camera=()" in closed


# Templates that public and member pages render. E-mail HTML is not served by the site and
# keeps the inline styles mail clients need.
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I), "a script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def our_templates():
    for folder in TEMPLATE_DIRS:
        if ".venv" in folder.parts:
            continue
        for path in folder.rglob("*.html"):
            if "email" in path.relative_to(folder).parts:
                continue
            yield path


def test_our_templates_have_no_inline_script_or_style():
    found = []
    templates = list(our_templates())
    for path in templates:
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")

    assert len(templates) > 50  # the scan sees the project's templates
    assert found == [], "Move these into static files:\n" + "\n".join(found)
