"""Reads for seats: the desk map, occupancy, the queue, the waiting list, the directory; and
who the house staff are."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Window
from django.shortcuts import get_object_or_404

from . import roles
from .models import Desk, SeatAllocation, SeatApplication, Startup, User

FREE, OCCUPIED, RESERVED, INACTIVE = "free", "occupied", "reserved", "inactive"


@dataclass
class DeskState:
    desk: Desk
    state: str
    allocation: SeatAllocation | None = None


def _holding_on(day):
    return SeatAllocation.objects.filter(status__in=SeatAllocation.HOLDING, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day)
    )


def seat_count() -> int:
    """The house's capacity: the active desks, not a constant."""
    return Desk.objects.filter(active=True).count()


def desk_states_on(*, day: datetime.date) -> list[DeskState]:
    """Every desk with its state on ``day``: free, occupied, reserved (an open offer) or
    inactive. Two queries whatever the number of desks."""
    holding = {
        a.desk_id: a for a in _holding_on(day).select_related("member", "startup").order_by("start")
    }
    states = []
    for desk in Desk.objects.order_by("code"):
        allocation = holding.get(desk.pk)
        if not desk.active:
            state = INACTIVE
        elif allocation is None:
            state = FREE
        elif allocation.status == SeatAllocation.Status.RESERVED:
            state = RESERVED
        else:
            state = OCCUPIED
        states.append(DeskState(desk=desk, state=state, allocation=allocation))
    return states


def occupancy_on(*, day: datetime.date) -> dict:
    """Seats taken (active allocations on active desks) of the active desks on ``day``."""
    total = seat_count()
    taken = (
        _holding_on(day)
        .filter(status=SeatAllocation.Status.ACTIVE, desk__active=True)
        .values("desk")
        .distinct()
        .count()
    )
    reserved = (
        _holding_on(day)
        .filter(status=SeatAllocation.Status.RESERVED, desk__active=True)
        .values("desk")
        .distinct()
        .count()
    )
    return {"taken": taken, "reserved": reserved, "total": total, "free": total - taken - reserved}


def free_seats_on(*, day: datetime.date) -> int:
    return occupancy_on(day=day)["free"]


def vacancies_upcoming(*, today: datetime.date, days: int = 90) -> list[dict]:
    """Allocations ending within ``days``, soonest first, and whether the desk is already
    promised to someone after that (then it does not really free up)."""
    horizon = today + datetime.timedelta(days=days)
    ending = list(
        SeatAllocation.objects.filter(
            status=SeatAllocation.Status.ACTIVE,
            desk__active=True,
            end__gt=today,
            end__lte=horizon,
        )
        .select_related("desk", "member", "startup")
        .order_by("end", "desk__code")
    )
    desk_ids = {a.desk_id for a in ending}
    followers = {}
    for a in SeatAllocation.objects.filter(
        desk_id__in=desk_ids, status__in=SeatAllocation.HOLDING, start__gt=today
    ).select_related("member"):
        followers.setdefault(a.desk_id, []).append(a)
    rows = []
    for allocation in ending:
        nxt = next(
            (f for f in followers.get(allocation.desk_id, []) if f.start == allocation.end),
            None,
        )
        rows.append({"allocation": allocation, "followed_by": nxt})
    return rows


def _month_start(day):
    return day.replace(day=1)


def _add_months(day, n):
    month = day.month - 1 + n
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def occupancy_by_month(*, until: datetime.date, months: int = 12) -> list[dict]:
    """Average seats taken per day in each of the ``months`` months ending with ``until``'s
    month, from the allocation history (one query)."""
    last = _month_start(until)
    first = _add_months(last, -(months - 1))
    window_end = _add_months(last, 1)
    rows = list(
        SeatAllocation.objects.filter(status=SeatAllocation.Status.ACTIVE, start__lt=window_end)
        .filter(Q(end__isnull=True) | Q(end__gt=first))
        .values_list("start", "end")
    )
    total = seat_count()
    result = []
    for i in range(months):
        m_start = _add_months(first, i)
        m_end = _add_months(first, i + 1)
        days = calendar.monthrange(m_start.year, m_start.month)[1]
        desk_days = 0
        for start, end in rows:
            lo = max(start, m_start)
            hi = min(end or m_end, m_end)
            if hi > lo:
                desk_days += (hi - lo).days
        average = desk_days / days
        result.append(
            {
                "month": m_start,
                "average": round(average, 1),
                "percent": round(100 * average / total) if total else 0,
                "total": total,
            }
        )
    return result


# --- Applications -----------------------------------------------------------------------------


