"""Norwegian Bokmål is the default: no English left on the main pages, every msgstr filled."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.home import NewsPageFactory, StandardPageFactory

# English UI strings of the base layout and the public pages; none may show in nb.
ENGLISH_LEFTOVERS = [
    "Skip to main content",
    "Main menu",
    "Search the site",
    "Log in",
    "Sign up",
    "My page",
    "Log out",
    "Latest news",
    "All news",
    "No news yet",
    "Filter by tag",
    "News feed",
    "Page 1 of",
    "Previous",
    "Next",
    "Search for",
    "results for",
    "Nothing matched",
    "We could not find that page",
    "Go to the front page",
    "startup house with room",
    ">Tags<",
    ">All<",
    "Account",
    'aria-label="Language"',
    "January",
    "February",
    "March",
]


def _visible_text(html):
    # Attributes matter too (aria-label, title, placeholder); only drop scripts and styles.
    return re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)


def _catalogue_english():
    """Source strings of every nb catalogue whose translation differs: if one shows up on an
    nb page, something on that page is not translated."""
    strings = set()
    for po in _po_files():
        for _flags, msgid, msgstrs in _entries(po.read_text(encoding="utf-8")):
            text = msgid.replace('\\"', '"')
            if (
                len(text.split()) >= 2
                and "%(" not in text
                and "{" not in text
                and "<" not in text
                and msgstrs
                and msgstrs[0] != msgid
            ):
                strings.add(text)
    return strings


def _text(html):
    text = re.sub(r"<[^>]+>", " ", _visible_text(html))
    return " ".join(unescape(text).split())


@pytest.mark.django_db
def test_main_public_pages_in_nb_have_no_english_leftovers(client, tree):
    for _ in range(12):
        NewsPageFactory(parent=tree.news_index, tags=["Partnere"])
    article = NewsPageFactory(parent=tree.news_index, slug="artikkel", tags=["Partnere"])
    StandardPageFactory(parent=tree.home, slug="om-huset")
    urls = [
        "/nb/",
        "/nb/nyheter/",
        "/nb/nyheter/?tag=partnere",
        article.url,
        "/nb/om-huset/",
        "/nb/sok/?q=Brødtekst",
        "/nb/sok/?q=finnesikke",
        "/nb/finnes-ikke/",
    ]
    catalogue = _catalogue_english()
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = _visible_text(response.content.decode())
        assert '<html lang="nb">' in html
        found = [s for s in ENGLISH_LEFTOVERS if s in html]
        text = _text(html)
        found += [s for s in catalogue if s in text]
        assert not found, f"{url}: {found}"


def _po_files():
    base = Path(settings.BASE_DIR)
    return sorted(
        p
        for p in base.glob("**/locale/nb/LC_MESSAGES/django.po")
        if ".venv" not in p.parts and "site-packages" not in p.parts
    )


def _entries(text):
    """(flags, msgid, [msgstr…]) for every entry but the header."""
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        parts, current = {}, None
        for line in lines:
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                current = m.group(1)
                parts[current] = m.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if parts.get("msgid") == "":
            yield flags, "", []  # header
            continue
        yield flags, parts["msgid"], [v for k, v in parts.items() if k.startswith("msgstr")]


def test_project_and_public_site_catalogues_exist():
    paths = {p.relative_to(settings.BASE_DIR).as_posix() for p in _po_files()}
    assert "locale/nb/LC_MESSAGES/django.po" in paths
    assert "home/locale/nb/LC_MESSAGES/django.po" in paths


@pytest.mark.parametrize("po", _po_files(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_msgstr_is_filled_and_not_fuzzy(po):
    problems = []
    for flags, msgid, msgstrs in _entries(po.read_text(encoding="utf-8")):
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid or '(header)'}")
        elif msgid and (not msgstrs or not all(msgstrs)):
            problems.append(f"empty: {msgid}")
    assert not problems, "\n".join(problems)
