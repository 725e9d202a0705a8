"""Reads for mentoring pages, the board, Min side and the calendar feeds."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from community.services import is_house_staff

from .models import (
    AvailabilityRule,
    DateOverride,
    Feedback,
    Match,
    MentoringRequest,
    MentorProfile,
    Session,
)
from .slots import Busy, Rules, free_slots


def rules_for(mentor, *, rules=None, overrides=None) -> Rules:
    """The slot engine's view of a mentor (pass prefetched rows to avoid queries)."""
    if rules is None:
        rules = AvailabilityRule.objects.filter(mentor=mentor)
    if overrides is None:
        overrides = DateOverride.objects.filter(mentor=mentor)
    weekly = defaultdict(list)
    for r in rules:
        weekly[r.weekday].append((r.start_time, r.end_time))
    off, extra = defaultdict(list), defaultdict(list)
    for o in overrides:
        (off if o.kind == DateOverride.Kind.OFF else extra)[o.date].append(
            (o.start_time, o.end_time)
        )
    return Rules(
        weekly=dict(weekly),
        off=dict(off),
        extra=dict(extra),
        session_minutes=mentor.session_minutes,
        buffer_minutes=mentor.buffer_minutes,
        min_notice_hours=mentor.min_notice_hours,
        max_sessions_per_day=mentor.max_sessions_per_day,
        max_hours_per_month=mentor.max_hours_per_month,
        booking_window_days=mentor.booking_window_days,
    )


def _busy(sessions):
    return [Busy(s.start, s.end, s.blocked_end) for s in sessions]


