import pytest
from django.db import IntegrityError

from community.models import User
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_case_insensitive(client, password):
    UserFactory(email="kari@example.no")
    assert User.objects.get_by_natural_key("KARI@example.no").email == "kari@example.no"


def test_same_address_in_another_case_is_refused():
    UserFactory(email="ola@example.no")
    with pytest.raises(IntegrityError):
        User.objects.create(email="OLA@example.no", full_name="Ola")
