"""The rows the fault tests and the soak need, made through the services like the platform makes
them, in a database of their own: staff, members holding desks, mentors with weekday hours and
an accepted match per member, and published events. Prints one line of JSON with the signed-in
session keys and the paths to ask for.

    python -m tests.faults.seed '{"members": 3, "events": 3}'   # with DATABASE_URL etc. set
"""

import json
import sys


def main():
    import django

    django.setup()
    from datetime import time, timedelta

    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from community import roles
    from community import services as community
    from mentoring.models import AvailabilityRule, Match, Session
    from tests.factories.community import DeskFactory
    from tests.factories.events import EventFactory, event_index_pages
    from tests.factories.home import NewsPageFactory, site_tree
    from tests.factories.mentoring import (
        MatchFactory,
        MentoringRequestFactory,
        MentorProfileFactory,
    )

    options = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    n_members = options.get("members", 3)
    n_events = options.get("events", 3)
    password = "Faults-only-2026"
    today = timezone.localdate()

    def person(label, **kwargs):
        return community.user_create(
            email=f"{label}@faults.example.no",
            full_name=f"{label.title()} Feilsen",
            password=password,
            **kwargs,
        )

    def signed_in(user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    tree = site_tree()
    NewsPageFactory(parent=tree.news_index)
    event_index_pages(tree)

    superuser = person("superbruker", is_superuser=True)
    staff = person("stab")
    community.role_grant(user=staff, role=roles.STAFF, by=superuser, reason="Driver huset")

    mentors = []
    for n in range((n_members + 2) // 3):
        mentor = person(f"mentor{n}")
        community.role_grant(user=mentor, role=roles.MENTOR, by=staff, reason="Erfaren gründer")
        # Every weekday 08-18, so that bookings have slots to choose from.
        mentors.append(MentorProfileFactory(user=mentor, max_hours_per_month=200, weekdays=[]))
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(mentor=mentors[-1], weekday=day, start_time=time(8), end_time=time(18))
            for day in range(5)
        )

    members = []
    for n in range(n_members):
        member = person(f"medlem{n}")
        startup = community.startup_create(name=f"Feilsen {n} AS", members=[member], listed=True)
        community.seat_allocate(
            desk=DeskFactory(), member=member, start=today, by=staff, startup=startup
        )
        request = MentoringRequestFactory(entrepreneur=member, status="matched")
        match = MatchFactory(request=request, mentor=mentors[n // 3], status=Match.Status.ACCEPTED)
        members.append({"email": member.email, "session": signed_in(member), "match": match.pk})

    events = []
    for n in range(n_events):
        event = EventFactory(
            slug=f"feilsen-{n}",
            start=timezone.now() + timedelta(days=7 + n),
            capacity=10_000,
        )
        events.append({"slug": event.slug, "path": event.get_absolute_url("nb")})

    result = {
        "password": password,
        "staff": {"email": staff.email, "session": signed_in(staff)},
        "members": members,
        "events": events,
        "place": Session.Place.ROOM.value,
        "news": tree.news_index.url,
    }
    connections.close_all()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