def applications_queue():
    """Applications waiting for a decision, oldest first."""
    return (
        SeatApplication.objects.filter(
            status__in=[SeatApplication.Status.SUBMITTED, SeatApplication.Status.IN_REVIEW]
        )
        .select_related("applicant", "startup")
        .order_by("submitted_at", "pk")
    )


def waitlist():
    """The waiting list: priority first, then who applied first."""
    return (
        SeatApplication.objects.filter(status=SeatApplication.Status.WAITLISTED)
        .select_related("applicant", "startup")
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=SeatAllocation.objects.filter(
                    status=SeatAllocation.Status.RESERVED
                ).select_related("desk"),
                to_attr="open_offers",
            )
        )
        .order_by("priority", "submitted_at", "pk")
    )


def accepted_without_seat(*, today: datetime.date):
    """Accepted applicants who hold no desk now or later: staff allocate these next."""
    seated = SeatAllocation.objects.filter(status__in=SeatAllocation.HOLDING).filter(
        Q(end__isnull=True) | Q(end__gt=today)
    )
    return (
        SeatApplication.objects.filter(status=SeatApplication.Status.ACCEPTED)
        .exclude(applicant__in=seated.values("member"))
        .select_related("applicant", "startup")
        .order_by("decided_at", "pk")
    )


def application_for_staff(*, pk):
    """One application with everything the applicant told us, the startup's team, the
    decision log and the desks."""
    return get_object_or_404(
        SeatApplication.objects.select_related("applicant", "startup").prefetch_related(
            "startup__members", "decisions__by", "allocations__desk"
        ),
        pk=pk,
    )


def _first_with_total(qs, *, limit: int):
    """The first ``limit`` rows of ``qs`` and how many rows it has in all, in one query."""
    rows = list(qs.annotate(total=Window(Count("pk")))[:limit])
    return (rows[0].total if rows else 0), rows


def applications_waiting(*, limit: int = 3):
    """How many applications wait for a decision, and the oldest ``limit`` of them."""
    return _first_with_total(applications_queue(), limit=limit)


def offers_expiring(*, now: datetime.datetime, within: datetime.timedelta, limit: int = 5):
    """Open offers whose answer is due between ``now`` and ``now + within`` (soonest first):
    how many, and the first ``limit``."""
    qs = (
        SeatAllocation.objects.filter(
            status=SeatAllocation.Status.RESERVED,
            offer_deadline__gte=now,
            offer_deadline__lte=now + within,
        )
        .select_related("desk", "member")
        .order_by("offer_deadline", "pk")
    )
    return _first_with_total(qs, limit=limit)


def applications_of(*, user):
    """One person's own applications, newest first (never anyone else's)."""
    return (
        SeatApplication.objects.filter(applicant=user)
        .select_related("startup")
        .order_by("-submitted_at")
    )


def application_of(*, user, pk):
    """The applicant's own application or a 404, whatever id is tried."""
    return get_object_or_404(
        SeatApplication.objects.select_related("startup").prefetch_related("decisions"),
        pk=pk,
        applicant=user,
    )


def open_application_of(*, user):
    return applications_of(user=user).filter(status__in=SeatApplication.OPEN).first()


def allocations_of(*, user, today: datetime.date):
    """The member's current and coming desks and open offers."""
    return (
        SeatAllocation.objects.filter(member=user, status__in=SeatAllocation.HOLDING)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .select_related("desk", "startup")
        .order_by("start")
    )


def offer_of(*, user, pk):
    return get_object_or_404(
        SeatAllocation.objects.select_related("desk"),
        pk=pk,
        member=user,
        status=SeatAllocation.Status.RESERVED,
    )


def allocation_for_staff(*, pk):
    return get_object_or_404(
        SeatAllocation.objects.select_related("desk", "member", "startup", "application"), pk=pk
    )


def desk_history(*, desk, limit: int = 20):
    return (
        SeatAllocation.objects.filter(desk=desk)
        .select_related("member", "startup")
        .order_by("-start")[:limit]
    )


def desks_active():
    return Desk.objects.filter(active=True).order_by("code")


# --- Directory --------------------------------------------------------------------------------


def startups_directory():
    """The startups that chose to be listed, with their team (one extra query)."""
    return Startup.objects.filter(listed=True).prefetch_related("members").order_by("name")


# --- House staff ------------------------------------------------------------------------------


def house_staff():
    """Everyone ``services.is_house_staff`` says yes to, as a queryset: active superusers and
    active holders of the staff role. Not ``is_staff``: that is Wagtail's admin flag, which
    editors hold too. Each person once, without ``distinct()``."""
    staff_role = User.objects.filter(groups__name=roles.STAFF).values("pk")
    return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(pk__in=staff_role))
