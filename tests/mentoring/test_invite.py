"""Staff invite a mentor from "Members and roles"; the mentor sets a password through the
link in the mail, logs in and completes the profile, which makes it active."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from community import roles
from community.models import RoleChange, User
from mentoring.models import MentorProfile
from mentoring.services import mentor_invite
from notifications.models import Notification
from tests.factories.community import EditorFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/personer/inviter-mentor/"
PASSWORD = "Asker-mentor-2026!"


@pytest.fixture
def staff():
    return StaffFactory(full_name="Stine Stab")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _invite(staff_client, capture, **data):
    data = {
        "full_name": "Mona Mentor",
        "email": "mona@partner.example",
        "partner": "asker_naeringsforening",
        **data,
    }
    with capture(execute=True):
        return staff_client.post(URL, data)


def test_the_invite_form_offers_the_partner_organisations(staff_client):
    body = staff_client.get(URL).content.decode()
    assert 'name="full_name"' in body and 'name="email"' in body
    assert 'value="asker_naeringsforening"' in body and "Asker Næringsforening" in body


def test_inviting_makes_an_account_role_log_shell_profile_and_mail(
    staff_client, staff, django_capture_on_commit_callbacks
):
    response = _invite(staff_client, django_capture_on_commit_callbacks)
    mona = User.objects.get(email="mona@partner.example")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/personer/{mona.pk}/"
    assert mona.full_name == "Mona Mentor"
    assert not mona.has_usable_password()
    assert EmailAddress.objects.get(user=mona).verified
    assert roles.user_has_role(mona, roles.MENTOR)
    change = RoleChange.objects.get(user=mona)
    assert (change.role, change.action, change.by) == (roles.MENTOR, "granted", staff)
    assert "Stine Stab" in change.reason
    profile = MentorProfile.objects.get(user=mona)
    assert (profile.headline, profile.partner, profile.is_active, profile.is_public) == (
        "",
        "asker_naeringsforening",
        False,
        False,
    )
    # One transactional row in the outbox, sent to Mona by the worker on commit.
    row = Notification.objects.get(kind="mentoring.mentor_invite")
    assert row.recipient == mona
    assert row.state == Notification.State.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mona@partner.example"]
    assert "invitert til å bli mentor" in message.subject
    body = message.body
    assert "Hei Mona Mentor," in body
    assert "Stine Stab har invitert deg" in body
    assert "mentor fra Asker Næringsforening" in body
    assert "http://testserver/nb/mentor/profil/" in body
    assert "http://testserver/nb/mentor/tilgjengelighet/" in body
    assert re.search(r"http://testserver/nb/accounts/password/reset/key/\S+/", body)
    # The person's page says who she is and that she has no password yet.
    page = staff_client.get(response["Location"]).content.decode()
    assert "Mona Mentor er invitert som mentor" in page
    assert "har ikke valgt passord ennå" in page


def test_the_link_sets_a_password_and_the_mentor_completes_the_profile(
    staff_client, django_capture_on_commit_callbacks
):
    _invite(staff_client, django_capture_on_commit_callbacks)
    link = re.search(
        r"http://testserver(/nb/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    )
    browser = Client()

    # The link: allauth moves the key into the session and shows the set-password form.
    response = browser.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    assert 'name="password1"' in response.content.decode()
    response = browser.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    mona = User.objects.get(email="mona@partner.example")
    assert mona.check_password(PASSWORD)

    # The link works once.
    again = Client().get(link.group(1), follow=True).content.decode()
    assert 'name="password1"' not in again

    # Log in with the new password.
    response = browser.post("/nb/accounts/login/", {"login": mona.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in browser.session

    # Min side asks her to complete the profile.
    dashboard = browser.get("/nb/min-side/").content.decode()
    assert "Mentorprofilen din er ikke fullført ennå." in dashboard
    assert 'href="/nb/mentor/profil/"' in dashboard
    assert 'href="/nb/mentor/tilgjengelighet/"' in dashboard

    # The profile page starts from the defaults with her partner, "I take new mentees" ticked.
    page = browser.get("/nb/mentor/profil/").content.decode()
    assert re.search(r'<option value="asker_naeringsforening"[^>]*selected', page)
    assert re.search(r'name="is_active"[^>]*checked', page)
    response = browser.post(
        "/nb/mentor/profil/",
        {
            "headline": "Finansiering og anbud",
            "bio": "Tjue år i bank.",
            "expertise": ["finance", "public_procurement"],
            "languages": ["nb", "en"],
            "partner": "asker_naeringsforening",
            "max_mentees": 3,
            "max_hours_per_month": 6,
            "session_minutes": 60,
            "buffer_minutes": 15,
            "min_notice_hours": 24,
            "max_sessions_per_day": 3,
            "booking_window_days": 56,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/nb/mentor/tilgjengelighet/"  # next: her hours
    profile = MentorProfile.objects.get(user=mona)
    assert profile.is_active and profile.headline == "Finansiering og anbud"
    assert profile.partner == "asker_naeringsforening"
    dashboard = browser.get("/nb/min-side/").content.decode()
    assert "Mentorprofilen din er ikke fullført ennå." not in dashboard


@pytest.mark.parametrize("email", ["kari@example.no", "KARI@Example.no"])
def test_an_address_in_use_is_a_form_error_and_nothing_is_saved(
    staff_client, django_capture_on_commit_callbacks, email
):
    UserFactory(email="kari@example.no")
    users, changes = User.objects.count(), RoleChange.objects.count()
    response = _invite(staff_client, django_capture_on_commit_callbacks, email=email)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Noen har allerede en konto med denne adressen." in body
    assert 'value="Mona Mentor"' in body  # what was typed is kept
    assert User.objects.count() == users
    assert RoleChange.objects.count() == changes
    assert not MentorProfile.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_bad_input_is_answered_on_the_form(staff_client, django_capture_on_commit_callbacks):
    response = _invite(
        staff_client,
        django_capture_on_commit_callbacks,
        full_name="",
        email="ikke-en-adresse",
        partner="ukjent",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dette feltet er påkrevet." in body
    assert "Oppgi en gyldig e-postadresse" in body
    assert "Velg et gyldig valg." in body
    assert not User.objects.filter(email="ikke-en-adresse").exists()
    assert not Notification.objects.exists()


def test_only_house_staff_may_invite(client):
    client.force_login(EditorFactory())
    response = client.post(URL, {"full_name": "X", "email": "x@example.no", "partner": "house"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.no").exists()
    with pytest.raises(PermissionDenied):
        mentor_invite(
            full_name="X", email="x@example.no", partner="house", by=UserFactory(role="mentor")
        )
    assert not User.objects.filter(email="x@example.no").exists()
