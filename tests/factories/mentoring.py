from datetime import time

import factory

from community import roles
from mentoring.models import AvailabilityRule, Match, MentoringRequest, MentorProfile, Session
from tests.factories.community import UserFactory


def EntrepreneurFactory(**kw):  # noqa: N802 - reads like the factory it stands in for
    return UserFactory(role=roles.ENTREPRENEUR, **kw)


def MentorFactory(**kw):  # noqa: N802
    return UserFactory(role=roles.MENTOR, **kw)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=roles.MENTOR)
    headline = factory.Sequence(lambda n: f"Mentor {n}")
    expertise = factory.LazyFunction(lambda: ["circular_economy", "finance"])
    languages = factory.LazyFunction(lambda: ["nb", "en"])
    sectors = factory.LazyFunction(lambda: ["circular"])
    max_mentees = 3
    max_hours_per_month = 20
    session_minutes = 60
    buffer_minutes = 15
    min_notice_hours = 24
    max_sessions_per_day = 3
    booking_window_days = 56
    is_public = True

    @factory.post_generation
    def weekdays(self, create, extracted, **kwargs):
        """Mon–Fri 09:00–15:00 unless ``weekdays=[]``."""
        if not create:
            return
        days = range(5) if extracted is None else extracted
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(mentor=self, weekday=d, start_time=time(9), end_time=time(15))
            for d in days
        )


class MentoringRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringRequest

    entrepreneur = factory.SubFactory(UserFactory, role=roles.ENTREPRENEUR)
    topics = factory.LazyFunction(lambda: ["circular_economy", "finance"])
    sector = "circular"
    goals = "Finne finansiering til pilotprosjektet"
    preferred_language = "nb"


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    request = factory.SubFactory(MentoringRequestFactory, status="matched")
    mentor = factory.SubFactory(MentorProfileFactory)
    status = Match.Status.ACCEPTED
    score = 80
    reasons = factory.LazyFunction(lambda: {"topics": ["finance"], "language": "nb"})


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    match = factory.SubFactory(MatchFactory)
    mentor = factory.SelfAttribute("match.mentor")
    mentee = factory.SelfAttribute("match.request.entrepreneur")
    end = factory.LazyAttribute(lambda o: o.start + __import__("datetime").timedelta(hours=1))
    blocked_start = factory.SelfAttribute("start")
    blocked_end = factory.LazyAttribute(
        lambda o: o.end + __import__("datetime").timedelta(minutes=15)
    )
    agenda = "Gå gjennom budsjettet"
    booked_by = factory.SelfAttribute("mentee")
