"""Wagtail's user admin, adapted to one full-name field."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse

from community import roles
from community.models import User
from community.services import roles_ensure
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True, full_name="Sjef Sjefsen"))
    return client


def test_user_index_lists_full_names(admin_client):
    UserFactory(full_name="Kari Nordmann", email="kari@example.no")
    response = admin_client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kari Nordmann" in html
    assert "kari@example.no" in html


def test_user_index_query_count_does_not_grow_with_users(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UserFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(reverse("wagtailusers_users:index"))
    UserFactory.create_batch(27)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(reverse("wagtailusers_users:index"))
    assert len(many) == len(few)


def test_user_create_form_has_full_name_not_first_and_last(admin_client):
    html = admin_client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="full_name"' in html
    assert 'name="preferred_language"' in html
    assert 'name="first_name"' not in html
    assert 'name="last_name"' not in html


def test_superuser_creates_a_user_with_full_name_and_role(admin_client):
    roles_ensure()
    staff_group = Group.objects.get(name=roles.STAFF)
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "ny@example.no",
            "full_name": "Ny Ansatt",
            "preferred_language": "en",
            "password1": "et langt og godt passord 42",
            "password2": "et langt og godt passord 42",
            "groups": [staff_group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="ny@example.no")
    assert user.full_name == "Ny Ansatt"
    assert user.preferred_language == "en"
    assert user.check_password("et langt og godt passord 42")
    assert list(user.groups.all()) == [staff_group]


def test_create_with_an_address_in_use_is_refused(admin_client):
    UserFactory(email="kari@example.no")
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "KARI@example.no",
            "full_name": "Kari Igjen",
            "preferred_language": "nb",
            "password1": "et langt og godt passord 42",
            "password2": "et langt og godt passord 42",
        },
    )
    assert response.status_code == 200
    assert "finnes allerede" in response.content.decode()
    assert User.objects.filter(email__iexact="kari@example.no").count() == 1


def test_superuser_edits_a_users_full_name(admin_client):
    user = UserFactory(full_name="Kari Nordmann", email="kari@example.no")
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    html = admin_client.get(url).content.decode()
    assert 'value="Kari Nordmann"' in html
    assert 'name="first_name"' not in html
    response = admin_client.post(
        url,
        {
            "email": "kari@example.no",
            "full_name": "Kari Nordmann Hansen",
            "preferred_language": "en",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.full_name == "Kari Nordmann Hansen"
    assert user.preferred_language == "en"
    assert user.check_password("correct horse battery staple")


def test_members_cannot_reach_the_user_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 403


@pytest.mark.parametrize("ordering", ["name", "-name"])
def test_user_index_sorts_by_full_name(admin_client, ordering):
    UserFactory(full_name="Åse Ås")
    UserFactory(full_name="Anne Berg")
    response = admin_client.get(reverse("wagtailusers_users:index"), {"ordering": ordering})
    assert response.status_code == 200
    html = response.content.decode()
    first, last = ("Anne Berg", "Åse Ås") if ordering == "name" else ("Åse Ås", "Anne Berg")
    assert html.index(first) < html.index(last)


def test_user_index_searches_full_name(admin_client):
    UserFactory(full_name="Kari Nordmann")
    UserFactory(full_name="Ola Hansen")
    response = admin_client.get(reverse("wagtailusers_users:index"), {"q": "nordmann"})
    html = response.content.decode()
    assert "Kari Nordmann" in html
    assert "Ola Hansen" not in html


def test_a_user_made_in_the_admin_can_log_in_straight_away(admin_client, client):
    admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "ny@example.no",
            "full_name": "Ny Ansatt",
            "preferred_language": "nb",
            "password1": "et langt og godt passord 42",
            "password2": "et langt og godt passord 42",
        },
    )
    user = User.objects.get(email="ny@example.no")
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == ("ny@example.no", True, True)
    admin_client.logout()
    response = admin_client.post(
        "/nb/accounts/login/", {"login": "ny@example.no", "password": "et langt og godt passord 42"}
    )
    assert response.status_code == 302
    assert admin_client.session["_auth_user_id"] == str(user.pk)


def test_changing_the_address_in_the_admin_moves_the_login(admin_client):
    user = UserFactory(full_name="Kari Nordmann", email="kari@example.no")
    admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "email": "kari.ny@example.no",
            "full_name": "Kari Nordmann",
            "preferred_language": "nb",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("kari.ny@example.no", True)
    ]
