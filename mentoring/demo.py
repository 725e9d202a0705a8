"""Demo mentoring content for ``load_demo``: mentors with hours, requests, matches, sessions,
and the mentor login with a complete profile, weekly hours and an accepted match with the
member login (a session booked).

Roles come as in the house: staff grant the mentor role with a reason, and the entrepreneurs
who ask for a mentor are members because staff gave them a desk (``community.demo``).

Idempotent: people are looked up by e-mail, and nothing is added twice.
"""

import contextlib
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from community import demo as community_demo
from community import roles

from . import services
from .models import Match, MentoringRequest, MentorProfile, Session
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


MENTOR_EMAIL = "mentor@demo.grunderhus.no"
MEMBER_EMAIL = community_demo.MEMBER_EMAIL
MENTOR_PROFILE = {
    "headline": "Forretningsmodeller, salg og de første kundene",
    "bio": (
        "Per har startet og solgt to selskaper i Asker og hjelper gründere med å finne "
        "forretningsmodellen, prise tjenestene og lande de første kundene. Han er mentor "
        "gjennom Asker Næringsforening."
    ),
    "expertise": ["strategy", "sales", "leadership"],
    "languages": ["nb", "en"],
    "sectors": ["circular", "retail"],
    "partner": "asker_naeringsforening",
    "max_mentees": 3,
    "max_hours_per_month": 8,
    "is_active": True,
    "is_public": True,
    "video_url": "https://meet.example.no/per-mentor",
}
# Tuesdays and Thursdays 09–15.
MENTOR_HOURS = [(1, time(9), time(15)), (3, time(9), time(15))]
MEMBER_REQUEST = {
    "topics": ["strategy", "sales"],
    "goals": "Finne en forretningsmodell som bærer, og få de ti første bedriftskundene.",
    "preferred_language": "nb",
    "sector": "circular",
}
MENTOR_REASON = "Mentor fra partnernettverket, med i mentorordningen fra i år."


def _user(email, name, language):
    from community.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = community_demo.account_create(
            email=email, full_name=name, password=PASSWORD, preferred_language=language
        )
    return user


def _staff():
    """The demo staff account; alone (without ``load_demo``'s logins) a first staff account."""
    return community_demo.demo_staff() or community_demo.account_create(
        email="staff.mentoring@example.no",
        full_name="Eva Stab",
        password=PASSWORD,
        role=roles.STAFF,
    )


def _mentor(user, *, by):
    from community.services import role_grant

    if not roles.user_has_role(user, roles.MENTOR):
        role_grant(user=user, role=roles.MENTOR, by=by, reason=MENTOR_REASON)
    return user


def load(stdout):
    with transaction.atomic():
        _load(stdout)


def _load(stdout):
    staff = _staff()
    today = timezone.localdate()
    for email, name, lang, headline, expertise, languages, sectors, partner in MENTORS:
        user = _mentor(_user(email, name, lang), by=staff)
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
    # The mentor login and its mentee first, so the matching run below leaves them be.
    _login_pair(staff=staff)
    for n, (email, name, topics, sector, goals, lang) in enumerate(REQUESTS):
        user = _user(email, name, lang)
        # Mentoring is for members: staff gave each of them a desk some months ago.
        community_demo.member_ensure(user=user, by=staff, start=today - timedelta(days=90 + 30 * n))
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


def _login_pair(*, staff):
    """The mentor login: a complete public profile, Tuesday and Thursday hours, and an
    accepted match with the member login, with a session booked in the coming days."""
    from community.models import User

    mentor_user = User.objects.filter(email__iexact=MENTOR_EMAIL).first()
    if mentor_user is None:
        return
    _mentor(mentor_user, by=staff)
    profile = MentorProfile.objects.filter(user=mentor_user).first()
    if profile is None or not profile.headline:
        profile = services.mentor_profile_save(user=mentor_user, **MENTOR_PROFILE)
    if not profile.rules.exists():
        services.availability_set(mentor=profile, weekly=MENTOR_HOURS)
    member = User.objects.filter(email__iexact=MEMBER_EMAIL).first()
    if member is None or not roles.user_has_role(member, roles.ENTREPRENEUR):
        return
    match = Match.objects.filter(
        request__entrepreneur=member, mentor=profile, status=Match.Status.ACCEPTED
    ).first()
    if match is None:
        request = MentoringRequest.objects.filter(
            entrepreneur=member, status__in=["open", "matched"]
        ).first() or services.mentoring_request_create(entrepreneur=member, **MEMBER_REQUEST)
        match = request.matches.filter(mentor=profile, status=Match.Status.APPROVED).first()
        if match is None:
            if request.matches.filter(status__in=Match.LIVE).exists():
                return  # staff already paired this request with someone else
            match = services.match_propose(request=request, mentor=profile, by=staff)
        match = services.match_accept(match=match, by=mentor_user)
    _upcoming_session(match, member=member)


def _upcoming_session(match, *, member):
    """One booked session ahead, on the first Tuesday or Thursday at least two days away."""
    now = timezone.now()
    if Session.objects.filter(match=match, status=Session.Status.BOOKED, end__gt=now).exists():
        return
    day = timezone.localdate() + timedelta(days=2)
    for _attempt in range(14):
        if day.weekday() in {weekday for weekday, _start, _end in MENTOR_HOURS}:
            try:
                services.session_book(
                    match=match,
                    start=datetime.combine(day, time(10), tzinfo=OSLO),
                    agenda="Prismodell og de første kundemøtene",
                    by=member,
                )
            except services.MentoringError:
                pass
            else:
                return
        day += timedelta(days=1)
