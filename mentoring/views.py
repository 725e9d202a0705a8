"""Pages for entrepreneurs and mentors. Thin: parse, call one service or selector, render.

Every object is fetched through a selector scoped to the person asking, so someone else's
match, session or request is a 404 whatever id is tried.
"""

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import roles

from . import selectors, services
from .forms import (
    BookingForm,
    CancelForm,
    DateOverrideForm,
    DateOverrideRemoveForm,
    FeedbackForm,
    MentoringRequestForm,
    MentorProfileForm,
    RescheduleForm,
    WeeklyAvailabilityForm,
)
from .models import Match, MentorProfile, Session
from .services import MentoringError
from .slots import OSLO


def _scoped(getter, **kw):
    try:
        return getter(**kw)
    except (Match.DoesNotExist, Session.DoesNotExist):
        raise Http404 from None


def _mentor_profile(user):
    try:
        return user.mentor_profile
    except MentorProfile.DoesNotExist:
        return None


def _require_mentor(user):
    if not (roles.user_has_role(user, roles.MENTOR) or _mentor_profile(user)):
        raise PermissionDenied


def _by_day(slots):
    days = OrderedDict()
    for start, end in slots:
        local = start.astimezone(OSLO)
        days.setdefault(local.date(), []).append((local, end.astimezone(OSLO)))
    return days


def _error_to_form(form, exc):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def mentor_list(request):
    return render(request, "mentoring/mentor_list.html", {"mentors": selectors.public_mentors()})


@login_required
def overview(request):
    user = request.user
    profile = _mentor_profile(user)
    context = {
        "profile": profile,
        "is_entrepreneur": roles.user_has_role(user, roles.ENTREPRENEUR),
        "is_mentor": profile is not None or roles.user_has_role(user, roles.MENTOR),
        "requests": selectors.requests_for(user),
        "active_match": selectors.active_match_for(user),
        "mentor_matches": selectors.matches_for_mentor(user) if profile else [],
    }
    return render(request, "mentoring/overview.html", context)


@login_required
def request_create(request):
    if not roles.user_has_role(request.user, roles.ENTREPRENEUR):
        raise PermissionDenied
    mentors = selectors.public_mentors()
    form = MentoringRequestForm(
        request.POST or None,
        mentors=mentors,
        initial={"preferred_language": request.user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_request_create(entrepreneur=request.user, **form.cleaned_data)
        except MentoringError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("Thank you! Staff will find the right mentor for you."))
            return redirect("mentoring:overview")
    return render(request, "mentoring/request_form.html", {"form": form})


@login_required
@require_POST
def match_answer(request, pk):
    match = _scoped(selectors.match_for_participant, user=request.user, pk=pk)
    if match.mentor.user_id != request.user.pk:
        raise Http404
    try:
        if request.POST.get("answer") == "accept":
            services.match_accept(match=match, by=request.user)
            messages.success(request, _("You accepted the match. Welcome aboard!"))
        else:
            services.match_decline(match=match, by=request.user)
            messages.success(request, _("You declined the match."))
    except MentoringError as exc:
        messages.error(request, str(exc.message))
    return redirect("mentoring:overview")


@login_required
def book(request, pk):
    match = _scoped(selectors.match_for_participant, user=request.user, pk=pk)
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_book(
                match=match,
                start=form.cleaned_data["start"],
                agenda=form.cleaned_data["agenda"],
                place=form.cleaned_data["place"],
                by=request.user,
            )
        except MentoringError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(
                request, _("Your session is booked. A calendar invitation is on its way by e-mail.")
            )
            return redirect("mentoring:sessions")
    slots = (
        selectors.mentor_slots(mentor=match.mentor) if match.status == Match.Status.ACCEPTED else []
    )
    selected = request.POST.get("start", "")
    return render(
        request,
        "mentoring/book.html",
        {
            "match": match,
            "form": form,
            "days": _by_day(slots),
            "selected": selected,
        },
    )


@login_required
def sessions(request):
    return render(
        request,
        "mentoring/sessions.html",
        {
            "sessions": selectors.sessions_for(request.user),
            "hours": selectors.hours_summary(sessions=selectors.sessions_for(request.user)),
            "now": timezone.now(),
        },
    )


@login_required
def session_cancel(request, pk):
    session = _scoped(selectors.session_for_participant, user=request.user, pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except MentoringError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("The session is cancelled. Both of you get an e-mail."))
            return redirect("mentoring:sessions")
    return render(request, "mentoring/session_cancel.html", {"session": session, "form": form})


@login_required
def session_move(request, pk):
    session = _scoped(selectors.session_for_participant, user=request.user, pk=pk)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_reschedule(
                session=session, start=form.cleaned_data["start"], by=request.user
            )
        except MentoringError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("The session is moved. Both of you get an e-mail."))
            return redirect("mentoring:sessions")
    slots = selectors.mentor_slots(mentor=session.mentor, exclude_session=session)
    return render(
        request,
        "mentoring/session_move.html",
        {
            "session": session,
            "form": form,
            "days": _by_day(slots),
            "selected": request.POST.get("start", ""),
        },
    )


