"""Min side panel and calendar feed items for mentoring."""

from django.utils.translation import gettext as _

from community import roles

from . import selectors


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    is_mentor = hasattr(user, "mentor_profile") or roles.user_has_role(user, roles.MENTOR)
    is_entrepreneur = roles.user_has_role(user, roles.ENTREPRENEUR)
    if not (is_mentor or is_entrepreneur):
        return None
    sessions = selectors.sessions_for(user)
    from django.utils import timezone

    upcoming = list(sessions.filter(status="booked", end__gt=timezone.now()).order_by("start")[:3])
    context = {
        "is_mentor": is_mentor,
        "is_entrepreneur": is_entrepreneur,
        "upcoming": upcoming,
        "hours_as_mentee": selectors.hours_summary(sessions=user.mentee_sessions.all()),
        "active_match": selectors.active_match_for(user) if is_entrepreneur else None,
    }
    if is_mentor:
        from .models import Session

        # An invited mentor starts with a shell profile (no headline): ask them to finish it.
        profile = getattr(user, "mentor_profile", None)
        context["profile_incomplete"] = profile is None or not profile.headline

        context["hours_as_mentor"] = selectors.hours_summary(
            sessions=Session.objects.filter(mentor__user=user)
        )
        context["waiting"] = selectors.matches_for_mentor(user).filter(status="approved").count()
    return "mentoring/includes/dashboard_panel.html", context


def personal_feed_items(user):
    from notifications.calendar import FeedItem

    from .notify import base_url

    items = []
    for s in selectors.sessions_for(user):
        other = s.mentor.user.full_name if s.mentee_id == user.pk else s.mentee.full_name
        items.append(
            FeedItem(
                uid=s.ics_uid,
                summary=_("Mentoring: %(name)s") % {"name": other},
                start=s.start,
                end=s.end,
                location=s.video_url or str(s.get_place_display()),
                description=s.agenda,
                url=f"{base_url()}/nb/mentor/okter/",
                cancelled=s.status == s.Status.CANCELLED,
            )
        )
    return items


def staff_work_items(request):
    """The staff start page's mentoring items, each linked to where the work is done."""
    from django.urls import reverse

    from community.staff_work import WorkItem

    counts = selectors.staff_work_counts()
    board = reverse("mentoring_admin:board")
    return [
        WorkItem(_("Mentoring requests to match"), counts["requests"], board),
        WorkItem(_("Match proposals to approve"), counts["proposed"], board),
        WorkItem(_("Matches waiting for the mentor's answer"), counts["approved"], board),
        WorkItem(
            _("Held sessions without feedback"),
            counts["without_feedback"],
            reverse("mentoring_admin:report"),
        ),
    ]
