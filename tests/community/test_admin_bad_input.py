"""Forged input in the admin's people and snippet screens: 404 or a message, nothing lost."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from community import services
from community.models import User
from tests.factories.community import DeskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def super_client(client):
    client.force_login(UserFactory(is_superuser=True))
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False):
        yield client


@pytest.mark.parametrize("pk", ["abc", "..", "1.5", "x" * 300])
def test_a_chooser_asked_for_an_id_that_is_no_id_is_not_found(super_client, pk):
    for model in ("community/desk", "community/startup", "mentoring/conflictofinterest"):
        assert super_client.get(f"/admin/snippets/choose/{model}/chosen/{pk}/").status_code == 404


def test_a_member_with_seat_history_is_not_deleted_and_the_superuser_is_told(super_client):
    member = UserFactory()
    staff = UserFactory(role="staff")
    services.seat_allocate(
        desk=DeskFactory(),
        member=member,
        start=timezone.localdate() - timedelta(days=5),
        by=staff,
    )
    response = super_client.post(f"/admin/users/delete/{member.pk}/", follow=True)
    assert response.status_code == 200
    assert "kan ikke slettes" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_an_account_nothing_refers_to_is_still_deleted(super_client):
    nobody = UserFactory()
    super_client.post(f"/admin/users/delete/{nobody.pk}/")
    assert not User.objects.filter(pk=nobody.pk).exists()