@login_required
def feedback(request, pk):
    session = _scoped(selectors.session_for_participant, user=request.user, pk=pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(session=session, by=request.user, **form.cleaned_data)
        except MentoringError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("mentoring:sessions")
    return render(request, "mentoring/feedback_form.html", {"session": session, "form": form})


@login_required
def mentor_feedback(request):
    """A mentor reads the feedback mentees gave on their own sessions."""
    _require_mentor(request.user)
    # Their own sessions only, even for house staff who mentor: staff read all feedback in the
    # admin's mentoring report.
    items = selectors.feedback_received_by(request.user)
    return render(request, "mentoring/mentor_feedback.html", {"items": items})


@login_required
def profile_edit(request):
    _require_mentor(request.user)
    profile = _mentor_profile(request.user)
    initial = {
        "is_active": True,
        "max_mentees": 3,
        "max_hours_per_month": 6,
        "session_minutes": 60,
        "buffer_minutes": 15,
        "min_notice_hours": 24,
        "max_sessions_per_day": 3,
        "booking_window_days": 56,
        "languages": [request.user.preferred_language],
    }
    # An invited mentor's profile is a shell (no headline yet) holding only the partner: they
    # start from the defaults, "I take new mentees" ticked, so completing it makes it active.
    is_shell = profile is not None and not profile.headline
    if is_shell:
        initial["partner"] = profile.partner
    elif profile:
        initial = {f: getattr(profile, f) for f in MentorProfileForm.base_fields}
    form = MentorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mentor_profile_save(user=request.user, **form.cleaned_data)
        except MentoringError as exc:
            _error_to_form(form, exc)
        else:
            messages.success(request, _("Your mentor profile is saved."))
            if not saved.rules.exists():
                messages.info(request, _("Now tell us when you are available for sessions."))
                return redirect("mentoring:availability")
            return redirect("mentoring:overview")
    return render(
        request,
        "mentoring/profile_form.html",
        {"form": form, "is_new": profile is None or is_shell},
    )


@login_required
def availability(request):
    profile = _mentor_profile(request.user)
    if profile is None:
        _require_mentor(request.user)
        messages.info(request, _("Create your mentor profile first."))
        return redirect("mentoring:profile")
    weekly = WeeklyAvailabilityForm(
        request.POST if request.POST.get("action") == "weekly" else None,
        initial=WeeklyAvailabilityForm.initial_from(profile.rules.all()),
        prefix="w",
    )
    override = DateOverrideForm(
        request.POST if request.POST.get("action") == "override" else None, prefix="o"
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "weekly" and weekly.is_valid():
                services.availability_set(mentor=profile, weekly=weekly.cleaned_data["weekly"])
                messages.success(request, _("Your weekly hours are saved."))
                return redirect("mentoring:availability")
            if action == "override" and override.is_valid():
                services.date_override_add(mentor=profile, **override.cleaned_data)
                messages.success(request, _("The date is saved."))
                return redirect("mentoring:availability")
            if action == "remove":
                remove = DateOverrideRemoveForm(request.POST, mentor=profile)
                if not remove.is_valid():
                    # Someone else's date, one already removed, or no id at all.
                    raise Http404
                services.date_override_remove(override=remove.cleaned_data["override"])
                messages.success(request, _("The date is removed."))
                return redirect("mentoring:availability")
        except MentoringError as exc:
            _error_to_form(weekly if action == "weekly" else override, exc)
    return render(
        request,
        "mentoring/availability.html",
        {
            "profile": profile,
            "weekly": weekly,
            "override": override,
            "overrides": profile.overrides.all(),
            "preview": _by_day(selectors.mentor_slots(mentor=profile)[:40]),
        },
    )
