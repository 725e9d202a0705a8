"""Writes for mentoring: profiles, availability, requests, matches, sessions and feedback.

Every booking write locks the mentor's profile row, re-counts (day, month, overlaps) and then
writes, all in one transaction; on PostgreSQL the exclusion constraints on ``Session`` are the
last line of defence, and a lost race there is answered like any other taken slot.
"""

from datetime import UTC, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community import roles
from community.services import is_house_staff, role_grant
from grunderhus.db import is_deadlock
from notifications.services import notification_send_now

from . import matching, notify
from .models import (
    AvailabilityRule,
    ConflictOfInterest,
    DateOverride,
    Feedback,
    Match,
    MentoringRequest,
    MentorProfile,
    Session,
)
from .slots import OSLO, day_windows, month_key
from .vocabulary import Expertise, Language, Partner

# Turned off only by the test that proves the lock matters (it must then overbook a day).
LOCK_MENTOR_ROW = True
# The entrepreneur may not cancel or move a session later than this before it starts.
CANCEL_CUTOFF = timedelta(hours=24)


class MentoringError(Exception):
    """A write refused for a reason the person should read."""

    def __init__(self, message, code="invalid", field=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


# --- Profiles and availability ------------------------------------------------------------


def _check_vocab(values, choices, message, field):
    known = set(choices.values)
    if any(v not in known for v in values):
        raise MentoringError(message, "vocabulary", field)


def mentor_profile_save(
    *,
    user,
    headline,
    bio="",
    expertise,
    languages,
    sectors=(),
    partner=None,
    max_mentees=3,
    max_hours_per_month=6,
    is_active=True,
    is_public=False,
    session_minutes=60,
    buffer_minutes=15,
    min_notice_hours=24,
    max_sessions_per_day=3,
    booking_window_days=56,
    video_url="",
) -> MentorProfile:
    """Create or update a mentor's profile; a mentor must speak at least one language."""
    if not languages:
        raise MentoringError(
            _("Choose at least one language you can mentor in."), "no_language", "languages"
        )
    if not expertise:
        raise MentoringError(
            _("Choose at least one area of expertise."), "no_expertise", "expertise"
        )
    _check_vocab(expertise, Expertise, _("Unknown area of expertise."), "expertise")
    _check_vocab(languages, Language, _("Unknown language."), "languages")
    if not 15 <= session_minutes <= 240:
        raise MentoringError(
            _("A session lasts between 15 and 240 minutes."), "length", "session_minutes"
        )
    if not 1 <= booking_window_days <= 365:
        raise MentoringError(
            _("The booking window is between 1 and 365 days."), "window", "booking_window_days"
        )
    values = {
        "headline": headline,
        "bio": bio,
        "expertise": sorted(set(expertise)),
        "languages": sorted(set(languages)),
        "sectors": sorted(set(sectors)),
        "max_mentees": max_mentees,
        "max_hours_per_month": max_hours_per_month,
        "is_active": is_active,
        "is_public": is_public,
        "session_minutes": session_minutes,
        "buffer_minutes": buffer_minutes,
        "min_notice_hours": min_notice_hours,
        "max_sessions_per_day": max_sessions_per_day,
        "booking_window_days": booking_window_days,
        "video_url": video_url,
    }
    if partner:
        values["partner"] = partner
    with transaction.atomic():
        profile, _created = MentorProfile.objects.update_or_create(user=user, defaults=values)
    return profile


def mentor_invite(*, full_name: str, email: str, partner: str, by):
    """Staff invite a mentor: an account without a password, the mentor role and a profile
    shell for the partner organisation; the invitation mail carries a set-password link."""
    if not is_house_staff(by):
        raise PermissionDenied
    User = get_user_model()
    email = User.objects.normalize_email((email or "").strip())
    full_name = (full_name or "").strip()
    errors = {}
    if not full_name:
        errors["full_name"] = _("Enter the mentor's full name.")
    if partner not in Partner.values:
        errors["partner"] = _("Choose a partner organisation from the list.")
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = _(
            "Someone already has an account with this address. Grant them the mentor role instead."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=None, full_name=full_name)
        except IntegrityError as exc:
            raise ValidationError(
                {"email": _("Someone already has an account with this address.")}
            ) from exc
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        role_grant(
            user=user,
            role=roles.MENTOR,
            by=by,
            reason=_("Invited as a mentor by %(name)s.") % {"name": by},
        )
        mentor_profile_shell_create(user=user, partner=partner)
        notification_send_now(
            kind=notify.MENTOR_INVITE,
            subject=user,
            recipient=user,
            context={"invited_by": str(by)},
        )
    return user


def mentor_profile_shell_create(*, user, partner: str):
    """An inactive, unlisted profile holding the partner until the mentor completes it."""
    return MentorProfile.objects.get_or_create(
        user=user,
        defaults={"headline": "", "partner": partner, "is_active": False, "is_public": False},
    )[0]


def _overlapping(ranges):
    ranges = sorted(ranges)
    return any(b[0] < a[1] for a, b in zip(ranges, ranges[1:], strict=False))


def availability_set(*, mentor, weekly) -> list[AvailabilityRule]:
    """Replace the mentor's weekly hours; windows on one weekday may not overlap."""
    by_day: dict[int, list] = {}
    for weekday, start, end in weekly:
        if end <= start:
            raise MentoringError(_("Each window must end after it starts."), "order")
        by_day.setdefault(weekday, []).append((start, end))
    for windows in by_day.values():
        if _overlapping(windows):
            raise MentoringError(
                _("Two of your availability windows overlap on the same weekday."), "overlap"
            )
    with transaction.atomic():
        AvailabilityRule.objects.filter(mentor=mentor).delete()
        return AvailabilityRule.objects.bulk_create(
            AvailabilityRule(mentor=mentor, weekday=d, start_time=s, end_time=e)
            for d, s, e in sorted(weekly)
        )


def date_override_add(*, mentor, date, kind, start_time=None, end_time=None) -> DateOverride:
    """Add a day off (whole day or some hours) or extra hours; extra hours may not overlap."""
    if (start_time is None) != (end_time is None):
        raise MentoringError(_("Give both a start and an end time, or neither."), "times")
    if kind == DateOverride.Kind.EXTRA and start_time is None:
        raise MentoringError(_("Extra hours need a start and an end time."), "times")
    if start_time is not None and end_time <= start_time:
        raise MentoringError(_("The end time must be after the start time."), "order")
    with transaction.atomic():
        if kind == DateOverride.Kind.EXTRA:
            existing = DateOverride.objects.filter(mentor=mentor, date=date, kind=kind)
            ranges = [(o.start_time, o.end_time) for o in existing] + [(start_time, end_time)]
            if _overlapping(ranges):
                raise MentoringError(
                    _("These extra hours overlap hours you already added."), "overlap"
                )
        return DateOverride.objects.create(
            mentor=mentor, date=date, kind=kind, start_time=start_time, end_time=end_time
        )


def date_override_remove(*, override) -> None:
    """Forget a date override (it is a rule, not history)."""
    override.delete()


def conflict_declare(*, mentor, entrepreneur, reason="", by) -> ConflictOfInterest:
    """Mark a pair as never to be matched."""
    obj, _created = ConflictOfInterest.objects.get_or_create(
        mentor=mentor, entrepreneur=entrepreneur, defaults={"reason": reason, "created_by": by}
    )
    return obj


# --- Requests and matching ----------------------------------------------------------------


def mentoring_request_create(
    *, entrepreneur, topics, goals, preferred_language, sector="other", wished_mentors=()
) -> MentoringRequest:
    """Open a request; an entrepreneur has at most one open or matched request."""
    if not topics:
        raise MentoringError(_("Choose at least one topic."), "no_topics", "topics")
    _check_vocab(topics, Expertise, _("Unknown topic."), "topics")
    if not goals.strip():
        raise MentoringError(_("Tell us what you want to achieve."), "no_goals", "goals")
    if MentoringRequest.objects.filter(
        entrepreneur=entrepreneur, status__in=["open", "matched"]
    ).exists():
        raise MentoringError(_("You already have an open mentoring request."), "exists")
    try:
        with transaction.atomic():
            req = MentoringRequest.objects.create(
                entrepreneur=entrepreneur,
                topics=sorted(set(topics)),
                goals=goals.strip(),
                preferred_language=preferred_language,
                sector=sector,
            )
            if wished_mentors:
                req.wished_mentors.set(wished_mentors)
    except IntegrityError:
        raise MentoringError(_("You already have an open mentoring request."), "exists") from None
    return req


def mentoring_request_close(*, request, by) -> MentoringRequest:
    """Close a request and end its live match (history is kept)."""
    now = timezone.now()
    with transaction.atomic():
        request.matches.filter(status__in=Match.LIVE).update(
            status=Match.Status.ENDED, ended_at=now
        )
        request.status = MentoringRequest.Status.CLOSED
        request.closed_at = now
        request.save(update_fields=["status", "closed_at"])
    return request


def _same_company_pairs(entrepreneur_ids, mentor_user_ids):
    """(entrepreneur id, mentor user id) pairs in one startup's team, if startups exist."""
    try:
        from community.models import Startup
    except ImportError:
        return set()
    field_names = {f.name for f in Startup._meta.get_fields()}
    members = next((n for n in ("members", "team", "team_members") if n in field_names), None)
    if members is None:
        return set()
    teams: dict[int, set] = {}
    wanted = set(entrepreneur_ids) | set(mentor_user_ids)
    for startup_id, user_id in Startup.objects.filter(**{f"{members}__in": wanted}).values_list(
        "pk", f"{members}__pk"
    ):
        teams.setdefault(startup_id, set()).add(user_id)
    pairs = set()
    for team in teams.values():
        for e in team & set(entrepreneur_ids):
            for m in team & set(mentor_user_ids):
                if e != m:
                    pairs.add((e, m))
    return pairs


def _free_places(mentors):
    from django.db.models import Count

    counts = dict(
        Match.objects.filter(mentor__in=mentors, status__in=Match.LIVE)
        .values("mentor")
        .annotate(n=Count("pk"))
        .values_list("mentor", "n")
    )
    return {m.pk: max(0, m.max_mentees - counts.get(m.pk, 0)) for m in mentors}


def matching_inputs(*, requests=None):
    """Build the matcher's plain inputs from the database (open requests, usable mentors)."""
    if requests is None:
        requests = MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN).exclude(
            matches__status__in=Match.LIVE
        )
    requests = list(requests.select_related("entrepreneur").prefetch_related("wished_mentors"))
    mentors = list(MentorProfile.objects.filter(is_active=True).select_related("user"))
    free = _free_places(mentors)
    excluded: dict[int, set] = {}
    for m_id, e_id in ConflictOfInterest.objects.values_list("mentor_id", "entrepreneur_id"):
        excluded.setdefault(e_id, set()).add(m_id)
    # A pair staff rejected or a mentor declined is not proposed again for that request.
    refused: dict[int, set] = {}
    for r_id, m_id in Match.objects.filter(
        request__in=requests, status__in=[Match.Status.REJECTED, Match.Status.DECLINED]
    ).values_list("request_id", "mentor_id"):
        refused.setdefault(r_id, set()).add(m_id)
    mentor_by_user = {m.user_id: m.pk for m in mentors}
    for e_id, mu_id in _same_company_pairs(
        [r.entrepreneur_id for r in requests], list(mentor_by_user)
    ):
        excluded.setdefault(e_id, set()).add(mentor_by_user[mu_id])
    reqs = [
        matching.Req(
            id=r.pk,
            topics=frozenset(r.topics),
            language=r.preferred_language,
            sector=r.sector,
            wishes=frozenset(m.pk for m in r.wished_mentors.all()),
            excluded=frozenset(
                excluded.get(r.entrepreneur_id, set())
                | refused.get(r.pk, set())
                | {mentor_by_user.get(r.entrepreneur_id)}  # nobody mentors themselves
            ),
        )
        for r in requests
    ]
    ms = [
        matching.Mentor(
            id=m.pk,
            topics=frozenset(m.expertise),
            languages=frozenset(m.languages),
            sectors=frozenset(m.sectors),
            free=free[m.pk],
            active=m.is_active,
        )
        for m in mentors
    ]
    return reqs, ms


