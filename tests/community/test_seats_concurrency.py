"""Twenty staff members allocate the same desk at the same moment: exactly one wins.

PostgreSQL only. The service locks the desk row and re-checks; the exclusion constraint is the
last line of defence, so it still holds with the lock switched off. With both the lock and the
constraint gone the test sees double allocations, which shows it can fail.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from community import services
from community.models import SeatAllocation
from tests.factories.community import DeskFactory, EntrepreneurFactory, StaffFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 20
D = datetime.date


def _race(desk, members, staff, *, same_member=False):
    """``desk`` is one desk (all race for it) or a list (one member races for all)."""
    barrier = threading.Barrier(N)
    outcomes = []
    lock = threading.Lock()

    def attempt(i):
        try:
            barrier.wait()
            # Overlapping periods, none identical.
            services.seat_allocate(
                desk=desk[i] if same_member else desk,
                member=members[0] if same_member else members[i],
                start=D(2027, 1, 1) + datetime.timedelta(days=i),
                end=D(2027, 6, 1) + datetime.timedelta(days=i),
                by=staff,
            )
            result = "ok"
        except ValidationError as exc:
            result = ("refused", " ".join(exc.messages))
        except Exception as exc:  # noqa: BLE001 - anything else is the bug we look for
            result = ("error", repr(exc))
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.fixture
def people():
    return StaffFactory(), [EntrepreneurFactory() for _ in range(N)]


def test_twenty_parallel_allocations_of_one_desk_exactly_one_wins(people):
    staff, members = people
    desk = DeskFactory()
    outcomes = _race(desk, members, staff)
    assert outcomes.count("ok") == 1
    refused = [o for o in outcomes if o != "ok"]
    assert all(o[0] == "refused" for o in refused), refused
    assert SeatAllocation.objects.filter(desk=desk).count() == 1


def test_without_the_lock_the_constraint_still_refuses_the_rest(people, monkeypatch):
    staff, members = people
    monkeypatch.setattr(services, "USE_SEAT_LOCK", False)
    desk = DeskFactory()
    outcomes = _race(desk, members, staff)
    assert outcomes.count("ok") == 1
    # Losers that passed the re-check hit the constraint: a clear message, not an error.
    assert all(o == "ok" or o[0] == "refused" for o in outcomes), outcomes
    assert SeatAllocation.objects.filter(desk=desk).count() == 1


def test_one_member_twenty_desks_at_once_gets_exactly_one(people, monkeypatch):
    staff, members = people
    monkeypatch.setattr(services, "USE_SEAT_LOCK", False)
    desks = [DeskFactory() for _ in range(N)]
    outcomes = _race(desks, members, staff, same_member=True)
    assert outcomes.count("ok") == 1, outcomes
    assert SeatAllocation.objects.filter(member=members[0]).count() == 1


@pytest.fixture
def without_desk_constraint():
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE community_seatallocation DROP CONSTRAINT seat_allocation_desk_no_overlap"
        )
    yield
    # Put back what the migration made (the table is empty again after the test flush).
    SeatAllocation.objects.all().delete()
    from community.models import SeatAllocation as Model

    constraint = next(
        c for c in Model._meta.constraints if c.name == "seat_allocation_desk_no_overlap"
    )
    with connection.schema_editor() as editor:
        editor.add_constraint(Model, constraint)


def test_lock_alone_keeps_one_winner_without_the_constraint(people, without_desk_constraint):
    staff, members = people
    desk = DeskFactory()
    outcomes = _race(desk, members, staff)
    assert outcomes.count("ok") == 1
    assert SeatAllocation.objects.filter(desk=desk).count() == 1


def test_with_neither_lock_nor_constraint_the_desk_is_double_allocated(
    people, without_desk_constraint, monkeypatch
):
    """The control: this is the failure the other tests rule out."""
    staff, members = people
    monkeypatch.setattr(services, "USE_SEAT_LOCK", False)
    desk = DeskFactory()
    _race(desk, members, staff)
    assert SeatAllocation.objects.filter(desk=desk).count() > 1


@pytest.mark.parametrize("lock", [True, False])
def test_parallel_allocate_requests_one_wins_the_rest_get_a_form_error(monkeypatch, lock):
    """Through the staff page: never a 500, whether the lock or the constraint refuses."""
    from django.test import Client
    from django.urls import reverse

    from tests.factories.community import SeatApplicationFactory

    monkeypatch.setattr(services, "USE_SEAT_LOCK", lock)
    staff = StaffFactory()
    desk = DeskFactory()
    applications = [SeatApplicationFactory(status="accepted") for _ in range(10)]
    barrier = threading.Barrier(len(applications))
    statuses, bodies = [], []
    guard = threading.Lock()

    def post(application):
        client = Client(raise_request_exception=False)
        client.force_login(staff)
        try:
            barrier.wait()
            response = client.post(
                reverse("seats_admin:allocate"),
                {"desk": desk.pk, "application": application.pk, "start": "2027-01-01"},
            )
        finally:
            connection.close()
        with guard:
            statuses.append(response.status_code)
            bodies.append(response.content.decode())

    threads = [threading.Thread(target=post, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200] * 9 + [302]
    refused = [b for s, b in zip(statuses, bodies, strict=True) if s == 200]
    assert all(("allerede opptatt" in b or "nettopp tildelt" in b) for b in refused)
    assert SeatAllocation.objects.filter(desk=desk).count() == 1
