"""The staff start page: the work waiting for house staff on the Wagtail admin dashboard, with
counts that match a hand-built house, links to where the work is done, shown to staff only,
and a query count that does not grow with the work."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import SeatApplication
from community.staff_work import StaffWorkPanel, WorkItem, register_work_item, work_items_for
from events.models import Event
from events.selectors import oslo_week
from mentoring.models import Feedback, Match, MentoringRequest, Session
from tests.factories.community import (
    EditorFactory,
    EntrepreneurFactory,
    SeatAllocationFactory,
    SeatApplicationFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.mentoring import MatchFactory, MentoringRequestFactory, SessionFactory
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
# Wednesday 10 March 2027, noon in Oslo (CET): the week runs Monday 8 to Sunday 14 March.
NOW = datetime.datetime(2027, 3, 10, 12, 0, tzinfo=OSLO)
ADMIN = "/admin/"
PANEL = "#staff-work-section"

APPLICATIONS = "Søknader om plass som skal vurderes"
OFFERS = "Pulttilbud som utløper innen 48 timer"
REQUESTS = "Mentorforespørsler som skal matches"
PROPOSALS = "Matchforslag som skal godkjennes"
WAITING_MENTOR = "Matcher som venter på svar fra mentoren"
FEEDBACK = "Gjennomførte møter uten tilbakemelding"
EVENTS = "Arrangementer denne uken"
OUTBOX = "Meldinger som feilet i utgående e-post"


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def oslo(day, hour, minute=0):
    return datetime.datetime(2027, 3, day, hour, minute, tzinfo=OSLO)


def _session(*, match, start, status=Session.Status.BOOKED):
    return SessionFactory(match=match, start=start, status=status)


def build_house(n=1):
    """A house with ``n`` of every kind of pending work, and as much that is not pending.

    Returns the expected counts per item label."""
    # Seats: submitted and in review wait; waitlisted, accepted, rejected do not.
    for i in range(n):
        SeatApplicationFactory(submitted_at=NOW - datetime.timedelta(days=10 + i))
        SeatApplicationFactory(status=SeatApplication.Status.IN_REVIEW)
    for status in ("waitlisted", "accepted", "rejected"):
        SeatApplicationFactory(status=status)
    # Offers: answer due within 48 h counts; later, already lapsed, or taken does not.
    for i in range(n):
        SeatAllocationFactory(status="reserved", offer_deadline=NOW + datetime.timedelta(hours=2))
        SeatAllocationFactory(
            status="reserved", offer_deadline=NOW + datetime.timedelta(hours=47, minutes=59 - i)
        )
    SeatAllocationFactory(status="reserved", offer_deadline=NOW + datetime.timedelta(hours=49))
    SeatAllocationFactory(status="reserved", offer_deadline=NOW - datetime.timedelta(minutes=5))
    SeatAllocationFactory(status="active")

    # Mentoring: open requests without a live match; proposals; approved matches; held
    # sessions nobody rated.
    for _i in range(n):
        MentoringRequestFactory()
        MentoringRequestFactory()
        MatchFactory(status=Match.Status.PROPOSED, request=MentoringRequestFactory())
        MatchFactory(status=Match.Status.APPROVED)
        MatchFactory(status=Match.Status.APPROVED)
    MentoringRequestFactory(status=MentoringRequest.Status.CLOSED)
    MatchFactory(status=Match.Status.REJECTED, request=MentoringRequestFactory(status="closed"))
    active = MatchFactory(status=Match.Status.ACCEPTED)
    for i in range(n):
        _session(match=active, start=NOW - datetime.timedelta(days=2 + i, hours=2))
        _session(match=active, start=NOW - datetime.timedelta(days=20 + i, hours=2))
    rated = _session(match=active, start=NOW - datetime.timedelta(days=1, hours=3))
    Feedback.objects.create(session=rated, author=rated.mentee, rating=5)
    _session(match=active, start=NOW - datetime.timedelta(days=1), status="cancelled")
    _session(match=active, start=NOW + datetime.timedelta(days=1))  # not held yet
    _session(match=active, start=NOW - datetime.timedelta(minutes=30))  # still going on

    # Events this Oslo week, published only.
    for i in range(n):
        big = EventFactory(title=f"Frokostmøte {i}", start=oslo(9, 8), capacity=40)
        for status in ("confirmed", "confirmed", "confirmed", "waitlisted", "cancelled"):
            RegistrationFactory(event=big, status=status)
        RegistrationFactory(event=big, status="attended", attended_at=NOW)
        open_ended = EventFactory(title=f"Søndagsprat {i}", start=oslo(14, 20), capacity=None)
        RegistrationFactory.create_batch(2, event=open_ended)
    # Late Sunday in UTC, but Monday in Oslo: next week.
    EventFactory(title="Neste uke", start=oslo(15, 0, 30))
    EventFactory(title="Forrige uke", start=oslo(7, 21), end=oslo(7, 23))
    EventFactory(title="Utkast", start=oslo(11, 9), status=Event.Status.DRAFT)
    EventFactory(title="Avlyst", start=oslo(11, 9), status=Event.Status.CANCELLED)

    # Outbox: failed rows only.
    for _i in range(n):
        NotificationFactory(state="failed", attempts=5)
        NotificationFactory(state="failed", attempts=5)
    NotificationFactory(state="pending")
    NotificationFactory(state="sent", sent_at=NOW)
    NotificationFactory(state="cancelled")

    return {
        APPLICATIONS: 2 * n,
        OFFERS: 2 * n,
        REQUESTS: 2 * n,
        PROPOSALS: n,
        WAITING_MENTOR: 2 * n,
        FEEDBACK: 2 * n,
        EVENTS: 2 * n,
        OUTBOX: 2 * n,
    }


def panel_items(html):
    """{label: (count or quiet text, href, [(link text, href, detail)])} from the panel."""
    panel = BeautifulSoup(html, "html.parser").select_one(PANEL)
    assert panel is not None, "the staff panel is missing"
    items = {}
    for li in panel.select("ul.staff-work > li"):
        link = li.find("a")
        label = link.select_one(".staff-work__label").get_text(strip=True)
        count = link.select_one(".staff-work__count")
        quiet = li.select_one(".staff-work__none")
        rows = [
            (a.get_text(strip=True), a["href"], sub.get_text(" ", strip=True))
            for sub in li.select("ul li")
            for a in [sub.find("a")]
        ]
        items[label] = (
            int(count.get_text()) if count else quiet.get_text(strip=True),
            link["href"],
            rows,
        )
    return items


def test_staff_see_every_kind_of_work_with_the_right_counts_and_links(client, now):
    expected = build_house(n=1)
    client.force_login(StaffFactory())
    response = client.get(ADMIN)
    assert response.status_code == 200
    items = panel_items(response.content.decode())

    assert {label: count for label, (count, _href, _rows) in items.items()} == expected
    assert list(items) == list(expected)  # in the registered order
    hrefs = {label: href for label, (_count, href, _rows) in items.items()}
    assert hrefs[APPLICATIONS] == reverse("seats_admin:queue")
    assert hrefs[OFFERS].startswith(reverse("seats_admin:queue"))
    for label in (REQUESTS, PROPOSALS, WAITING_MENTOR):
        assert hrefs[label] == reverse("mentoring_admin:board")
    assert hrefs[FEEDBACK] == reverse("mentoring_admin:report")
    assert hrefs[EVENTS] == reverse("events_admin:overview")
    assert hrefs[OUTBOX] == reverse("notifications_notification:index") + "?state=failed"


def test_each_case_links_to_its_own_page(client, now):
    build_house(n=1)
    client.force_login(StaffFactory())
    items = panel_items(client.get(ADMIN).content.decode())

    waiting = SeatApplication.objects.filter(status__in=["submitted", "in_review"])
    oldest = waiting.order_by("submitted_at", "pk").first()
    rows = items[APPLICATIONS][2]
    assert [href for _t, href, _d in rows] == [
        reverse("seats_admin:application", args=[a.pk])
        for a in waiting.order_by("submitted_at", "pk")
    ]
    assert rows[0][0] == f"{oldest.applicant.full_name} – {oldest.startup.name}"
    assert "sendt inn 28. februar 2027 kl. 12:00 (CET)" in rows[0][2]
    assert "under vurdering, sendt inn 10. mars 2027 kl. 12:00 (CET)" in rows[1][2]

    offer_rows = items[OFFERS][2]
    assert len(offer_rows) == 2
    assert offer_rows[0][1].startswith("/admin/plasser/tildeling/")
    assert "svarfrist 10. mars 2027 kl. 14:00 (CET)" in offer_rows[0][2]

    events = {text: (href, detail) for text, href, detail in items[EVENTS][2]}
    assert list(events) == ["Frokostmøte 0", "Søndagsprat 0"]
    big = Event.objects.get(title="Frokostmøte 0")
    assert events["Frokostmøte 0"][0] == reverse("events_admin:registrations", args=[big.pk])
    assert "9. mars 2027 kl. 08:00 (CET)" in events["Frokostmøte 0"][1]
    assert "4 av 40 plasser tatt, 1 på ventelisten" in events["Frokostmøte 0"][1]
    assert "2 påmeldt" in events["Søndagsprat 0"][1]


def test_zero_counts_are_shown_quietly(client, now):
    client.force_login(StaffFactory())
    items = panel_items(client.get(ADMIN).content.decode())
    assert items[APPLICATIONS][0] == "Ingenting venter"
    assert items[OUTBOX][0] == "Ingenting venter"
    assert items[EVENTS][0] == "Ingen arrangementer denne uken"
    assert all(rows == [] for _c, _h, rows in items.values())
    # Every item still says where that work is done.
    assert all(href.startswith("/admin/") for _c, href, _r in items.values())


def test_the_panel_speaks_english_to_an_english_speaking_admin(client, now):
    SeatApplicationFactory()
    client.force_login(StaffFactory(preferred_language="en"))
    html = client.get(ADMIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    items = panel_items(html)
    assert items["Seat applications to review"][0] == 1
    assert items["Failed messages in the outbox"][0] == "Nothing waiting"
    assert "Waiting for house staff" in html


def test_a_superuser_sees_the_panel(client, now):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert BeautifulSoup(client.get(ADMIN).content, "html.parser").select_one(PANEL)


def test_editors_get_the_dashboard_without_the_panel(client, now):
    build_house(n=1)
    client.force_login(EditorFactory())
    response = client.get(ADMIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "staff-work" not in html
    assert APPLICATIONS not in html and OUTBOX not in html


@pytest.mark.parametrize(
    ("factory", "status"),
    [
        # A signed-in member is told the admin is not for them; an inactive account is no
        # longer signed in at all and goes to the login page.
        (EntrepreneurFactory, 403),
        (lambda: StaffFactory(is_active=False), 302),
    ],
)
def test_members_and_inactive_accounts_never_see_it(client, now, factory, status):
    build_house(n=1)
    client.force_login(factory())
    response = client.get(ADMIN)
    assert response.status_code == status
    assert "staff-work" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert "staff-work" not in response.content.decode()


def test_no_builder_runs_for_someone_who_is_not_staff(client, now, monkeypatch):
    monkeypatch.setattr("community.staff_work._sources", {})
    calls = []
    register_work_item("spy", lambda request: calls.append(request.user) or [], order=1)
    client.force_login(EditorFactory())
    client.get(ADMIN)
    assert calls == []
    staff = StaffFactory()
    client.force_login(staff)
    client.get(ADMIN)
    assert calls == [staff]


def test_items_come_in_registered_order_from_any_app(monkeypatch, rf):
    monkeypatch.setattr("community.staff_work._sources", {})
    register_work_item("b", lambda request: [WorkItem("B", 2, "/b/")], order=20)
    register_work_item("a", lambda request: [WorkItem("A", 0, "/a/")], order=10)
    register_work_item("b", lambda request: [WorkItem("B again", 3, "/b/")], order=5)
    assert [i.label for i in work_items_for(rf.get("/"))] == ["B again", "A"]


def _render_panel(user):
    request = RequestFactory().get(ADMIN)
    request.user = user
    return StaffWorkPanel().render_html({"request": request})


# Seats: 1 (applications with their total) + 1 (offers with theirs); mentoring: 3; events: 1;
# outbox: 1.
PANEL_QUERIES = 7


@pytest.mark.parametrize("n", [1, 6])
def test_the_panel_reads_a_fixed_number_of_queries(django_assert_num_queries, now, n):
    build_house(n=n)
    staff = StaffFactory()
    with django_assert_num_queries(PANEL_QUERIES):
        html = _render_panel(staff)
    assert panel_items(html)[EVENTS][0] == 2 * n


def test_the_dashboard_costs_the_same_with_six_times_the_work(client, now):
    staff = StaffFactory()
    client.force_login(staff)
    build_house(n=1)
    client.get(ADMIN)  # warm caches (site root, content types)
    with CaptureQueriesContext(connection) as small:
        client.get(ADMIN)
    build_house(n=5)
    with CaptureQueriesContext(connection) as large:
        response = client.get(ADMIN)
    assert panel_items(response.content.decode())[APPLICATIONS][0] == 12
    assert len(large) == len(small)


def test_the_week_is_monday_to_sunday_in_oslo_across_a_clock_change():
    # Sunday 28 March 2027 the clocks go forward; that week still starts and ends at midnight.
    start, end = oslo_week(now=datetime.datetime(2027, 3, 28, 21, 30, tzinfo=datetime.UTC))
    assert start == datetime.datetime(2027, 3, 22, tzinfo=OSLO)
    assert end == datetime.datetime(2027, 3, 29, tzinfo=OSLO)
    assert timezone.localtime(start, OSLO).utcoffset() == datetime.timedelta(hours=1)
    assert timezone.localtime(end, OSLO).utcoffset() == datetime.timedelta(hours=2)
    # 23:30 UTC on a Sunday is already Monday in Oslo.
    start, _end = oslo_week(now=datetime.datetime(2027, 3, 14, 23, 30, tzinfo=datetime.UTC))
    assert start.date() == datetime.date(2027, 3, 15)


def test_application_links_name_applicant_and_startup(client, now):
    application = SeatApplicationFactory(
        applicant=EntrepreneurFactory(full_name="Kari Nordmann"),
        startup__name="Sirkel AS",
    )
    client.force_login(StaffFactory())
    rows = panel_items(client.get(ADMIN).content.decode())[APPLICATIONS][2]
    assert rows[0][:2] == (
        "Kari Nordmann – Sirkel AS",
        reverse("seats_admin:application", args=[application.pk]),
    )
    assert re.search(r"sendt inn \d", rows[0][2])