def matching_run(*, by, threshold=matching.DEFAULT_THRESHOLD) -> list[Match]:
    """Propose the optimal assignment for every open, unproposed request (staff then decide)."""
    with transaction.atomic():
        # One run at a time: lock the mentors whose places the proposals take.
        list(MentorProfile.objects.select_for_update().filter(is_active=True).values_list("pk"))
        reqs, mentors = matching_inputs()
        proposals = matching.assign(reqs, mentors, threshold=threshold)
        return Match.objects.bulk_create(
            Match(
                request_id=p.request_id,
                mentor_id=p.mentor_id,
                score=round(p.score, 2),
                reasons=p.reasons,
            )
            for p in proposals
        )


def _locked_mentor(pk):
    qs = MentorProfile.objects.all()
    if LOCK_MENTOR_ROW:
        qs = qs.select_for_update()
    return qs.select_related("user").get(pk=pk)


def _check_pair(request, mentor, *, ignore_match=None):
    """Hard rules for a staff-chosen pair: active, not full, a shared language, no conflict."""
    reqs, _mentors = matching_inputs(requests=MentoringRequest.objects.filter(pk=request.pk))
    live = Match.objects.filter(mentor=mentor, status__in=Match.LIVE)
    if ignore_match is not None:
        live = live.exclude(pk=ignore_match.pk)
    free = mentor.max_mentees - live.count()
    m = matching.Mentor(
        id=mentor.pk,
        topics=frozenset(mentor.expertise),
        languages=frozenset(mentor.languages),
        sectors=frozenset(mentor.sectors),
        free=free,
        active=mentor.is_active,
    )
    req = reqs[0] if reqs else None
    if req is None:
        req = matching.Req(
            id=request.pk, topics=frozenset(request.topics), language=request.preferred_language
        )
    reasons = matching.pair_reasons(req, m)
    if reasons is None:
        if not mentor.is_active:
            raise MentoringError(_("This mentor is not active."), "inactive")
        if free <= 0:
            raise MentoringError(_("This mentor has no free places."), "full")
        if req.language not in m.languages:
            raise MentoringError(
                _("This mentor does not speak the requested language."), "language"
            )
        raise MentoringError(_("This pair has a conflict of interest."), "conflict")
    return matching.pair_score(req, m), reasons


