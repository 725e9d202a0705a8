"""Reads for events and registrations; each owns its joins so no page does N+1."""

from datetime import datetime, time, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import Event, ProgrammeItem, Registration

OSLO = ZoneInfo("Europe/Oslo")

_SEATED = Q(registrations__status__in=Registration.SEATED)
_WAITING = Q(registrations__status=Registration.Status.WAITLISTED)


def _with_counts(qs):
    return qs.annotate(
        seats_taken=Count("registrations", filter=_SEATED),
        waiting=Count("registrations", filter=_WAITING),
    )


def places_left(event):
    """Free seats for an event annotated by ``_with_counts`` (None: unlimited)."""
    if event.capacity is None:
        return None
    return max(event.capacity - event.seats_taken, 0)


def events_upcoming(*, audience=None, topic=None, now=None, limit=None):
    """Published (or cancelled, so people see it) events that have not ended, soonest first."""
    now = now or timezone.now()
    qs = Event.objects.filter(
        status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED], end__gt=now
    ).select_related("image")
    if audience:
        qs = qs.filter(audience=audience)
    if topic:
        qs = qs.filter(topic=topic)
    qs = _with_counts(qs).order_by("start", "pk")
    return qs[:limit] if limit else qs


def events_by_month(events):
    """[(first day of month, [events])] in order, months in Europe/Oslo."""

    def month(e):
        return timezone.localtime(e.start).date().replace(day=1)

    return [(key, list(group)) for key, group in groupby(events, key=month)]


def event_public(*, slug):
    """One published or cancelled event with its seat counts and programme."""
    return (
        _with_counts(
            Event.objects.filter(
                slug=slug, status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]
            )
        )
        .select_related("image")
        .prefetch_related(
            Prefetch(
                "programme", queryset=ProgrammeItem.objects.order_by("starts_at", "sort_order")
            )
        )
        .first()
    )


def event_for_registration(*, slug):
    """The event a registration is for, without counts or programme (the booking counts)."""
    return Event.objects.filter(
        slug=slug, status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]
    ).first()


def registration_for_user(*, event, user):
    """The user's active registration for the event, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=user, status__in=Registration.ACTIVE)
        .order_by("-pk")
        .first()
    )


def registration_by_token(*, token):
    if not token or len(token) > 64:
        return None
    return Registration.objects.select_related("event", "user").filter(token=token).first()


def waitlist_position(*, registration):
    """1-based place in the queue, or None when not waitlisted."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def placed_position(*, registration):
    """Queue place of a registration a booking has just placed: the booking counted it under
    the event's lock (``placed_position``); otherwise it is read."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return getattr(registration, "placed_position", None) or waitlist_position(
        registration=registration
    )


def registrations_for_user(*, user, now=None):
    """A member's registrations for events not yet over, with waitlist positions."""
    now = now or timezone.now()
    regs = list(
        Registration.objects.filter(
            user=user,
            event__end__gt=now,
            status__in=[
                Registration.Status.CONFIRMED,
                Registration.Status.WAITLISTED,
                Registration.Status.ATTENDED,
            ],
        )
        .select_related("event")
        .order_by("event__start", "pk")
    )
    _attach_positions(regs)
    return regs


def _attach_positions(regs):
    """Waitlist positions for many registrations in one query."""
    waiting = [r for r in regs if r.status == Registration.Status.WAITLISTED]
    for r in regs:
        r.position = None
    if not waiting:
        return
    queue = (
        Registration.objects.filter(
            event_id__in={r.event_id for r in waiting}, status=Registration.Status.WAITLISTED
        )
        .order_by("event_id", "queued_at", "pk")
        .values_list("event_id", "pk")
    )
    positions = {}
    for _event_id, rows in groupby(queue, key=lambda row: row[0]):
        for n, (_e, pk) in enumerate(rows, start=1):
            positions[pk] = n
    for r in waiting:
        r.position = positions.get(r.pk)


def registrations_for_staff(*, event, query=""):
    """Everyone registered for an event, seated first then the queue in order."""
    qs = Registration.objects.filter(event=event).select_related("user", "checked_in_by")
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    return qs.order_by("status", "queued_at", "pk")


def waitlist_for_staff(*, event):
    return list(
        Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by("queued_at", "pk")
    )


def attendance_counts(*, event):
    """{status: count} for one event in one query."""
    rows = Registration.objects.filter(event=event).values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Registration.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    counts["seated"] = counts["confirmed"] + counts["attended"]
    return counts


def events_for_staff(*, now=None):
    """Events with attendance numbers for the staff overview, most recent first."""
    return Event.objects.annotate(
        seats_taken=Count("registrations", filter=_SEATED),
        waiting=Count("registrations", filter=_WAITING),
        attended=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.ATTENDED)
        ),
    ).order_by("-start", "-pk")


def check_in_list(*, event, query=""):
    qs = Registration.objects.filter(event=event, status__in=Registration.SEATED)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return qs.select_related("user").order_by("name", "pk")


def feed_items_for_user(user):
    """The member's events for the personal calendar feed."""
    return (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED],
        )
        .select_related("event")
        .order_by("event__start")
    )


def events_for_public_feed(*, now=None):
    now = now or timezone.now()
    return Event.objects.filter(
        status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
        end__gt=now - timedelta(days=90),
    ).order_by("start", "pk")


def oslo_week(*, now=None) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 in Europe/Oslo around ``now`` (DST-correct)."""
    today = timezone.localtime(now or timezone.now(), OSLO).date()
    monday = today - timedelta(days=today.weekday())
    return (
        datetime.combine(monday, time.min, tzinfo=OSLO),
        datetime.combine(monday + timedelta(days=7), time.min, tzinfo=OSLO),
    )


def events_this_week(*, now=None):
    """Published events on during this Oslo week (Monday–Sunday), with their seat and queue
    counts, in one query."""
    start, end = oslo_week(now=now)
    return _with_counts(
        Event.objects.filter(status=Event.Status.PUBLISHED, start__lt=end, end__gt=start)
    ).order_by("start", "pk")
