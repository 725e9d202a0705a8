"""The staff matching board and mentoring report in the Wagtail admin."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.people_admin import admin_context, errors_to_form
from community.services import is_house_staff

from . import selectors, services
from .forms import MentorChoiceForm, MentorInviteForm
from .models import Match, MentoringRequest, MentorProfile
from .services import MentoringError


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_house_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_only
def board(request):
    return render(
        request,
        "mentoring/admin/board.html",
        {
            "page_title": _("Matching board"),
            "header_icon": "group",
            "matches": selectors.board_matches(),
            "unmatched": selectors.open_requests_without_match(),
            "mentors": MentorProfile.objects.filter(is_active=True).select_related("user"),
        },
    )


@staff_only
@require_POST
def run(request):
    made = services.matching_run(by=request.user)
    left = selectors.open_requests_without_match().count()
    messages.success(
        request,
        _("%(made)s proposals made; %(left)s requests have no good match yet.")
        % {"made": len(made), "left": left},
    )
    return redirect("mentoring_admin:board")


@staff_only
@require_POST
def decide(request, pk):
    match = get_object_or_404(Match, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.match_approve(match=match, by=request.user)
            messages.success(request, _("Approved; the mentor is asked to accept."))
        elif action == "reject":
            services.match_reject(match=match, by=request.user)
            messages.success(request, _("Rejected; the request stays open."))
        elif action == "change":
            mentor = _chosen_mentor(request)
            if mentor is not None:
                services.match_change(match=match, mentor=mentor, by=request.user)
                messages.success(request, _("Mentor changed; the new mentor is asked to accept."))
    except MentoringError as exc:
        messages.error(request, str(exc.message))
    return redirect("mentoring_admin:board")


def _chosen_mentor(request):
    """The mentor picked on the board, or None with the reason as a message."""
    form = MentorChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["mentor"]))
        return None
    return form.cleaned_data["mentor"]


@staff_only
@require_POST
def propose(request, pk):
    req = get_object_or_404(MentoringRequest, pk=pk)
    mentor = _chosen_mentor(request)
    if mentor is None:
        return redirect("mentoring_admin:board")
    try:
        services.match_propose(request=req, mentor=mentor, by=request.user)
        messages.success(request, _("Approved; the mentor is asked to accept."))
    except MentoringError as exc:
        messages.error(request, str(exc.message))
    return redirect("mentoring_admin:board")


@staff_only
def report(request):
    return render(
        request,
        "mentoring/admin/report.html",
        {
            "page_title": _("Mentoring hours and feedback"),
            "header_icon": "table",
            "by_mentee": selectors.hours_by(key="mentee"),
            "by_mentor": selectors.hours_by(key="mentor"),
            "by_partner": selectors.hours_by(key="partner"),
            "feedback": selectors.feedback_visible_to(request.user)[:200],
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def mentor_invite(request):
    """Invite a mentor (among the staff's people pages, at /admin/personer/inviter-mentor/)."""
    form = MentorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.mentor_invite(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is invited as a mentor. The invitation, with a link to set a "
                    "password, is on its way to %(email)s."
                )
                % {"name": user.full_name, "email": user.email},
            )
            return redirect("people_admin:person", pk=user.pk)
    return render(
        request, "mentoring/admin/invite.html", admin_context(_("Invite a mentor"), form=form)
    )


urlpatterns = [
    path("", board, name="board"),
    path("kjor/", run, name="run"),
    path("forslag/<int:pk>/", decide, name="decide"),
    path("foresporsel/<int:pk>/", propose, name="propose"),
    path("rapport/", report, name="report"),
]
