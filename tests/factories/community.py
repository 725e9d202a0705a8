import datetime

import factory
from allauth.account.models import EmailAddress

from community import roles
from community.models import User
from community.services import roles_ensure


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Faker("name", locale="no_NO")
    preferred_language = "nb"
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _give_role(self, create, extracted)


def _give_role(user, create, role):
    if create and role:
        user.groups.add(roles_ensure()[role])
        if role in roles.ADMIN_ROLES and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])


def _role_by_default(default):
    # A plain ``role = "..."`` in a subclass would replace the post-generation hook with a
    # model field value (User has no ``role``); keep it a hook with a default instead.
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _give_role(self, create, extracted or default)

    return role


class EntrepreneurFactory(UserFactory):
    role = _role_by_default(roles.ENTREPRENEUR)


class MentorFactory(UserFactory):
    role = _role_by_default(roles.MENTOR)


class StaffFactory(UserFactory):
    role = _role_by_default(roles.STAFF)


class EditorFactory(UserFactory):
    role = _role_by_default(roles.EDITOR)


# --- Seats ------------------------------------------------------------------------------------


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Desk"
        django_get_or_create = ("code",)

    code = factory.Sequence(
        lambda n: f"{'ABCDEF'[(n // 10) % 6]}-{n % 10 + 1:02d}" + (f"-{n // 60}" if n >= 60 else "")
    )
    zone = factory.LazyAttribute(lambda o: f"Rom {o.code[0]}")
    x = factory.Sequence(lambda n: 20 + (n % 10) * 60)
    y = factory.Sequence(lambda n: 20 + ((n // 10) % 6) * 80)


class StartupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Startup"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gründer {n} AS")
    sector = "circular"
    stage = "idea"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class SeatApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.SeatApplication"

    applicant = factory.SubFactory(EntrepreneurFactory)
    startup = factory.SubFactory(StartupFactory)
    motivation = "Vi vil bygge en sirkulær bedrift i Asker."
    guidance_topics = factory.LazyFunction(lambda: ["funding"])
    desired_start = factory.LazyFunction(lambda: datetime.date(2027, 1, 1))


class SeatAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.SeatAllocation"

    desk = factory.SubFactory(DeskFactory)
    member = factory.SubFactory(EntrepreneurFactory)
    start = factory.LazyFunction(lambda: datetime.date(2027, 1, 1))
    end = None
    status = "active"
    created_by = factory.SubFactory(StaffFactory)
