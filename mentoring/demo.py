"""Demo mentoring content for ``load_demo``: mentors with hours, requests, matches, sessions.

Idempotent: people are looked up by e-mail, and nothing is added twice.
"""

import contextlib
from datetime import datetime, time, timedelta

from django.utils import timezone

from community import roles

from . import services
from .models import Match, MentoringRequest, MentorProfile
from .slots import OSLO

PASSWORD = "correct horse battery staple"

MENTORS = [
    (
        "ingrid.mentor@example.no",
        "Ingrid Halvorsen",
        "nb",
        "Sirkulær økonomi og finansiering",
        ["circular_economy", "finance"],
        ["nb", "en"],
        ["circular"],
        "asker_naeringsforening",
    ),
    (
        "jonas.mentor@example.no",
        "Jonas Berg",
        "nb",
        "Reiseliv og opplevelser som selger",
        ["tourism", "marketing", "sales"],
        ["nb"],
        ["tourism"],
        "baerum_naeringsrad",
    ),
    (
        "amina.mentor@example.no",
        "Amina Rahman",
        "en",
        "Social impact, law and procurement",
        ["social_entrepreneurship", "law", "public_procurement"],
        ["en", "nb", "ar"],
        ["social"],
        "cluster",
    ),
    (
        "per.mentor@example.no",
        "Per Solberg",
        "nb",
        "Teknologi og skalering",
        ["technology", "strategy", "export"],
        ["nb", "en"],
        ["tech"],
        "house",
    ),
]

REQUESTS = [
    (
        "kari.grunder@example.no",
        "Kari Nilsen",
        ["circular_economy", "finance"],
        "circular",
        "Finansiere en pilot for ombruk av byggematerialer i Asker.",
        "nb",
    ),
    (
        "ola.grunder@example.no",
        "Ola Dahl",
        ["tourism", "marketing"],
        "tourism",
        "Fylle opplevelsesturer på fjorden utenfor sesong.",
        "nb",
    ),
    (
        "sara.founder@example.no",
        "Sara Lind",
        ["social_entrepreneurship", "law"],
        "social",
        "Choose the right legal form for a social enterprise.",
        "en",
    ),
]


def _user(email, name, language, role):
    from community.models import User
    from community.services import user_create

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(
            email=email, full_name=name, password=PASSWORD, preferred_language=language, role=role
        )
    return user


def load(stdout):
    staff = _user("staff.mentoring@example.no", "Eva Stab", "nb", roles.STAFF)
    for email, name, lang, headline, expertise, languages, sectors, partner in MENTORS:
        user = _user(email, name, lang, roles.MENTOR)
        if MentorProfile.objects.filter(user=user).exists():
            continue
        profile = services.mentor_profile_save(
            user=user,
            headline=headline,
            bio=headline,
            expertise=expertise,
            languages=languages,
            sectors=sectors,
            partner=partner,
            max_mentees=3,
            max_hours_per_month=8,
            is_public=True,
            video_url="https://meet.example.no/" + email.split("@")[0],
        )
        services.availability_set(
            mentor=profile,
            weekly=[(d, time(9), time(12)) for d in (0, 2, 4)] + [(1, time(13), time(16))],
        )
    for email, name, topics, sector, goals, lang in REQUESTS:
        user = _user(email, name, lang, roles.ENTREPRENEUR)
        if not MentoringRequest.objects.filter(entrepreneur=user).exists():
            services.mentoring_request_create(
                entrepreneur=user,
                topics=topics,
                goals=goals,
                preferred_language=lang,
                sector=sector,
            )
    proposals = services.matching_run(by=staff)
    # The first pair is already under way: approved, accepted and a session booked.
    first = Match.objects.filter(request__entrepreneur__email="kari.grunder@example.no").first()
    if first and first.status == Match.Status.PROPOSED:
        services.match_approve(match=first, by=staff)
        services.match_accept(match=first, by=first.mentor.user)
        first.refresh_from_db()
        day = timezone.localdate() + timedelta(days=7)
        while day.weekday() != 2:
            day += timedelta(days=1)
        with contextlib.suppress(services.MentoringError):
            services.session_book(
                match=first,
                start=datetime.combine(day, time(10), tzinfo=OSLO),
                agenda="Budsjett og søknad til Innovasjon Norge",
                by=first.request.entrepreneur,
            )
    stdout.write(
        f"mentoring: {MentorProfile.objects.count()} mentors, "
        f"{MentoringRequest.objects.count()} requests, {len(proposals)} new proposals"
    )
