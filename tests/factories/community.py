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
        if create and extracted:
            self.groups.add(roles_ensure()[extracted])
            if extracted in roles.ADMIN_ROLES and not self.is_staff:
                self.is_staff = True
                self.save(update_fields=["is_staff"])


class EntrepreneurFactory(UserFactory):
    role = roles.ENTREPRENEUR


class MentorFactory(UserFactory):
    role = roles.MENTOR


class StaffFactory(UserFactory):
    role = roles.STAFF


class EditorFactory(UserFactory):
    role = roles.EDITOR
