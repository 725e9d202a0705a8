from datetime import timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from notifications.models import Notification

from .community import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """An outbox row about its own recipient (a User is a handy subject in tests)."""

    class Meta:
        model = Notification

    kind = "tests.reminder"
    recipient = factory.SubFactory(UserFactory)
    content_type = factory.LazyFunction(
        lambda: ContentType.objects.get_for_model(UserFactory._meta.model)
    )
    object_id = factory.LazyAttribute(lambda o: str(o.recipient.pk))
    offset = factory.Sequence(lambda n: f"offset-{n}")
    due_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    next_attempt_at = factory.LazyAttribute(lambda o: o.due_at)
