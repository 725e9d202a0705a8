import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "tags": Tag.objects.count(),
        "locales": Locale.objects.count(),
        "sites": Site.objects.count(),
    }


def _load():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@override_settings(DEBUG=False, GRUNDERHUS_SHOW_DEMO_LOGINS=False)
def test_load_demo_builds_the_site_and_is_idempotent(client):
    _load()
    first = _counts()
    _load()
    assert _counts() == first

    nb, en = Locale.objects.get(language_code="nb"), Locale.objects.get(language_code="en")
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.locale == nb
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()  # "Welcome"
    assert NewsPage.objects.filter(locale=nb).live().count() == 6
    assert NewsPage.objects.filter(locale=en).live().count() == 6
    assert NewsIndexPage.objects.live().count() == 2
    assert StandardPage.objects.filter(locale=en).live().in_menu().count() == 3
    assert set(StandardPage.objects.filter(locale=nb).values_list("title", flat=True)) == {
        "Om huset",
        "Partnere",
        "Kontakt",
    }
    # Every page has its English translation.
    for page in Page.objects.filter(locale=nb, depth__gte=2):
        assert page.get_translation_or_none(en) is not None, page
    for article in NewsPage.objects.all():
        assert article.image is not None and article.image.title

    users = get_user_model().objects
    assert users.filter(email="admin@demo.grunderhus.no", is_superuser=True).exists()
    for email in ("entreprenor", "mentor", "stab", "redaktor"):
        assert users.filter(email=f"{email}@demo.grunderhus.no").exists()
    assert client.login(email="stab@demo.grunderhus.no", password="Asker-demo-2026")

    html = client.get("/en/").content.decode()
    assert "A startup house in the heart of Asker" in html
    assert "About the house" in html


@override_settings(DEBUG=False, GRUNDERHUS_SHOW_DEMO_LOGINS=False)
def test_load_demo_prints_logins_only_when_allowed():
    assert "Asker-demo-2026" not in _load()
    with override_settings(GRUNDERHUS_SHOW_DEMO_LOGINS=True):
        out = _load()
    assert "Asker-demo-2026" in out
    assert "redaktor@demo.grunderhus.no" in out


def test_load_demo_calls_each_apps_demo_hook(monkeypatch):
    import sys
    import types

    from home.management.commands import load_demo

    calls = []
    module = types.ModuleType("home.fake_demo")
    module.load = lambda stdout: calls.append(stdout)
    monkeypatch.setitem(sys.modules, "home.fake_demo", module)
    monkeypatch.setattr(load_demo, "DEMO_MODULES", ["home.fake_demo", "home.not_there"])
    _load()
    assert len(calls) == 1
