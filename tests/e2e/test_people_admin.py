"""Browser journey for "Members and roles": staff find a member, invite a mentor, give a
person the editor role with a reason and see it in the role log. axe-core scans the people
region of each admin page (Wagtail's own chrome is not ours to change)."""

import datetime

import pytest
from playwright.sync_api import expect

from community.models import RoleChange, User
from community.services import membership_sync
from tests.factories.community import (
    SeatAllocationFactory,
    StaffFactory,
    StartupFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e

REGION = "#people-admin-content"


def test_staff_find_people_invite_a_mentor_and_grant_a_role(page, login, axe_check):
    staff = StaffFactory(full_name="Stine Stab")
    kari = UserFactory(full_name="Kari Nordmann")
    SeatAllocationFactory(member=kari, start=datetime.date.today() - datetime.timedelta(days=9))
    membership_sync(user=kari)
    StartupFactory(name="Sirkel AS", members=[kari])
    UserFactory(full_name="Ola Utenfor")
    login(page, staff)

    page.goto("/admin/personer/")
    expect(page.get_by_role("link", name="Kari Nordmann")).to_be_visible()
    axe_check(page, context=REGION)
    page.get_by_label("Søk etter navn, e-post eller oppstartsbedrift").fill("sirkel")
    page.get_by_label("Vis").select_option(label="Alle")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("link", name="Kari Nordmann")).to_be_visible()
    expect(page.get_by_text("Ola Utenfor")).to_have_count(0)

    # Invite a mentor.
    page.get_by_role("link", name="Inviter en mentor").click()
    expect(page.get_by_label("Fullt navn")).to_be_visible()
    axe_check(page, context=REGION)
    page.get_by_label("Fullt navn").fill("Mona Mentor")
    page.get_by_label("E-postadresse").fill("mona@partner.example")
    page.get_by_label("Partnerorganisasjon").select_option(label="Bærum Næringsråd")
    page.get_by_role("button", name="Send invitasjonen").click()
    expect(page.get_by_text("Mona Mentor er invitert som mentor.")).to_be_visible()
    axe_check(page, context=REGION)

    # Make Kari an editor, with a reason; a missing reason is answered on the form first.
    page.goto(f"/admin/personer/{kari.pk}/")
    page.get_by_label("Rolle:", exact=True).select_option(label="Redaktør")
    page.get_by_role("button", name="Lagre rolleendringen").click()
    expect(page.get_by_text("Oppgi en begrunnelse for endringen.")).to_be_visible()
    axe_check(page, context=REGION)
    page.get_by_label("Begrunnelse").fill("Skriver nyhetsbrevet")
    page.get_by_role("button", name="Lagre rolleendringen").click()
    expect(page.get_by_text("Kari Nordmann har nå rollen Redaktør.")).to_be_visible()
    expect(page.get_by_role("cell", name="Skriver nyhetsbrevet")).to_be_visible()
    axe_check(page, context=REGION)

    change = RoleChange.objects.get(user=kari, role="editor")
    assert change.by == staff
    assert User.objects.filter(email="mona@partner.example", groups__name="mentor").exists()