def match_approve(*, match, by) -> Match:
    """Staff approve a proposal; the mentor is asked to accept."""
    with transaction.atomic():
        match = (
            Match.objects.select_for_update().select_related("request", "mentor").get(pk=match.pk)
        )
        if match.status != Match.Status.PROPOSED:
            raise MentoringError(_("Only a proposal can be approved."), "state")
        mentor = _locked_mentor(match.mentor_id)
        _check_pair(match.request, mentor, ignore_match=match)
        match.status = Match.Status.APPROVED
        match.decided_by = by
        match.approved_at = timezone.now()
        match.save(update_fields=["status", "decided_by", "approved_at"])
        notify.match_approved(match)
    return match


def match_reject(*, match, by) -> Match:
    """Staff reject a proposal; the request stays open for the next run."""
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status != Match.Status.PROPOSED:
            raise MentoringError(_("Only a proposal can be rejected."), "state")
        match.status = Match.Status.REJECTED
        match.decided_by = by
        match.save(update_fields=["status", "decided_by"])
    return match


def match_change(*, match, mentor, by) -> Match:
    """Staff replace a proposal's mentor with another one (hard rules still hold)."""
    with transaction.atomic():
        old = Match.objects.select_for_update().select_related("request").get(pk=match.pk)
        if old.status != Match.Status.PROPOSED:
            raise MentoringError(_("Only a proposal can be changed."), "state")
        locked = _locked_mentor(mentor.pk)
        score, reasons = _check_pair(old.request, locked)
        old.status = Match.Status.REJECTED
        old.decided_by = by
        old.save(update_fields=["status", "decided_by"])
        new = Match.objects.create(
            request=old.request,
            mentor=locked,
            score=round(score, 2),
            reasons=reasons,
            status=Match.Status.APPROVED,
            decided_by=by,
            approved_at=timezone.now(),
        )
        notify.match_approved(new)
    return new


