"""Staff tools for seats: who may use them, the desk map and occupancy numbers, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import selectors, services
from community.models import SeatAllocation
from tests.factories.community import (
    DeskFactory,
    EntrepreneurFactory,
    SeatAllocationFactory,
    SeatApplicationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date

STAFF_URLS = [
    ("seats_admin:queue", []),
    ("seats_admin:map", []),
    ("seats_admin:occupancy", []),
    ("seats_admin:allocate", []),
]


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.mark.parametrize(("name", "args"), STAFF_URLS)
def test_members_cannot_open_staff_views(client, name, args):
    client.force_login(EntrepreneurFactory())
    response = client.get(reverse(name, args=args))
    assert response.status_code in (302, 403)


def test_member_cannot_see_an_application_or_allocation_in_the_admin(client):
    application = SeatApplicationFactory(staff_notes="Intern vurdering")
    allocation = SeatAllocationFactory()
    client.force_login(application.applicant)
    for url in (
        reverse("seats_admin:application", args=[application.pk]),
        reverse("seats_admin:allocation", args=[allocation.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Intern vurdering" not in response.content


@pytest.mark.parametrize(("name", "args"), STAFF_URLS)
def test_staff_open_every_view(staff_client, name, args):
    assert staff_client.get(reverse(name, args=args)).status_code == 200


def test_staff_see_notes_and_decide(staff_client, mailoutbox, django_capture_on_commit_callbacks):
    application = SeatApplicationFactory(staff_notes="Intern vurdering")
    url = reverse("seats_admin:application", args=[application.pk])
    assert b"Intern vurdering" in staff_client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {"action": "decide", "decision": "waitlisted", "message": "Snart plass."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "waitlisted"
    assert any("Snart plass." in m.body for m in mailoutbox)


def test_allocate_form_overlap_is_a_form_error_not_a_500(staff_client):
    desk = DeskFactory()
    SeatAllocationFactory(desk=desk, start=D(2027, 1, 1))
    application = SeatApplicationFactory(status="accepted")
    response = staff_client.post(
        reverse("seats_admin:allocate"),
        {"desk": desk.pk, "application": application.pk, "start": "2027-03-01"},
    )
    assert response.status_code == 200
    assert desk.code in response.content.decode()
    assert SeatAllocation.objects.filter(member=application.applicant).count() == 0


def test_allocate_end_before_start_keeps_input(staff_client):
    desk = DeskFactory()
    application = SeatApplicationFactory(status="accepted")
    response = staff_client.post(
        reverse("seats_admin:allocate"),
        {
            "desk": desk.pk,
            "application": application.pk,
            "start": "2027-03-01",
            "end": "2027-02-01",
        },
    )
    assert response.status_code == 200
    assert 'value="2027-03-01"' in response.content.decode()
    assert not SeatAllocation.objects.exists()


def test_desk_map_and_occupancy_match_allocations_on_a_date_including_a_move(staff_client):
    staff = StaffFactory()
    desks = [DeskFactory() for _ in range(6)]
    DeskFactory(active=False)
    a = services.seat_allocate(
        desk=desks[0], member=EntrepreneurFactory(), start=D(2027, 1, 1), by=staff
    )
    services.seat_allocate(
        desk=desks[1],
        member=EntrepreneurFactory(),
        start=D(2027, 1, 1),
        end=D(2027, 3, 1),
        by=staff,
    )
    moved = services.seat_move(allocation=a, desk=desks[2], on=D(2027, 2, 1), by=staff)
    SeatAllocationFactory(desk=desks[3], start=D(2027, 1, 15), status="reserved")

    def states(day):
        return {s.desk.code: s.state for s in selectors.desk_states_on(day=day)}

    jan = states(D(2027, 1, 20))
    assert jan[desks[0].code] == "occupied" and jan[desks[2].code] == "free"
    assert jan[desks[3].code] == "reserved"
    feb = states(D(2027, 2, 1))
    assert feb[desks[0].code] == "free" and feb[desks[2].code] == "occupied"
    assert selectors.occupancy_on(day=D(2027, 2, 1)) == {
        "taken": 2,
        "reserved": 1,
        "total": 6,
        "free": 3,
    }
    assert selectors.occupancy_on(day=D(2027, 3, 1))["taken"] == 1
    body = staff_client.get(reverse("seats_admin:map") + "?day=2027-02-01").content.decode()
    assert body.count('class="desk desk-occupied"') == 2
    assert body.count('class="desk desk-free"') == 3
    assert body.count('class="desk desk-inactive"') == 1
    assert body.count('class="desk desk-reserved"') == 1
    assert reverse("seats_admin:allocation", args=[moved.pk]) in body


def test_occupancy_by_month_averages_the_days():
    DeskFactory()
    DeskFactory()
    SeatAllocationFactory(start=D(2027, 1, 1), end=D(2027, 1, 16))  # half of January
    rows = selectors.occupancy_by_month(until=D(2027, 2, 10), months=2)
    assert [(r["month"], r["average"]) for r in rows] == [
        (D(2027, 1, 1), 0.5),
        (D(2027, 2, 1), 0.0),
    ]


def test_vacancies_show_what_frees_and_whether_it_is_promised():
    desk = DeskFactory()
    SeatAllocationFactory(desk=desk, start=D(2027, 1, 1), end=D(2027, 3, 1))
    nxt = SeatAllocationFactory(desk=desk, start=D(2027, 3, 1))
    SeatAllocationFactory(start=D(2027, 1, 1), end=D(2027, 2, 1))
    SeatAllocationFactory(start=D(2027, 1, 1), end=D(2027, 9, 1))  # outside 90 days
    rows = selectors.vacancies_upcoming(today=D(2027, 1, 10), days=90)
    assert [r["allocation"].end for r in rows] == [D(2027, 2, 1), D(2027, 3, 1)]
    assert rows[1]["followed_by"] == nxt


def _fill(rows):
    for i in range(rows):
        desk = DeskFactory()
        SeatAllocationFactory(desk=desk, start=D(2020, 1, 1), end=D(2020, 6, 1))
        SeatAllocationFactory(desk=desk, start=D(2020, 6, 1))
        SeatApplicationFactory(status="submitted" if i % 2 else "waitlisted")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["seats_admin:queue", "seats_admin:map", "seats_admin:occupancy"])
def test_queue_map_and_occupancy_query_counts_do_not_grow(staff_client, name):
    url = reverse(name)
    _fill(3)
    _queries(staff_client, url)  # warm Wagtail's per-process caches
    few = _queries(staff_client, url)
    _fill(27)
    assert _queries(staff_client, url) == few


def test_staff_keep_desks_and_startups_as_snippets_but_members_cannot(staff_client, client):
    desk = DeskFactory(code="A-01")
    for name, args in (
        ("wagtailsnippets_community_desk:list", []),
        ("wagtailsnippets_community_desk:add", []),
        ("wagtailsnippets_community_desk:edit", [desk.pk]),
        ("wagtailsnippets_community_startup:list", []),
        ("wagtailsnippets_community_startup:add", []),
    ):
        assert staff_client.get(reverse(name, args=args)).status_code == 200, name
    response = staff_client.post(
        reverse("wagtailsnippets_community_desk:edit", args=[desk.pk]),
        {"code": "A-01", "zone": "Rom A", "kind": "fixed", "x": 10, "y": 10},
    )
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.active is False  # unticked: the desk leaves the seat count
    assert selectors.seat_count() == 0
    client.force_login(EntrepreneurFactory())
    assert client.get(reverse("wagtailsnippets_community_desk:list")).status_code in (302, 403)


def test_staff_move_and_end_from_the_allocation_page(staff_client):
    a, b = DeskFactory(code="A-01"), DeskFactory(code="B-01")
    allocation = SeatAllocationFactory(desk=a, start=D(2027, 1, 1))
    url = reverse("seats_admin:allocation", args=[allocation.pk])
    response = staff_client.post(
        url, {"action": "move", "move-desk": b.pk, "move-on": "2027-03-01"}
    )
    assert response.status_code == 302
    new = SeatAllocation.objects.get(desk=b)
    allocation.refresh_from_db()
    assert (allocation.end, new.start, new.member) == (
        D(2027, 3, 1),
        D(2027, 3, 1),
        allocation.member,
    )
    # A move onto a taken desk is a form error and changes nothing.
    SeatAllocationFactory(desk=a, start=D(2027, 4, 1))
    response = staff_client.post(
        reverse("seats_admin:allocation", args=[new.pk]),
        {"action": "move", "move-desk": a.pk, "move-on": "2027-05-01"},
    )
    assert response.status_code == 200
    assert "allerede opptatt" in response.content.decode()
    new.refresh_from_db()
    assert new.end is None
    response = staff_client.post(
        reverse("seats_admin:allocation", args=[new.pk]),
        {"action": "end", "end-end": "2027-02-01"},
    )
    assert response.status_code == 200  # before the start: refused on the form
    response = staff_client.post(
        reverse("seats_admin:allocation", args=[new.pk]),
        {"action": "end", "end-end": "2027-09-01"},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.end == D(2027, 9, 1)
