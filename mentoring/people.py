"""What mentoring tells the staff's "Members and roles" pages: each person's mentor and
mentoring hours (one query each for a whole page), and the page that invites a mentor."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Match, Session
from .templatetags.mentoring_tags import hours


def mentors_of(user_ids):
    """The mentor of each member's active match."""
    return dict(
        Match.objects.filter(request__entrepreneur_id__in=user_ids, status=Match.Status.ACCEPTED)
        .order_by("accepted_at", "pk")
        .values_list("request__entrepreneur_id", "mentor__user__full_name")
    )


def hours_of(user_ids):
    """Held / planned hours of booked sessions, given or received (cancelled ones not)."""
    now = timezone.now()
    totals: dict[int, list[float]] = {}
    ids = set(user_ids)
    rows = (
        Session.objects.filter(status=Session.Status.BOOKED)
        .filter(Q(mentee_id__in=ids) | Q(mentor__user_id__in=ids))
        .values_list("mentee_id", "mentor__user_id", "start", "end")
    )
    for mentee_id, mentor_user_id, start, end in rows:
        length = (end - start).total_seconds() / 3600
        for person in {mentee_id, mentor_user_id} & ids:
            held_planned = totals.setdefault(person, [0.0, 0.0])
            held_planned[0 if end <= now else 1] += length
    return {
        person: _("%(held)s held / %(planned)s planned")
        % {"held": hours(held), "planned": hours(planned)}
        for person, (held, planned) in totals.items()
    }


def register():
    from community.people import register_people_action, register_person_facts

    from .admin_views import mentor_invite

    register_person_facts("mentoring.mentor", gettext_lazy("Mentor"), mentors_of, order=10)
    register_person_facts("mentoring.hours", gettext_lazy("Mentoring hours"), hours_of, order=20)
    register_people_action(
        "invite_mentor", "inviter-mentor/", mentor_invite, gettext_lazy("Invite a mentor")
    )
