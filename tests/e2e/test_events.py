"""Browser journeys for events: a guest registers, confirms and cancels; a member joins the
waiting list of a full event and is promoted; staff check people in on a phone-sized screen.
Every page is scanned with axe-core (in the Wagtail admin: the check-in view's own content
region, ``#events-admin-content``, since the admin's chrome is Wagtail's)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from community import roles
from events import services
from events.models import Registration
from tests.factories.community import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory, event_index_pages
from tests.factories.home import site_tree

pytestmark = pytest.mark.e2e


@pytest.fixture
def pages():
    return event_index_pages(site_tree())


def _link_in(message, part):
    return re.search(rf"https?://[^\s]+{part}[^\s]+/", message.body).group(0)


def test_guest_registers_confirms_and_cancels(page, axe_check, pages):
    event = EventFactory(title="Gründerfrokost", capacity=5)

    page.goto("/nb/arrangementer/")
    expect(page.get_by_role("heading", name="Gründerfrokost")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Gründerfrokost").click()
    expect(page.locator("#places-left")).to_have_text("5 av 5")
    axe_check(page)

    # A bad address first: the message is tied to the field and the name is kept.
    page.get_by_label("Navnet ditt").fill("Kari Gjest")
    page.get_by_label("E-postadresse").fill("ikke-en-adresse")
    page.get_by_role("button", name="Meld på", exact=True).click()
    expect(page.get_by_label("E-postadresse")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Navnet ditt")).to_have_value("Kari Gjest")
    axe_check(page)

    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_role("button", name="Meld på", exact=True).click()
    expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()
    axe_check(page)
    assert Registration.objects.get(event=event).status == Registration.Status.PENDING

    confirm_url = _link_in(mail.outbox[-1], "/bekreft/")
    page.goto(
        confirm_url.split("testserver", 1)[-1] if "testserver" in confirm_url else confirm_url
    )
    expect(page.get_by_role("heading", name="Bekreft påmeldingen din")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Bekreft påmeldingen min").click()
    expect(page.locator("#registration-status")).to_contain_text("Bekreftet")
    axe_check(page)

    page.get_by_role("button", name="Ja, meld meg av").click()
    expect(page.locator("#registration-status")).to_contain_text("Avmeldt")
    axe_check(page)
    assert Registration.objects.get(event=event).status == Registration.Status.CANCELLED


def test_member_waitlisted_on_a_full_event_is_promoted(page, axe_check, login, pages):
    event = EventFactory(title="Reiselivsmøte", capacity=1)
    first = services.registration_create(event=event, user=UserFactory(role=roles.MENTOR))
    member = login(page, UserFactory(role=roles.ENTREPRENEUR))

    page.goto(event.get_absolute_url("nb"))
    expect(page.locator("#places-left")).to_contain_text("ventelisten er åpen")
    page.get_by_role("button", name="Sett meg på ventelisten").click()
    expect(page.locator("#my-status")).to_contain_text("nummer 1")
    axe_check(page)

    mail.outbox.clear()
    services.registration_cancel(registration=first)

    page.reload()
    expect(page.locator("#my-status")).to_have_text("Du er påmeldt.")
    assert [m.subject for m in mail.outbox if m.to == [member.email]] == [
        "Du har fått plass: Reiselivsmøte"
    ]
    page.goto("/nb/min-side/")
    expect(page.get_by_role("heading", name="Mine påmeldinger til arrangementer")).to_be_visible()
    axe_check(page)


def test_staff_check_in_on_a_phone(page, axe_check, login, pages):
    event = EventFactory(title="Konferansedag", capacity=10)
    RegistrationFactory(event=event, name="Kari Nordmann")
    RegistrationFactory(event=event, name="Ola Hansen")
    login(page, UserFactory(role=roles.STAFF))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/admin/arrangementer/{event.pk}/innsjekk/")
    count = page.locator(".events-check-in-count")
    expect(count).to_have_text("0 av 2 sjekket inn")
    axe_check(page, context="#events-admin-content")

    page.get_by_label("Finn en person").fill("kari")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator(".events-person")).to_have_count(1)
    page.get_by_role("button", name="Sjekk inn – Kari Nordmann").click()
    expect(count).to_have_text("1 av 2 sjekket inn")
    button = page.get_by_role("button", name="Angre – Kari Nordmann")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits the phone's width
    axe_check(page, context="#events-admin-content")

    button.click()
    expect(count).to_have_text("0 av 2 sjekket inn")

    page.goto(f"/admin/arrangementer/{event.pk}/pameldinger/")
    expect(page.get_by_role("cell", name="Ola Hansen")).to_be_visible()
    axe_check(page, context="#events-admin-content")
    page.goto("/admin/arrangementer/")
    axe_check(page, context="#events-admin-content")
