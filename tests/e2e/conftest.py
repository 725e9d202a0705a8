"""Browser journeys: Playwright on the system Chromium against pytest-django's live server.

Fixtures:
- ``browser`` (session): one headless Chromium for the whole run.
- ``page`` (function): a fresh browser context per test (nb-NO, Europe/Oslo) whose base URL
  is the live server, so ``page.goto("/nb/")`` works. A failing test leaves a screenshot in
  ``test-results/``. A test fails when the browser reports anything the
  Content-Security-Policy blocked (grunderhus/security.py).
- ``login``: ``login(page, user)`` signs a user in by handing the context a session cookie
  (``Client.force_login``), skipping the login form. ``login_with_form(page, email, password)``
  goes through the real form when the journey is about logging in.
- ``axe_check``: ``axe_check(page)`` runs axe-core with the WCAG 2.0/2.1 A and AA rules and
  fails the test listing every violation; zero are allowed.

The live server runs in this process, so ``django.core.mail.outbox`` holds the mail it sends.
Every test in this folder is marked ``e2e``. The database is flushed after each test (the live
server needs real transactions); an autouse fixture restores Wagtail's tree root and default
locale, the root collection and the roles' permissions on them, so a test builds its pages with
the factories (``tests.factories.home.site_tree()``).
"""

import contextlib
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the main thread; Django would otherwise
# refuse ORM calls from test code ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("GRUNDERHUS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEFAULT_TIMEOUT_MS = 15_000
HERE = Path(__file__).resolve().parent
RESULTS_DIR = HERE.parent.parent / "test-results"


def pytest_collection_modifyitems(config, items):
    skip = None
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(
            reason=f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium)"
        )
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if skip is not None:
                item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Lets the ``page`` fixture see whether the test body failed.
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def browser_context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request):
    page = browser_context.new_page()
    # Chromium reports what the Content-Security-Policy blocked on the console; a blocked
    # script or style is a broken page, so the test fails with the browser's words.
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    report = getattr(request.node, "_e2e_report_call", None)
    if report is not None and report.failed and not page.is_closed():
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        # A screenshot must never hide the real failure.
        with contextlib.suppress(Exception):
            page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
    if csp_violations and not (report is not None and report.failed):
        pytest.fail(
            "The browser blocked content under the Content-Security-Policy:\n"
            + "\n".join(csp_violations),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _wagtail_root(transactional_db):
    """The live server needs a transactional database, which is flushed after every test,
    taking the tree root and the default locale that Wagtail's migrations made with it.
    Put them back so factories can add pages under the root."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    from community.services import roles_ensure

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    # The roles' page and collection permissions hang on those roots.
    roles_ensure()


def _session_cookie_for(user, live_server_url):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server_url,
        "httpOnly": True,
        "sameSite": "Lax",
    }


@pytest.fixture
def login(live_server):
    """``login(page, user)``: the page's context is now signed in as ``user``."""

    def _login(page, user):
        page.context.add_cookies([_session_cookie_for(user, live_server.url)])
        return user

    return _login


@pytest.fixture
def login_with_form():
    """``login_with_form(page, email, password)``: signs in through allauth's login form."""
    from django.urls import reverse
    from django.utils import translation

    def _login(page, email, password, language="nb"):
        with translation.override(language):
            page.goto(reverse("account_login"))
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.locator("form").filter(has=page.locator("input[name=password]")).locator(
            "[type=submit]"
        ).first.click()
        page.wait_for_load_state()

    return _login


def axe_violations(page, context=None):
    """Runs axe-core on the page as it is now; returns (count, readable report)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return results.violations_count, results.generate_report()


@pytest.fixture
def axe_check():
    """``axe_check(page)`` fails the test listing every WCAG 2.1 A/AA violation on the page."""

    def _check(page, context=None):
        count, report = axe_violations(page, context=context)
        if count:
            pytest.fail(f"axe-core on {page.url}:\n{report}", pytrace=False)

    return _check
