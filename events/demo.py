"""Demo events for ``manage.py load_demo``: the listing page in both languages, a breakfast
meetup, Den Store Sirkulærkonferansen with its programme, a members-only workshop and a full
event with a waiting list. Idempotent: everything is looked up by slug or e-mail first.

Registrations are written directly rather than through the services, so loading the demo
queues no e-mails to the demo addresses.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Locale

from .models import Event, EventIndexPage, ProgrammeItem, Registration

OSLO = ZoneInfo("Europe/Oslo")


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


def _next_may_24(today):
    year = today.year if (today.month, today.day) < (5, 24) else today.year + 1
    return datetime(year, 5, 24).date()


def _index_pages(stdout):
    from home.models import HomePage

    nb, _ = Locale.objects.get_or_create(language_code="nb")
    en, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=nb).first()
    if home is None:
        return
    index = EventIndexPage.objects.filter(locale=nb).first()
    if index is None:
        index = EventIndexPage(
            title="Arrangementer",
            slug="arrangementer",
            show_in_menus=True,
            intro="<p>Frokostmøter, kurs og konferanser i RE Gründerhus – åpne for alle "
            "med mindre noe annet står.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        stdout.write("Created the events listing page.")
    if not EventIndexPage.objects.filter(locale=en).exists():
        en_home = HomePage.objects.filter(locale=en).first()
        if en_home is not None:
            copy = index.copy_for_translation(en, copy_parents=False)
            copy.title = "Events"
            copy.slug = "arrangementer"
            copy.intro = (
                "<p>Breakfast meetups, courses and conferences at RE Gründerhus – "
                "open to everyone unless stated otherwise.</p>"
            )
            copy.save()
            copy.save_revision().publish()


EVENTS = [
    {
        "slug": "grunderfrokost",
        "title": "Gründerfrokost",
        "title_en": "Founders' breakfast",
        "summary": "Kaffe, rundstykker og fem minutter hver om hva du jobber med.",
        "summary_en": "Coffee, rolls and five minutes each on what you are working on.",
        "days": 6,
        "start": (8, 0),
        "hours": 1.5,
        "capacity": 30,
        "topic": Event.Topic.NETWORK,
        "audience": Event.Audience.PUBLIC,
    },
    {
        "slug": "verksted-budsjett",
        "title": "Verksted: budsjett og likviditet",
        "title_en": "Workshop: budget and cash flow",
        "summary": "Et praktisk verksted for gründerne i huset.",
        "summary_en": "A hands-on workshop for the house's entrepreneurs.",
        "days": 10,
        "start": (13, 0),
        "hours": 3,
        "capacity": 12,
        "topic": Event.Topic.STARTUP,
        "audience": Event.Audience.MEMBERS,
    },
    {
        "slug": "reiseliv-mote",
        "title": "Møteplass reiseliv og opplevelser",
        "title_en": "Meeting place: tourism and experiences",
        "summary": "Lokale aktører i reiselivet møter nye gründere. Fullt – venteliste åpen.",
        "summary_en": "Local tourism businesses meet new founders. Full – waiting list open.",
        "days": 14,
        "start": (17, 0),
        "hours": 2,
        "capacity": 3,
        "topic": Event.Topic.TOURISM,
        "audience": Event.Audience.PUBLIC,
    },
]

CONFERENCE_PROGRAMME = [
    (0, (9, 0), "Åpning ved ordføreren", "Opening by the mayor", "Ordføreren i Asker"),
    (
        0,
        (9, 30),
        "Sirkulærøkonomi i praksis",
        "Circular economy in practice",
        "Asker Næringsforening",
    ),
    (0, (13, 0), "Gründere på scenen", "Founders on stage", "Gründerne i RE Gründerhus"),
    (1, (9, 0), "Internasjonale erfaringer", "International experiences", "Gjester fra Norden"),
    (1, (14, 0), "Avslutning og veien videre", "Closing and the way ahead", "Bærum Næringsråd"),
]


def load(stdout):
    _index_pages(stdout)
    today = timezone.localdate()
    for spec in EVENTS:
        day = today + timedelta(days=spec["days"])
        start = _at(day, *spec["start"])
        event, created = Event.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "title_en": spec["title_en"],
                "summary": spec["summary"],
                "summary_en": spec["summary_en"],
                "start": start,
                "end": start + timedelta(hours=spec["hours"]),
                "capacity": spec["capacity"],
                "topic": spec["topic"],
                "audience": spec["audience"],
                "status": Event.Status.PUBLISHED,
            },
        )
        if created:
            stdout.write(f"Created the event {event.title}.")
    conference_day = _next_may_24(today)
    conference, created = Event.objects.get_or_create(
        slug="den-store-sirkulaerkonferansen",
        defaults={
            "title": "Den Store Sirkulærkonferansen",
            "title_en": "The Great Circular Economy Conference",
            "summary": "To dager med nasjonale og internasjonale gjester om sirkulærøkonomi.",
            "summary_en": "Two days with national and international guests on the circular "
            "economy.",
            "description": "<p>Konferansen samler næringsliv, kommune og gründere i Asker.</p>",
            "description_en": "<p>The conference brings business, the municipality and "
            "founders in Asker together.</p>",
            "start": _at(conference_day, 9),
            "end": _at(conference_day + timedelta(days=1), 16),
            "venue": "RE Gründerhus og Asker kulturhus",
            "capacity": 200,
            "topic": Event.Topic.CIRCULAR,
            "audience": Event.Audience.PUBLIC,
            "status": Event.Status.PUBLISHED,
        },
    )
    if created:
        for n, (offset, (h, m), title, title_en, speaker) in enumerate(CONFERENCE_PROGRAMME):
            ProgrammeItem.objects.create(
                event=conference,
                sort_order=n,
                starts_at=_at(conference_day + timedelta(days=offset), h, m),
                title=title,
                title_en=title_en,
                speaker=speaker,
            )
        stdout.write("Created Den Store Sirkulærkonferansen with its programme.")
    _registrations()


def _registrations():
    from community.models import User

    full = Event.objects.get(slug="reiseliv-mote")
    now = timezone.now()
    guests = [
        ("Astrid Berg", "astrid@demo.grunderhus.no"),
        ("Jonas Lie", "jonas@demo.grunderhus.no"),
        ("Mari Dahl", "mari@demo.grunderhus.no"),
        ("Knut Vik", "knut@demo.grunderhus.no"),
    ]
    for n, (name, email) in enumerate(guests):
        if Registration.objects.filter(event=full, email__iexact=email).exists():
            continue
        seated = n < full.capacity
        Registration.objects.create(
            event=full,
            name=name,
            email=email,
            queued_at=now + timedelta(seconds=n),
            status=Registration.Status.CONFIRMED if seated else Registration.Status.WAITLISTED,
            confirmed_at=now if seated else None,
        )
    member = User.objects.filter(email="entreprenor@demo.grunderhus.no").first()
    conference = Event.objects.get(slug="den-store-sirkulaerkonferansen")
    if member and not Registration.objects.filter(event=conference, user=member).exists():
        Registration.objects.create(
            event=conference,
            user=member,
            name=member.full_name,
            email=member.email,
            language=member.preferred_language,
            status=Registration.Status.CONFIRMED,
            queued_at=now,
            confirmed_at=now,
        )
