"""Browser journey for mentoring: an entrepreneur asks for a mentor, staff approve the proposal
on the matching board, the mentor accepts, the entrepreneur books a slot, both see it.
Every page is scanned with axe-core; in the Wagtail admin the scan covers the board's own
content region (``#mentoring-admin-content``), since the admin's chrome is Wagtail's."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from community import roles
from mentoring.models import Match, Session
from tests.factories.community import UserFactory
from tests.factories.home import site_tree
from tests.factories.mentoring import MentorProfileFactory

pytestmark = pytest.mark.e2e


def test_request_match_accept_book(page, login, axe_check):
    site_tree()
    mentor = MentorProfileFactory(
        user__full_name="Ingrid Mentor", expertise=["finance"], min_notice_hours=24
    )
    founder = UserFactory(role=roles.ENTREPRENEUR, full_name="Kari Gründer")
    staff = UserFactory(role=roles.STAFF, full_name="Eva Stab")

    # The entrepreneur asks; a missing topic is answered in place and the text is kept.
    login(page, founder)
    page.goto("/nb/mentor/be-om-mentor/")
    axe_check(page)
    page.locator("textarea[name=goals]").fill("Finansiere piloten")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("textarea[name=goals]")).to_have_value("Finansiere piloten")
    axe_check(page)
    page.locator("input[name=topics][value=finance]").check()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/nb/mentor/")
    axe_check(page)

    # Staff run the matcher and approve the proposal on the board.
    login(page, staff)
    page.goto("/admin/mentoring/")
    page.locator("#mentoring-admin-content form[action$='/kjor/'] button").click()
    row = page.locator("#mentoring-admin-content tr", has_text="Kari Gründer")
    expect(row).to_contain_text("Ingrid Mentor")
    axe_check(page, context="#mentoring-admin-content")
    row.locator("button[value=approve]").click()
    expect(page.locator("#mentoring-admin-content")).to_contain_text("Kari Gründer")
    axe_check(page, context="#mentoring-admin-content")
    assert Match.objects.get().status == "approved"

    # The mentor accepts.
    login(page, mentor.user)
    page.goto("/nb/mentor/")
    axe_check(page)
    page.locator("button[name=answer][value=accept]").click()
    page.wait_for_url("**/nb/mentor/")
    assert Match.objects.get().status == "accepted"

    # The entrepreneur books the first free slot.
    login(page, founder)
    page.goto("/nb/mentor/")
    page.locator(f"a[href='/nb/mentor/match/{Match.objects.get().pk}/bestill/']").first.click()
    expect(page.locator("input[name=start]").first).to_be_visible()
    expect(page.locator(".slot-list label").first).to_contain_text("(CE")
    axe_check(page)
    page.locator("input[name=start]").first.check()
    page.locator("textarea[name=agenda]").fill("Budsjett")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/nb/mentor/okter/")
    expect(page.locator("main")).to_contain_text("Ingrid Mentor")
    axe_check(page)
    session = Session.objects.get()
    assert session.mentee == founder

    # The mentor sees it too; both were sent the invitation.
    login(page, mentor.user)
    page.goto("/nb/mentor/okter/")
    expect(page.locator("main")).to_contain_text("Kari Gründer")
    expect(page.locator("main")).to_contain_text("Budsjett")
    axe_check(page)
    page.goto("/nb/min-side/")
    expect(page.locator("#dash-mentoring")).to_be_visible()
    axe_check(page)
    invited = {m.to[0] for m in mail.outbox if any(a[0] == "invitation.ics" for a in m.attachments)}
    assert invited == {founder.email, mentor.user.email}