def match_propose(*, request, mentor, by) -> Match:
    """Staff pair a request with a mentor by hand (approved at once)."""
    with transaction.atomic():
        locked = _locked_mentor(mentor.pk)
        if request.matches.filter(status__in=Match.LIVE).exists():
            raise MentoringError(_("This request already has a proposal."), "exists")
        score, reasons = _check_pair(request, locked)
        new = Match.objects.create(
            request=request,
            mentor=locked,
            score=round(score, 2),
            reasons=reasons,
            status=Match.Status.APPROVED,
            decided_by=by,
            approved_at=timezone.now(),
        )
        notify.match_approved(new)
    return new


def _match_awaiting_answer(match, *, by, forbidden) -> Match:
    """The match, locked, when it is ``by``'s own and still waits for the mentor's answer."""
    match = Match.objects.select_for_update().select_related("request", "mentor").get(pk=match.pk)
    if match.mentor.user_id != by.pk:
        raise MentoringError(forbidden, "forbidden")
    if match.status != Match.Status.APPROVED:
        raise MentoringError(_("This match is not waiting for an answer."), "state")
    return match


def match_accept(*, match, by) -> Match:
    """The mentor accepts an approved match; the request is matched."""
    with transaction.atomic():
        match = _match_awaiting_answer(
            match, by=by, forbidden=_("Only the mentor can accept this match.")
        )
        match.status = Match.Status.ACCEPTED
        match.accepted_at = timezone.now()
        match.save(update_fields=["status", "accepted_at"])
        MentoringRequest.objects.filter(pk=match.request_id).update(
            status=MentoringRequest.Status.MATCHED
        )
        notify.match_accepted(match)
    return match


