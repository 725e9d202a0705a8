"""What events tell the staff's "Members and roles" pages: how many upcoming events each
person has a confirmed place at (one query for a whole page)."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Event, Registration


def upcoming_confirmed_counts(user_ids):
    return dict(
        Registration.objects.filter(
            user_id__in=user_ids,
            status=Registration.Status.CONFIRMED,
            event__start__gt=timezone.now(),
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )


def register():
    from community.people import register_person_facts

    register_person_facts(
        "events.upcoming", _("Upcoming events"), upcoming_confirmed_counts, order=30
    )
