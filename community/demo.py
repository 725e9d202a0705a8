"""Demo seats for ``manage.py load_demo``: 60 desks (A-01..F-10) on a floor plan, a few
startups, applications in every state, allocations with five years of history, the member
login at a desk with an accepted application, and one alumnus.

Roles are derived here as in the house: people become members by holding a desk (allocated by
the demo staff account) and alumni when their last allocation has ended. The five years of
history are written in bulk (no mails, no reminders) and their members' roles then synced.

Idempotent: desks are looked up by code, the history is made only once (marked by the demo
startups' names), and the member login and the alumnus are checked before anything is
allocated, so a second run adds no allocation, role change or notification."""

import datetime
import functools

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import roles, services
from .models import Desk, SeatAllocation, SeatApplication, Startup, User

ZONES = {
    "A": "Rom A – Vindusrekka",
    "B": "Rom B – Verkstedet",
    "C": "Rom C – Stillesonen",
    "D": "Rom D – Sirkulærlabben",
    "E": "Rom E – Prosjektrommet",
    "F": "Rom F – Fleksisonen",
}

STARTUPS = [
    # (name, org number, sector, stage, description, listed)
    (
        "Sirkel Byggbruk AS",
        "974760673",
        "circular",
        "early",
        "Selger brukte byggematerialer fra riving i Asker og Bærum.",
        True,
    ),
    (
        "Fjordopplevelser AS",
        "",
        "tourism",
        "prototype",
        "Guidede kajakkturer og matopplevelser langs Oslofjorden.",
        True,
    ),
    (
        "Hverdagshjelp SA",
        "",
        "social",
        "idea",
        "Kobler ungdom som trenger jobberfaring med eldre som trenger hjelp.",
        True,
    ),
    (
        "Datadrevet Landbruk AS",
        "",
        "tech",
        "growth",
        "Sensorer og programvare for små gårder.",
        False,
    ),
    (
        "Reparasjonskafeen",
        "",
        "circular",
        "idea",
        "Et fast reparasjonskafé-konsept for lokalmiljøer.",
        True,
    ),
]
APPLICANTS = [
    # (e-mail, name, startup index, status)
    ("kari.sirkel@demo.grunderhus.no", "Kari Sirkel", 0, "accepted"),
    ("ola.fjord@demo.grunderhus.no", "Ola Fjord", 1, "waitlisted"),
    ("nora.hjelp@demo.grunderhus.no", "Nora Hjelp", 2, "waitlisted"),
    ("jonas.data@demo.grunderhus.no", "Jonas Data", 3, "in_review"),
    ("eva.reparer@demo.grunderhus.no", "Eva Reparer", 4, "submitted"),
    ("lars.avslag@demo.grunderhus.no", "Lars Avslag", 3, "rejected"),
]
DEMO_PASSWORD = "gründerhus-demo"

STAFF_EMAIL = "stab@demo.grunderhus.no"
MEMBER_EMAIL = "entreprenor@demo.grunderhus.no"
MEMBER_STARTUP = {
    "name": "Ombruksverkstedet AS",
    "sector": "circular",
    "stage": "prototype",
    "description": "Reparerer og selger brukte møbler fra bedrifter i Asker.",
    "listed": True,
}
MEMBER_WEEKS_AT_DESK = 6
ALUMNUS = ("tone.tidligere@demo.grunderhus.no", "Tone Tidligere")
ALUMNUS_STARTUP = {
    "name": "Asker Sykkelkurer AS",
    "sector": "circular",
    "stage": "early",
    "description": "Varelevering på el-sykkel i Asker sentrum.",
    "listed": True,
}
MOTIVATION = "Vi ønsker et fellesskap, veiledning og et sted å jobbe i Asker."


