"""Browser journey: a member switches a reminder off and makes, then revokes, a calendar
address on Min side. Every page is scanned with axe-core."""

import pytest
from playwright.sync_api import expect

from notifications.models import CalendarFeed, ReminderOptOut
from notifications.registry import NotificationKind, register_kind, unregister_kind
from tests.factories.community import UserFactory
from tests.factories.home import site_tree

pytestmark = pytest.mark.e2e


@pytest.fixture
def reminder_kind():
    kind = NotificationKind(key="e2e.reminder", label="Testpåminnelse for nettleseren")
    register_kind(kind)
    yield kind
    unregister_kind(kind.key)


def test_reminder_settings_and_calendar_address(page, login, axe_check, reminder_kind):
    site_tree()
    member = login(page, UserFactory(full_name="Kari Medlem"))
    page.goto("/nb/min-side/")
    expect(page.locator("#notifications-heading")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Innstillinger for påminnelser og kalender").click()
    page.wait_for_url("**/nb/min-side/varsler/")
    axe_check(page)
    box = page.get_by_label("Testpåminnelse for nettleseren", exact=True)
    expect(box).to_be_checked()
    box.uncheck()
    page.get_by_role("button", name="Lagre innstillinger for påminnelser").click()
    expect(page.get_by_text("Innstillingene for påminnelser er lagret.")).to_be_visible()
    expect(page.get_by_label("Testpåminnelse for nettleseren", exact=True)).not_to_be_checked()
    assert ReminderOptOut.objects.filter(user=member, kind="e2e.reminder").exists()
    axe_check(page)

    page.get_by_role("button", name="Lag kalenderadressen min").click()
    address = page.get_by_label("Kalenderadresse")
    expect(address).to_have_value(
        f"http://{page.url.split('/')[2]}/nb/kalender/"
        f"{CalendarFeed.objects.get(user=member).token}.ics"
    )
    axe_check(page)
    first = CalendarFeed.objects.get(user=member).token
    page.get_by_role("button", name="Trekk tilbake og lag en ny adresse").click()
    expect(page.get_by_text("Den gamle adressen virker ikke lenger.")).to_be_visible()
    assert CalendarFeed.objects.get(user=member).token != first
    axe_check(page)
