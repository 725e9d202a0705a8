"""The whole way from a stranger to a member with a mentor, from an empty database.

Nothing is made by hand but the superuser (``createsuperuser``, as the README says), the page
tree and the desks: every other account signs up or is invited through the pages, every role
is given through the admin, and every mail is read from what the outbox sent. axe-core scans
every page of ours; in the Wagtail admin it scans our views' content regions.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from community import roles
from community.models import RoleChange, SeatAllocation, SeatApplication, User
from mentoring.models import Match, Session
from notifications.models import Notification
from notifications.tasks import notifications_dispatch_due as dispatch_due
from tests.factories.community import DeskFactory
from tests.factories.home import site_tree

pytestmark = pytest.mark.e2e

PASSWORD = "kanel og appelsin 1987"
ADMIN_PASSWORD = "en lang og trygg frase for admin"


def path_of(link):
    return re.sub(r"^https?://[^/]+", "", link)


def link_in(message, pattern=r"https?://\S+"):
    return path_of(re.search(pattern, message.body).group(0))


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def sent(kind, email, **filters):
    """The mails that the outbox rows of ``kind`` to ``email`` became; every row was sent."""
    rows = Notification.objects.filter(kind=kind, recipient__email=email, **filters)
    assert rows.exists(), f"no {kind} row for {email}"
    assert {r.state for r in rows} == {"sent"}, [(r.state, r.last_error) for r in rows]
    ids = {str(r.pk) for r in rows}
    return [m for m in mail.outbox if m.extra_headers.get("X-Grunderhus-Notification") in ids]


def log_out(page):
    page.context.clear_cookies()


def log_in(page, email, password=PASSWORD):
    log_out(page)
    page.goto("/nb/accounts/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord:").fill(password)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()


def sign_up(page, axe_check, *, name, email):
    """Sign up and confirm the address through the link in the mail; ends signed in."""
    log_out(page)
    page.goto("/nb/accounts/signup/")
    axe_check(page)
    page.get_by_label("Fullt navn").fill(name)
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord:").fill(PASSWORD)
    page.get_by_label("Passord (igjen)").fill(PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/nb/accounts/confirm-email/$"))
    [confirmation] = mails_to(email)
    page.goto(link_in(confirmation))
    axe_check(page)
    page.get_by_role("button", name="Bekreft").click()
    expect(page).to_have_url(re.compile(r"/nb/min-side/$"))
    axe_check(page)
    return User.objects.get(email=email)


@pytest.fixture
def house(monkeypatch):
    """An empty house: the page tree, six desks and a superuser made by the command."""
    site_tree()
    for n in range(1, 7):
        DeskFactory(code=f"A-0{n}", zone="Rom A")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        email="sjef@example.no",
        full_name="Sjef Superbruker",
        verbosity=0,
    )
    mail.outbox.clear()


def test_from_sign_up_to_a_member_with_a_mentor(page, axe_check, house):
    today = datetime.date.today()
    start = today + datetime.timedelta(days=7)

    # 1. Kari signs up, confirms, applies and gets a receipt.
    kari = sign_up(page, axe_check, name="Kari Nordmann", email="kari@example.no")
    page.goto("/nb/min-side/")
    page.get_by_role("link", name="Søk om plass").click()
    axe_check(page)
    page.get_by_label("Navn på oppstartsbedriften").fill("Sirkel AS")
    page.get_by_label("Nettsted (valgfritt)").fill("https://sirkel.example.no")
    page.get_by_label("Hva gjør oppstartsbedriften?").fill("Reparerer møbler for gjenbruk.")
    page.get_by_label("Hvorfor vil du ha plass på RE Gründerhus?").fill("Vi trenger veiledning.")
    page.get_by_label("Finansiering og investorer").check()
    page.get_by_label("Ønsket oppstart").fill(start.isoformat())
    page.get_by_role("button", name="Send søknad").click()
    expect(page.get_by_role("heading", name="Søknaden din om plass")).to_be_visible()
    axe_check(page)
    application = SeatApplication.objects.get(applicant=kari)
    [receipt] = sent("community.seat_application_received", "kari@example.no")
    assert "Sirkel AS" in receipt.body
    assert link_in(receipt, r"https?://\S+/min-side/plass/\S+") == (
        f"/nb/min-side/plass/{application.pk}/"
    )

    # 2. Siri signs up; the superuser makes her staff in the admin's Users.
    siri = sign_up(page, axe_check, name="Siri Stab", email="siri@example.no")
    log_in(page, "sjef@example.no", ADMIN_PASSWORD)
    page.goto(f"/admin/users/edit/{siri.pk}/")
    page.get_by_role("tab", name="Roller").click()
    page.get_by_label("Stab", exact=True).check()
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_load_state()
    siri.refresh_from_db()
    assert roles.user_has_role(siri, roles.STAFF) and siri.is_staff
    assert RoleChange.objects.get(user=siri, role=roles.STAFF).by.email == "sjef@example.no"

    # 3. Siri accepts the application and allocates a desk on the map.
    log_in(page, "siri@example.no")
    page.goto("/admin/plasser/")
    axe_check(page, context="#seats-admin-content")
    page.get_by_role("link", name="Kari Nordmann").click()
    content = page.locator("#seats-admin-content")
    for answer in ("Reparerer møbler for gjenbruk.", "https://sirkel.example.no"):
        expect(content).to_contain_text(answer)
    axe_check(page, context="#seats-admin-content")
    page.get_by_label("Aksepter").check()
    page.get_by_role("button", name="Lagre avgjørelsen og send e-post").click()
    expect(page.get_by_text("Avgjørelsen er lagret")).to_be_visible()
    assert kari.groups.count() == 0  # accepted, but no desk yet: not a member

    page.goto(f"/admin/plasser/kart/?day={start.isoformat()}")
    axe_check(page, context="#seats-admin-content")
    page.get_by_role("link", name=re.compile(r"^Pult A-03, Rom A, Ledig")).click()
    expect(page).to_have_url(re.compile(r"/admin/plasser/tildel/"))
    page.get_by_label("Søker").select_option(label="Kari Nordmann – Sirkel AS (Akseptert)")
    page.get_by_role("button", name="Tildel", exact=True).click()
    expect(page.get_by_text("Pult A-03 er tildelt Kari Nordmann.")).to_be_visible()
    allocation = SeatAllocation.objects.get(member=kari)
    assert roles.user_has_role(kari, roles.ENTREPRENEUR)

    # 4. The welcome mail; Kari sees her desk and asks for a mentor.
    [welcome] = sent("community.seat_welcome", "kari@example.no")
    assert "A-03" in welcome.subject and "A-03" in welcome.body
    log_in(page, "kari@example.no")
    page.goto(link_in(welcome, r"https?://\S+/min-side/"))
    expect(page.locator(".seats-panel")).to_contain_text("A-03")
    expect(page.get_by_role("link", name="Søk om plass")).to_have_count(0)
    axe_check(page)
    page.goto(link_in(welcome, r"https?://\S+/mentor/"))
    axe_check(page)
    page.goto("/nb/mentor/be-om-mentor/")
    axe_check(page)
    page.locator("textarea[name=goals]").fill("Finansiere verkstedet")
    page.locator("input[name=topics][value=finance]").check()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/nb/mentor/")
    axe_check(page)

    continue_with_mentor(page, axe_check, kari=kari, allocation=allocation)


def continue_with_mentor(page, axe_check, *, kari, allocation):
    """5. Staff invite a mentor, who sets a password and fills profile and availability; the
    matching board proposes her, she accepts, Kari books, the 24 h reminder goes once."""
    log_in(page, "siri@example.no")
    page.goto("/admin/personer/inviter-mentor/")
    page.get_by_label("Fullt navn").fill("Ingrid Mentor")
    page.get_by_label("E-postadresse").fill("ingrid@example.no")
    page.get_by_label("Partnerorganisasjon").select_option(label="Asker Næringsforening")
    page.get_by_role("button", name="Send invitasjonen").click()
    page.wait_for_load_state()
    [invitation] = sent("mentoring.mentor_invite", "ingrid@example.no")

    log_out(page)
    page.goto(link_in(invitation, r"https?://\S+/password/reset/key/\S+"))
    axe_check(page)
    page.get_by_label("Nytt passord:").fill(PASSWORD)
    page.get_by_label("Nytt passord (igjen)").fill(PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    log_in(page, "ingrid@example.no")
    page.goto("/nb/mentor/profil/")
    axe_check(page)
    page.get_by_label("Overskrift").fill("Finansiering for gründere")
    page.locator("input[name=expertise][value=finance]").check()
    page.locator("input[name=languages][value=nb]").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()
    axe_check(page)
    page.goto("/nb/mentor/tilgjengelighet/")
    axe_check(page)
    for day in (1, 3):  # Tuesday and Thursday, 09–15
        page.locator(f"input[name='w-d{day}_0_start']").fill("09:00")
        page.locator(f"input[name='w-d{day}_0_end']").fill("15:00")
    page.locator("form", has=page.locator("input[name=action][value=weekly]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_load_state()
    axe_check(page)

    ingrid = User.objects.get(email="ingrid@example.no")
    assert ingrid.mentor_profile.is_active

    # The matching board proposes Ingrid for Kari; Siri approves.
    log_in(page, "siri@example.no")
    page.goto("/admin/mentoring/")
    page.locator("#mentoring-admin-content form[action$='/kjor/'] button").click()
    row = page.locator("#mentoring-admin-content tr", has_text="Kari Nordmann")
    expect(row).to_contain_text("Ingrid Mentor")
    axe_check(page, context="#mentoring-admin-content")
    row.locator("button[value=approve]").click()
    page.wait_for_load_state()

    # Ingrid accepts.
    log_in(page, "ingrid@example.no")
    page.goto("/nb/mentor/")
    axe_check(page)
    page.locator("button[name=answer][value=accept]").click()
    page.wait_for_url("**/nb/mentor/")
    match = Match.objects.get(request__entrepreneur=kari)
    assert match.status == "accepted"

    # Kari books the first free slot.
    log_in(page, "kari@example.no")
    page.goto(f"/nb/mentor/match/{match.pk}/bestill/")
    axe_check(page)
    page.locator("input[name=start]").first.check()
    page.locator("textarea[name=agenda]").fill("Budsjett for verkstedet")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/nb/mentor/okter/")
    axe_check(page)
    session = Session.objects.get(mentee=kari)

    # The day before, the reminder goes out once, however often the dispatcher runs.
    with time_machine.travel(session.start - datetime.timedelta(hours=23), tick=False):
        dispatch_due()
        dispatch_due()
    rows = Notification.objects.filter(kind="mentoring.session_reminder", offset="24h")
    assert sorted(r.recipient.email for r in rows) == ["ingrid@example.no", "kari@example.no"]
    for email in ("ingrid@example.no", "kari@example.no"):
        [reminder] = [
            m for m in sent("mentoring.session_reminder", email, offset="24h") if m.to == [email]
        ]
        assert "Budsjett for verkstedet" in reminder.body
    assert allocation.member == kari
