"""What the seats feature plugs into at start-up: notification kinds, the 'Min side' panel
and the home page slot. Called from CommunityConfig.ready()."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _is_house_staff(user):
    from .services import is_house_staff

    return is_house_staff(user)


def _allocation(notification):
    from .models import SeatAllocation

    return SeatAllocation.objects.filter(pk=notification.object_id).first()


def _seat_ending_still_due(notification):
    allocation = _allocation(notification)
    if allocation is None or allocation.status != allocation.Status.ACTIVE or not allocation.end:
        return False
    # The offset records which end date the reminder was planned for.
    return notification.offset == f"end-{allocation.end.isoformat()}" and (
        allocation.end > timezone.localdate()
    )


def _offer_still_open(notification):
    allocation = _allocation(notification)
    return (
        allocation is not None
        and allocation.status == allocation.Status.RESERVED
        and allocation.offer_deadline is not None
        and allocation.offer_deadline > timezone.now()
    )


def _seat_context(notification):
    from .models import SeatAllocation, SeatApplication

    subject = notification.subject if hasattr(notification, "subject") else None
    context = {"dashboard_path": reverse("dashboard")}
    if isinstance(subject, SeatAllocation):
        context["is_member"] = subject.member_id == notification.recipient_id
        context["mentoring_path"] = reverse("mentoring:overview")
        context["calendar_path"] = reverse("notifications_preferences")
    if isinstance(subject, SeatApplication):
        context["status_label"] = subject.get_status_display()
        context["application_path"] = reverse("seat_application_detail", args=[subject.pk])
        context["staff_application_path"] = reverse("seats_admin:application", args=[subject.pk])
    return context


def register_kinds():
    from notifications.registry import NotificationKind, register_kind

    register_kind(
        NotificationKind(
            key="community.seat_decision",
            label=_("Decision on a seat application"),
            transactional=True,
            get_context=_seat_context,
        )
    )
    register_kind(
        NotificationKind(
            key="community.seat_application_received",
            label=_("Receipt for a seat application"),
            transactional=True,
            get_context=_seat_context,
        )
    )
    register_kind(
        NotificationKind(
            key="community.seat_application_new",
            label=_("New seat applications (staff)"),
            get_context=_seat_context,
            offered_to=_is_house_staff,
        )
    )
    register_kind(
        NotificationKind(
            key="community.seat_welcome",
            label=_("Welcome to the house"),
            transactional=True,
            get_context=_seat_context,
        )
    )
    register_kind(
        NotificationKind(
            key="community.seat_offer",
            label=_("A desk is offered to you"),
            transactional=True,
            get_context=_seat_context,
        )
    )
    register_kind(
        NotificationKind(
            key="community.seat_offer_deadline",
            label=_("Reminder: answer a desk offer"),
            is_still_due=_offer_still_open,
            get_context=_seat_context,
        )
    )
    register_kind(
        NotificationKind(
            key="community.seat_ending",
            label=_("Reminder: a seat allocation ends in 30 days"),
            is_still_due=_seat_ending_still_due,
            get_context=_seat_context,
        )
    )


def dashboard_panel(request):
    """'Min side': my applications, desk and open offers; a link to apply if I have none."""
    from . import roles, selectors

    user = request.user
    today = timezone.localdate()
    applications = list(selectors.applications_of(user=user)[:5])
    allocations = list(selectors.allocations_of(user=user, today=today))
    is_alumnus = roles.user_has_role(user, roles.ALUMNUS)
    # Mentors, staff and editors work in the house; they are not offered a seat of their own.
    works_here = any(
        roles.user_has_role(user, role) for role in (roles.MENTOR, roles.STAFF, roles.EDITOR)
    )
    if works_here and not (applications or allocations or is_alumnus):
        return None
    return (
        "community/seats/dashboard_panel.html",
        {
            "applications": applications,
            "current": [a for a in allocations if a.status == "active" and a.start <= today],
            "upcoming": [a for a in allocations if a.status == "active" and a.start > today],
            "offers": [a for a in allocations if a.status == "reserved"],
            "can_apply": not works_here and not any(a.status in a.OPEN for a in applications),
            "is_alumnus": is_alumnus and not allocations,
            "today": today,
        },
    )


def home_slot(request, page):
    from . import selectors

    today = timezone.localdate()
    occupancy = selectors.occupancy_on(day=today)
    return ("community/seats/home_slot.html", {"occupancy": occupancy, "today": today})


def register():
    from home import slots

    from .dashboard import register_panel

    register_kinds()
    register_panel("seats", dashboard_panel, order=20)
    slots.register("free_seats", home_slot, order=20)
