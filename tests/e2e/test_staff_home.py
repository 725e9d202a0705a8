"""Browser check of the staff start page: house staff open the admin dashboard, see what is
waiting with its counts, and follow a link to where the work is done. axe-core scans the
panel (Wagtail's own admin chrome is not ours to change)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.community import EditorFactory, SeatApplicationFactory, StaffFactory
from tests.factories.home import site_tree
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.e2e

PANEL = "#staff-work-section"


def test_staff_see_their_pending_work_and_follow_it(page, login, axe_check):
    site_tree()
    first = SeatApplicationFactory(applicant__full_name="Kari Nordmann", startup__name="Sirkel AS")
    SeatApplicationFactory(status="in_review")
    NotificationFactory(state="failed", attempts=5)
    login(page, StaffFactory())

    page.goto("/admin/")
    panel = page.locator(PANEL)
    expect(panel.get_by_role("heading", name="Venter på staben")).to_be_visible()
    applications = panel.get_by_role("link", name="2 Søknader om plass som skal vurderes")
    expect(applications).to_be_visible()
    expect(
        panel.get_by_role("link", name="1 Meldinger som feilet i utgående e-post")
    ).to_be_visible()
    expect(panel.get_by_text("Ingen arrangementer denne uken")).to_be_visible()
    expect(panel.get_by_text("Ingenting venter").first).to_be_visible()
    axe_check(page, context=PANEL)

    applications.click()
    expect(page).to_have_url(re.compile(r"/admin/plasser/$"))
    expect(page.get_by_role("heading", name="Venter på avgjørelse")).to_be_visible()

    page.go_back()
    page.locator(PANEL).get_by_role("link", name="Kari Nordmann – Sirkel AS").click()
    expect(page).to_have_url(re.compile(rf"/admin/plasser/soknad/{first.pk}/$"))
    expect(page.get_by_role("heading", name="Sirkel AS", exact=True)).to_be_visible()


def test_editors_see_no_staff_panel(page, login):
    site_tree()
    SeatApplicationFactory()
    login(page, EditorFactory())
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(PANEL)).to_have_count(0)