def match_decline(*, match, by) -> Match:
    """The mentor declines; the request goes back to the board."""
    with transaction.atomic():
        match = _match_awaiting_answer(
            match, by=by, forbidden=_("Only the mentor can decline this match.")
        )
        match.status = Match.Status.DECLINED
        match.ended_at = timezone.now()
        match.save(update_fields=["status", "ended_at"])
        notify.match_declined(match)
    return match


# --- Sessions -----------------------------------------------------------------------------


def _rules_of(mentor):
    from .selectors import rules_for

    return rules_for(mentor)


def _check_slot(*, mentor, mentee, start, end, now, exclude_pk=None):
    """Raise with the first rule the slot breaks; the caller holds the mentor lock."""
    if start <= now:
        raise MentoringError(_("This time is in the past."), "past")
    if start < now + timedelta(hours=mentor.min_notice_hours):
        raise MentoringError(
            _("Sessions must be booked at least %(hours)s hours ahead.")
            % {"hours": mentor.min_notice_hours},
            "notice",
        )
    if start > now + timedelta(days=mentor.booking_window_days):
        raise MentoringError(
            _("Sessions can be booked at most %(days)s days ahead.")
            % {"days": mentor.booking_window_days},
            "window",
        )
    rules = _rules_of(mentor)
    day = start.astimezone(OSLO).date()
    if not any(ws <= start and end <= we for ws, we in day_windows(rules, day)):
        raise MentoringError(_("The mentor is not available at this time."), "unavailable")
    sessions = Session.objects.filter(mentor=mentor, status=Session.Status.BOOKED)
    if exclude_pk:
        sessions = sessions.exclude(pk=exclude_pk)
    day_start = datetime.combine(day, time(0), tzinfo=OSLO)
    if (
        mentor.max_sessions_per_day
        and sessions.filter(
            start__gte=day_start,
            start__lt=datetime.combine(day + timedelta(days=1), time(0), tzinfo=OSLO),
        ).count()
        >= mentor.max_sessions_per_day
    ):
        raise MentoringError(
            _("The mentor's sessions for this day are fully booked."), "daily_limit"
        )
    if mentor.max_hours_per_month:
        y, m = month_key(start)
        first = datetime(y, m, 1, tzinfo=OSLO)
        nxt = datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=OSLO)
        held = sum(s.hours for s in sessions.filter(start__gte=first, start__lt=nxt))
        if held + (end - start).total_seconds() / 3600 > mentor.max_hours_per_month:
            raise MentoringError(_("The mentor has no hours left this month."), "monthly_hours")
    blocked_end = end + timedelta(minutes=mentor.buffer_minutes)
    if sessions.filter(blocked_start__lt=blocked_end, blocked_end__gt=start).exists():
        raise MentoringError(_("Someone else just booked this time. Please pick another."), "taken")
    mine = Session.objects.filter(
        mentee=mentee, status=Session.Status.BOOKED, start__lt=end, end__gt=start
    )
    if exclude_pk:
        mine = mine.exclude(pk=exclude_pk)
    if mine.exists():
        raise MentoringError(_("You already have a session at this time."), "mentee_busy")
    return blocked_end


