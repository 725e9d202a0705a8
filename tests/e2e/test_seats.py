"""Browser journey for seats: apply, staff accept and allocate on the desk map, the member
sees the desk on 'Min side'. axe-core scans every page; on admin pages the scan covers the
seats content region, since Wagtail's own admin chrome is not ours to change."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from community.models import SeatAllocation, SeatApplication
from tests.factories.community import DeskFactory, EntrepreneurFactory, StaffFactory
from tests.factories.home import site_tree

pytestmark = pytest.mark.e2e

ADMIN_REGION = "#seats-admin-content"


def _switch(page, login, user):
    page.context.clear_cookies()
    login(page, user)


def test_apply_accept_allocate_on_the_map_and_see_the_desk(page, login, axe_check):
    site_tree()
    for code in ("B-01", "B-02", "B-03"):
        DeskFactory(code=code, zone="Rom B")
    DeskFactory(code="B-04", zone="Rom B", active=False)
    member = EntrepreneurFactory(full_name="Kari Nordmann")
    staff = StaffFactory(full_name="Siri Stab")
    start = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()

    # The home page shows the free seats and the way to apply.
    page.goto("/nb/")
    expect(page.get_by_text(re.compile(r"3 av 3 plasser er ledige i dag"))).to_be_visible()
    axe_check(page)

    # Apply; a wrong organisation number is answered on the form and what was typed stays.
    login(page, member)
    page.goto("/nb/plass/")
    axe_check(page)
    page.get_by_label("Navn på oppstartsbedriften").fill("Sirkel AS")
    page.get_by_label("Organisasjonsnummer (valgfritt)").fill("974760674")
    page.get_by_label("Hvorfor vil du ha plass på RE Gründerhus?").fill("Vi trenger veiledning.")
    page.get_by_label("Finansiering og investorer").check()
    page.get_by_label("Ønsket oppstart").fill(start)
    page.get_by_role("button", name="Send søknad").click()
    expect(page.get_by_text(re.compile("gyldig norsk organisasjonsnummer"))).to_be_visible()
    expect(page.get_by_label("Hvorfor vil du ha plass på RE Gründerhus?")).to_have_value(
        "Vi trenger veiledning."
    )
    axe_check(page)
    assert not SeatApplication.objects.exists()
    page.get_by_label("Organisasjonsnummer (valgfritt)").fill("974760673")
    page.get_by_role("button", name="Send søknad").click()
    expect(page.get_by_role("heading", name="Søknaden din om plass")).to_be_visible()
    expect(page.locator(".seat-status")).to_have_text("Sendt inn")
    axe_check(page)

    # Staff accept the application from the queue.
    _switch(page, login, staff)
    page.goto("/admin/plasser/")
    axe_check(page, context=ADMIN_REGION)
    page.get_by_role("link", name="Kari Nordmann").click()
    expect(page.get_by_role("heading", name="Sirkel AS", exact=True)).to_be_visible()
    axe_check(page, context=ADMIN_REGION)
    page.get_by_label("Aksepter").check()
    page.get_by_label("Melding til søkeren (sendes på e-post)").fill("Velkommen!")
    page.get_by_role("button", name="Lagre avgjørelsen og send e-post").click()
    expect(page.get_by_text("Avgjørelsen er lagret")).to_be_visible()

    # ... and allocate desk B-03 on the map, using the keyboard on the SVG desk.
    page.goto(f"/admin/plasser/kart/?day={start}")
    axe_check(page, context=ADMIN_REGION)
    desk = page.get_by_role("link", name=re.compile(r"^Pult B-03, Rom B, Ledig"))
    desk.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/plasser/tildel/"))
    expect(page.get_by_label("Pult")).to_have_value(str(desk_pk("B-03")))
    axe_check(page, context=ADMIN_REGION)
    page.get_by_label("Søker").select_option(label="Kari Nordmann – Sirkel AS (Akseptert)")
    page.get_by_role("button", name="Tildel", exact=True).click()
    expect(page.get_by_text("Pult B-03 er tildelt Kari Nordmann.")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(r"^Pult B-03, Rom B, Opptatt, Kari Nordmann"))
    ).to_be_visible()
    assert SeatAllocation.objects.get().member == member

    # The member sees the desk on 'Min side'.
    _switch(page, login, member)
    page.goto("/nb/min-side/")
    expect(page.locator(".seats-panel")).to_contain_text("B-03")
    expect(page.locator(".seats-panel")).to_contain_text("Akseptert")
    axe_check(page)


def desk_pk(code):
    from community.models import Desk

    return Desk.objects.get(code=code).pk


def test_directory_is_accessible(page, axe_check):
    site_tree()
    from tests.factories.community import StartupFactory

    StartupFactory(name="Synlig AS", listed=True, description="Gjenbruk.")
    page.goto("/nb/oppstartsbedrifter/")
    expect(page.get_by_role("heading", name="Synlig AS")).to_be_visible()
    axe_check(page)


def test_occupancy_page_is_accessible(page, login, axe_check):
    site_tree()
    from tests.factories.community import SeatAllocationFactory

    SeatAllocationFactory(start=datetime.date.today() - datetime.timedelta(days=40))
    login(page, StaffFactory())
    page.goto("/admin/plasser/belegg/")
    expect(page.get_by_text(re.compile(r"1 av 1 plasser er opptatt i dag"))).to_be_visible()
    axe_check(page, context=ADMIN_REGION)
