from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, ProgrammeItem, Registration


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Frokostmøte {n}")
    title_en = factory.Sequence(lambda n: f"Breakfast meetup {n}")
    slug = factory.Sequence(lambda n: f"frokostmote-{n}")
    summary = "Kaffe, rundstykker og nye bekjentskaper."
    summary_en = "Coffee, rolls and new acquaintances."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    capacity = 10
    status = Event.Status.PUBLISHED
    audience = Event.Audience.PUBLIC
    topic = Event.Topic.NETWORK


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.start)
    title = factory.Sequence(lambda n: f"Innlegg {n}")
    speaker = "Kari Nordmann"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A counted registration made directly (services are tested on their own)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = None
    name = factory.Sequence(lambda n: f"Gjest {n}")
    email = factory.Sequence(lambda n: f"gjest{n}@example.no")
    status = Registration.Status.CONFIRMED
    queued_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


def event_index_pages(tree):
    """The events listing ("arrangementer") under the nb home page and its English version."""
    from events.models import EventIndexPage
    from tests.factories.home import locales, translate

    _nb, en = locales()
    index = EventIndexPage(title="Arrangementer", slug="arrangementer", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    index.refresh_from_db()
    en_index = translate(index, en, title="Events", slug="arrangementer")
    return index, en_index