def _may_act(match, by):
    return by.pk in (match.request.entrepreneur_id, match.mentor.user_id)


def session_book(*, match, start, agenda, place=Session.Place.ROOM, by) -> Session:
    """Book a slot for an active match; the slot must be free under every rule."""
    if not agenda or not agenda.strip():
        raise MentoringError(_("Write a short agenda for the session."), "agenda", "agenda")
    now = timezone.now()
    start = start.astimezone(UTC)  # arithmetic in UTC, never in Oslo wall-clock time
    try:
        with transaction.atomic():
            match = Match.objects.select_related("request", "mentor").get(pk=match.pk)
            if not _may_act(match, by):
                raise MentoringError(_("You are not part of this match."), "forbidden")
            if match.status != Match.Status.ACCEPTED:
                raise MentoringError(
                    _("Sessions can only be booked once the mentor has accepted the match."),
                    "no_match",
                )
            if not roles.user_has_role(match.request.entrepreneur, roles.ENTREPRENEUR):
                raise MentoringError(
                    _(
                        "Mentoring sessions are for members who hold a desk in the house. "
                        "Talk to the staff if you want to continue."
                    ),
                    "not_member",
                )
            mentor = _locked_mentor(match.mentor_id)
            end = start + timedelta(minutes=mentor.session_minutes)
            blocked_end = _check_slot(
                mentor=mentor, mentee=match.request.entrepreneur, start=start, end=end, now=now
            )
            with transaction.atomic():
                session = Session.objects.create(
                    match=match,
                    mentor=mentor,
                    mentee=match.request.entrepreneur,
                    start=start,
                    end=end,
                    blocked_start=start,
                    blocked_end=blocked_end,
                    place=place,
                    video_url=mentor.video_url if place == Session.Place.VIDEO else "",
                    agenda=agenda.strip(),
                    booked_by=by,
                )
            notify.session_booked(session)
    except (IntegrityError, OperationalError) as exc:
        # The exclusion constraint caught a race the checks could not see (as a violation, or
        # as a deadlock between the racing inserts).
        if isinstance(exc, OperationalError) and not is_deadlock(exc):
            raise
        raise MentoringError(
            _("Someone else just booked this time. Please pick another."), "taken"
        ) from None
    return session


