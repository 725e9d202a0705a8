"""Demo seats for ``manage.py load_demo``: 60 desks (A-01..F-10) on a floor plan, a few
startups, applications in every state, and allocations with five years of history.

Idempotent: desks are looked up by code and the rest is made only once (marked by the
demo startups' names)."""

import datetime

from django.db import transaction
from django.utils import timezone

from . import services
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


def _person(email, name, password=None):
    # Past members get no usable password (hashing dozens of them would only slow the load).
    user = User.objects.filter(email__iexact=email).first()
    return user or services.user_create(
        email=email, full_name=name, password=password, role="entrepreneur"
    )


def load(stdout=None):
    write = stdout.write if stdout else (lambda *_: None)
    with transaction.atomic():
        made = desks_ensure()
        if made:
            write(f"Created {made} desks.")
        if Startup.objects.filter(name=STARTUPS[0][0]).exists():
            return
        staff = (
            User.objects.filter(groups__name="staff").first()
            or User.objects.filter(is_superuser=True).first()
        )
        if staff is None:
            write("No staff account; skipped demo seat applications.")
            return
        today = timezone.localdate()
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
        desks[-1].active = False
        desks[-1].save(update_fields=["active"])
        for email, name, si, status in APPLICANTS:
            person = _person(email, name, DEMO_PASSWORD)
            startups[si].members.add(person)
            application = SeatApplication.objects.create(
                applicant=person,
                startup=startups[si],
                motivation="Vi ønsker et fellesskap, veiledning og et sted å jobbe i Asker.",
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
        # The demo entrepreneur account holds a desk, so 'Min side' shows one.
        demo = User.objects.filter(email__iexact="entreprenor@demo.grunderhus.no").first()
        if demo is not None:
            startups[4].members.add(demo)
            services.seat_allocate(
                desk=desks[52],
                member=demo,
                startup=startups[4],
                start=today - datetime.timedelta(days=100),
                end=today + datetime.timedelta(days=200),
                by=staff,
            )
        write(f"Created {len(objs) + 2} seat allocations and {len(APPLICANTS)} applications.")