def desks_ensure():
    """The 60 desks: six rooms of ten, three rooms across and two down."""
    made = 0
    for zi, letter in enumerate("ABCDEF"):
        ox, oy = 20 + (zi % 3) * 340, 40 + (zi // 3) * 190
        for j in range(10):
            code = f"{letter}-{j + 1:02d}"
            _, created = Desk.objects.get_or_create(
                code=code,
                defaults={
                    "zone": ZONES[letter],
                    "kind": Desk.Kind.FLEX if letter == "F" else Desk.Kind.FIXED,
                    "x": ox + 10 + (j % 5) * 62,
                    "y": oy + (j // 5) * 60,
                },
            )
            made += created
    return made


def demo_staff():
    """The account the demo's staff work is done by: the staff login, else any house staff."""
    return (
        User.objects.filter(email__iexact=STAFF_EMAIL, is_active=True).first()
        or User.objects.filter(groups__name=roles.STAFF, is_active=True).order_by("pk").first()
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )


def _holding(user, *, today):
    return (
        SeatAllocation.objects.filter(member=user, status__in=SeatAllocation.HOLDING)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .first()
    )


def _free_desk(*, start, end=None):
    """The first desk in use that nobody holds in ``[start, end)``."""
    taken = SeatAllocation.objects.filter(
        status__in=SeatAllocation.HOLDING, start__lt=end or datetime.date.max
    ).filter(Q(end__isnull=True) | Q(end__gt=start))
    return (
        Desk.objects.filter(active=True)
        .exclude(pk__in=taken.values("desk_id"))
        .order_by("code")
        .first()
    )


def member_ensure(*, user, by, start, startup=None, application=None):
    """Make a demo person a member the way the house does: staff allocate a free desk from
    ``start`` (open-ended). Returns the desk they hold; nothing changes if they hold one."""
    today = timezone.localdate()
    held = _holding(user, today=today)
    if held is not None:
        return held
    if not Desk.objects.exists():
        desks_ensure()
    desk = _free_desk(start=start)
    if desk is None:
        return None
    return services.seat_allocate(
        desk=desk, member=user, start=start, by=by, startup=startup, application=application
    )


@functools.cache
def _hashed(password):
    return make_password(password)


def account_create(*, email, full_name, password=None, **fields):
    """``user_create`` for demo people: the demo's few shared passwords are hashed once, not
    once per account (each hash costs a fifth of a second by design)."""
    user = services.user_create(email=email, full_name=full_name, password=None, **fields)
    if password:
        user.password = _hashed(password)
        user.save(update_fields=["password"])
    return user


def _person(email, name, password=None):
    # Past members get no usable password. Nobody is made a member here: that follows from a
    # desk.
    user = User.objects.filter(email__iexact=email).first()
    return user or account_create(email=email, full_name=name, password=password)


def _startup(spec, *, members):
    startup = Startup.objects.filter(name=spec["name"]).first()
    if startup is None:
        startup = services.startup_create(members=members, **spec)
        startup.show_members = spec["listed"]
        startup.save(update_fields=["show_members"])
    return startup


def load(stdout=None):
    write = stdout.write if stdout else (lambda *_: None)
    with transaction.atomic():
        made = desks_ensure()
        if made:
            write(f"Created {made} desks.")
        staff = demo_staff()
        if staff is None:
            write("No staff account; skipped demo seat applications.")
            return
        today = timezone.localdate()
        if not Startup.objects.filter(name=STARTUPS[0][0]).exists():
            _history(staff=staff, today=today, write=write)
        _member_login(staff=staff, today=today, write=write)
        _alumnus(staff=staff, today=today, write=write)


def _history(*, staff, today, write):
    startups = []
    for name, org, sector, stage, description, listed in STARTUPS:
        startups.append(
            Startup.objects.create(
                name=name,
                org_number=org,
                sector=sector,
                stage=stage,
                description=description,
                listed=listed,
                show_members=listed,
            )
        )
    desks = list(Desk.objects.order_by("code"))
    # Five years of history: each desk has had a run of members, a year or so each.
    history_people = [
        _person(f"medlem{i:02d}@demo.grunderhus.no", f"Medlem {i:02d}") for i in range(40)
    ]
    start0 = today.replace(day=1) - datetime.timedelta(days=5 * 365)
    rows = []
    for di, desk in enumerate(desks[:48]):
        start = start0 + datetime.timedelta(days=(di * 13) % 120)
        k = 0
        while True:
            end = start + datetime.timedelta(days=240 + ((di * 7 + k * 31) % 300))
            if end > today - datetime.timedelta(days=10):
                break
            rows.append((desk, start, end))
            start = end + datetime.timedelta(days=(di + k) % 20)
            k += 1
        # The current holder; some end within 90 days.
        current_end = today + datetime.timedelta(days=15 + di * 5) if di % 4 == 0 else None
        rows.append((desk, start, current_end))
    # Assign members without overlaps: a member takes the next row that starts after
    # their previous one ended.
    free_from = {p.pk: datetime.date.min for p in history_people}
    first_start = {}
    objs = []
    for desk, start, end in sorted(rows, key=lambda r: r[1]):
        person = next((p for p in history_people if free_from[p.pk] <= start), None)
        if person is None:
            person = _person(
                f"medlem{len(history_people):02d}@demo.grunderhus.no",
                f"Medlem {len(history_people):02d}",
            )
            history_people.append(person)
            free_from[person.pk] = datetime.date.min
        free_from[person.pk] = end or datetime.date.max
        first_start.setdefault(person.pk, start)
        objs.append(
            SeatAllocation(
                desk=desk,
                member=person,
                start=start,
                end=end,
                created_by=staff,
                status=SeatAllocation.Status.ACTIVE,
            )
        )
    SeatAllocation.objects.bulk_create(objs)
    # Each person joined on their first day at a desk; the daily task then makes alumni of
    # those whose last allocation has ended.
    for person in history_people:
        if person.pk in first_start:
            services.membership_sync(user=person, by=staff, today=first_start[person.pk])
    services.memberships_end_due(today=today)
    desks[-1].active = False
    desks[-1].save(update_fields=["active"])
    for email, name, si, status in APPLICANTS:
        person = _person(email, name, DEMO_PASSWORD)
        startups[si].members.add(person)
        # Written directly: receipts and staff alerts for made-up applications would only
        # fill the outbox.
        application = SeatApplication.objects.create(
            applicant=person,
            startup=startups[si],
            motivation=MOTIVATION,
            guidance_topics=["funding", "sales"],
            desired_start=today + datetime.timedelta(days=30),
            status=SeatApplication.Status.SUBMITTED,
            priority=1 if si == 2 else 2,
        )
        if status == "in_review":
            services.seat_application_review(application=application, by=staff)
        elif status != "submitted":
            services.seat_application_review(application=application, by=staff)
            services.seat_application_decide(
                application=application,
                decision=status,
                by=staff,
                message="Takk for søknaden.",
            )
    kari = SeatApplication.objects.get(applicant__email="kari.sirkel@demo.grunderhus.no")
    services.seat_allocate(
        desk=desks[50],
        member=kari.applicant,
        startup=kari.startup,
        application=kari,
        start=today - datetime.timedelta(days=60),
        by=staff,
    )
    ola = SeatApplication.objects.get(applicant__email="ola.fjord@demo.grunderhus.no")
    services.seat_offer_make(
        application=ola,
        desk=desks[51],
        start=today + datetime.timedelta(days=14),
        deadline=timezone.now() + datetime.timedelta(days=7),
        by=staff,
    )
    write(f"Created {len(objs) + 2} seat allocations and {len(APPLICANTS)} applications.")


def _member_login(*, staff, today, write):
    """The member login: a startup, an application staff accepted, and a desk from some weeks
    ago with no end, so 'Min side' shows the desk and offers no application."""
    user = User.objects.filter(email__iexact=MEMBER_EMAIL).first()
    if user is None:
        return
    start = today - datetime.timedelta(weeks=MEMBER_WEEKS_AT_DESK)
    startup = _startup(MEMBER_STARTUP, members=[user])
    application = SeatApplication.objects.filter(applicant=user).order_by("-pk").first()
    if application is None:
        application = SeatApplication.objects.create(
            applicant=user,
            startup=startup,
            motivation=MOTIVATION,
            guidance_topics=["strategy", "sales"],
            desired_start=start,
            status=SeatApplication.Status.SUBMITTED,
        )
        services.seat_application_review(application=application, by=staff)
        services.seat_application_decide(
            application=application,
            decision=SeatApplication.Status.ACCEPTED,
            by=staff,
            message="Velkommen til huset!",
        )
    if _holding(user, today=today) is None:
        allocation = member_ensure(
            user=user, by=staff, start=start, startup=startup, application=application
        )
        if allocation is None:
            write(f"No free desk for {MEMBER_EMAIL}.")
        else:
            write(f"{MEMBER_EMAIL} sits at desk {allocation.desk.code}.")


def _alumnus(*, staff, today, write):
    """One alumnus: a desk that ended last month; the daily task made them an alumnus."""
    email, name = ALUMNUS
    user = _person(email, name)
    if SeatAllocation.objects.filter(member=user).exists():
        return
    startup = _startup(ALUMNUS_STARTUP, members=[user])
    end = today.replace(day=1) - datetime.timedelta(days=10)
    start = end - datetime.timedelta(days=330)
    desk = _free_desk(start=start, end=end)
    if desk is None:
        write(f"No free desk in the past for {email}.")
        return
    services.seat_allocate(desk=desk, member=user, start=start, end=end, by=staff, startup=startup)
    # They joined on their first day; the daily task sees that the allocation has ended.
    services.membership_sync(user=user, by=staff, today=start)
    services.memberships_end_due(today=today)
    write(f"{email} is an alumnus since {end.isoformat()}.")