def _check_cutoff(session, by, now):
    if session.status != Session.Status.BOOKED:
        raise MentoringError(_("This session is already cancelled."), "state")
    if session.start <= now:
        raise MentoringError(_("This session has already started."), "started")
    if by.pk == session.mentee_id and session.start - now < CANCEL_CUTOFF:
        raise MentoringError(
            _(
                "Sessions can be cancelled or moved up to %(hours)s hours before they start. "
                "Please contact your mentor."
            )
            % {"hours": int(CANCEL_CUTOFF.total_seconds() // 3600)},
            "cutoff",
        )


def _locked_session(session, by):
    session = (
        Session.objects.select_for_update()
        .select_related("mentor__user", "mentee", "match__request")
        .get(pk=session.pk)
    )
    if by.pk not in (session.mentee_id, session.mentor.user_id):
        raise MentoringError(_("You are not part of this session."), "forbidden")
    return session


def session_cancel(*, session, by, reason="") -> Session:
    """Either side cancels; the entrepreneur must respect the cut-off."""
    now = timezone.now()
    with transaction.atomic():
        session = _locked_session(session, by)
        _check_cutoff(session, by, now)
        session.status = Session.Status.CANCELLED
        session.cancelled_by = by
        session.cancelled_at = now
        session.cancel_reason = reason[:300]
        session.sequence += 1
        session.save(
            update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason", "sequence"]
        )
        notify.session_cancelled(session, by=by)
    return session


def session_reschedule(*, session, start, by) -> Session:
    """Move a session to another free slot (same calendar entry, sequence bumped)."""
    now = timezone.now()
    start = start.astimezone(UTC)
    try:
        with transaction.atomic():
            session = _locked_session(session, by)
            _check_cutoff(session, by, now)
            mentor = _locked_mentor(session.mentor_id)
            end = start + timedelta(minutes=mentor.session_minutes)
            blocked_end = _check_slot(
                mentor=mentor,
                mentee=session.mentee,
                start=start,
                end=end,
                now=now,
                exclude_pk=session.pk,
            )
            session.start, session.end = start, end
            session.blocked_start, session.blocked_end = start, blocked_end
            session.sequence += 1
            session.rescheduled_at = now
            with transaction.atomic():
                session.save(
                    update_fields=[
                        "start",
                        "end",
                        "blocked_start",
                        "blocked_end",
                        "sequence",
                        "rescheduled_at",
                    ]
                )
            notify.session_booked(session, moved=True)
    except (IntegrityError, OperationalError) as exc:
        if isinstance(exc, OperationalError) and not is_deadlock(exc):
            raise
        raise MentoringError(
            _("Someone else just booked this time. Please pick another."), "taken"
        ) from None
    return session


def feedback_submit(*, session, by, rating, comment="") -> Feedback:
    """A participant rates a session once it has ended."""
    if session.status != Session.Status.BOOKED:
        raise MentoringError(_("A cancelled session cannot be rated."), "state")
    if by.pk not in (session.mentee_id, session.mentor.user_id):
        raise MentoringError(_("You are not part of this session."), "forbidden")
    if session.end > timezone.now():
        raise MentoringError(_("You can give feedback once the session has ended."), "early")
    if rating not in range(1, 6):
        raise MentoringError(_("Choose a rating from 1 to 5."), "rating", "rating")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                session=session, author=by, rating=rating, comment=comment.strip()
            )
    except IntegrityError:
        raise MentoringError(
            _("You have already given feedback on this session."), "exists"
        ) from None