def mentor_slots(*, mentor, now=None, exclude_session=None):
    """Free slots for one mentor from now to the end of the booking window."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        mentor=mentor,
        status=Session.Status.BOOKED,
        end__gte=now - timedelta(days=31),
    ).only("start", "end", "blocked_end")
    if exclude_session is not None:
        sessions = sessions.exclude(pk=exclude_session.pk)
    return free_slots(rules_for(mentor), _busy(sessions), now=now)


def mentors_slots(*, mentors=None, now=None) -> dict:
    """Free slots for many mentors in four queries (the benchmark's path)."""
    now = now or timezone.now()
    horizon = now + timedelta(days=366)
    qs = MentorProfile.objects.filter(is_active=True) if mentors is None else mentors
    qs = qs.prefetch_related(
        "rules",
        "overrides",
        Prefetch(
            "sessions",
            to_attr="live_sessions",
            queryset=Session.objects.filter(
                status=Session.Status.BOOKED,
                end__gte=now - timedelta(days=31),
                start__lt=horizon,
            ).only("mentor_id", "start", "end", "blocked_end"),
        ),
    )
    return {
        m.pk: free_slots(
            rules_for(m, rules=m.rules.all(), overrides=m.overrides.all()),
            _busy(m.live_sessions),
            now=now,
        )
        for m in qs
    }


def public_mentors():
    return MentorProfile.objects.filter(is_active=True, is_public=True).select_related("user")


def requests_for(user):
    return (
        MentoringRequest.objects.filter(entrepreneur=user)
        .prefetch_related(
            Prefetch("matches", queryset=Match.objects.select_related("mentor__user"))
        )
        .order_by("-created_at")
    )


def active_match_for(user):
    """The entrepreneur's accepted match, if any."""
    return (
        Match.objects.filter(request__entrepreneur=user, status=Match.Status.ACCEPTED)
        .select_related("mentor__user", "request")
        .first()
    )


def matches_for_mentor(user):
    return (
        Match.objects.filter(mentor__user=user)
        .exclude(status__in=[Match.Status.PROPOSED, Match.Status.REJECTED])
        .select_related("request__entrepreneur", "mentor__user")
        .order_by("status", "-created_at")
    )


def match_for_participant(*, user, pk):
    """A match the user is part of (entrepreneur or mentor), else DoesNotExist."""
    return Match.objects.select_related("request__entrepreneur", "mentor__user").get(
        Q(request__entrepreneur=user) | Q(mentor__user=user),
        pk=pk,
        status__in=[
            Match.Status.APPROVED,
            Match.Status.ACCEPTED,
            Match.Status.ENDED,
            Match.Status.DECLINED,
        ],
    )


def sessions_for(user):
    """Sessions where the user is the mentee or the mentor."""
    return (
        Session.objects.filter(Q(mentee=user) | Q(mentor__user=user))
        .select_related("mentor__user", "mentee", "match")
        .prefetch_related(
            Prefetch(
                "feedback", queryset=Feedback.objects.filter(author=user), to_attr="my_feedback"
            )
        )
        .order_by("-start")
    )


def session_for_participant(*, user, pk):
    return Session.objects.select_related("mentor__user", "mentee", "match__request").get(
        Q(mentee=user) | Q(mentor__user=user), pk=pk
    )


def feedback_received_by(user):
    """The feedback others gave on the sessions ``user`` held as a mentor."""
    return (
        Feedback.objects.select_related("session__mentor__user", "session__mentee", "author")
        .filter(session__mentor__user=user)
        .exclude(author=user)
    )


def feedback_visible_to(user):
    """House staff see all feedback; anybody else (a mentor, an editor who mentors) only the
    feedback on their own sessions."""
    if is_house_staff(user):
        return Feedback.objects.select_related("session__mentor__user", "session__mentee", "author")
    return feedback_received_by(user)


def hours_summary(*, sessions, now=None):
    """Planned (booked, not yet held) and held hours of a session queryset."""
    now = now or timezone.now()
    planned = held = 0.0
    for start, end in sessions.filter(status=Session.Status.BOOKED).values_list("start", "end"):
        hours = (end - start).total_seconds() / 3600
        if end <= now:
            held += hours
        else:
            planned += hours
    return {"planned": round(planned, 2), "held": round(held, 2)}


def hours_by(*, key, now=None):
    """Planned vs held hours grouped by 'mentee', 'mentor' or 'partner' (staff report)."""
    now = now or timezone.now()
    field = {
        "mentee": "mentee__full_name",
        "mentor": "mentor__user__full_name",
        "partner": "mentor__partner",
    }[key]
    rows: dict[str, dict] = {}
    for name, start, end in Session.objects.filter(status=Session.Status.BOOKED).values_list(
        field, "start", "end"
    ):
        row = rows.setdefault(name, {"name": name, "planned": 0.0, "held": 0.0})
        row["held" if end <= now else "planned"] += (end - start).total_seconds() / 3600
    if key == "partner":
        from .vocabulary import Partner

        for row in rows.values():
            row["name"] = str(dict(Partner.choices).get(row["name"], row["name"]))
    return sorted(rows.values(), key=lambda r: r["name"] or "")


def board_matches():
    return (
        Match.objects.filter(status__in=Match.LIVE)
        .select_related("request__entrepreneur", "mentor__user")
        .order_by("status", "-score", "pk")
    )


def open_requests_without_match():
    return (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .exclude(matches__status__in=Match.LIVE)
        .select_related("entrepreneur")
        .order_by("created_at")
    )


def staff_work_counts(*, now=None) -> dict:
    """What waits for staff in mentoring, in three queries: open requests without a live
    proposal, proposals to approve, approved matches the mentor has not answered, and held
    sessions nobody has given feedback on."""
    now = now or timezone.now()
    matches = Match.objects.aggregate(
        proposed=Count("pk", filter=Q(status=Match.Status.PROPOSED)),
        approved=Count("pk", filter=Q(status=Match.Status.APPROVED)),
    )
    return {
        "requests": open_requests_without_match().count(),
        "proposed": matches["proposed"],
        "approved": matches["approved"],
        "without_feedback": Session.objects.filter(status=Session.Status.BOOKED, end__lte=now)
        .filter(~Exists(Feedback.objects.filter(session=OuterRef("pk"))))
        .count(),
    }
