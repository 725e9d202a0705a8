"""The public seat pages: applying, 'Min side', withdrawing, offers, the directory."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import SeatAllocation, SeatApplication, Startup
from tests.factories.community import (
    DeskFactory,
    EntrepreneurFactory,
    SeatAllocationFactory,
    SeatApplicationFactory,
    StartupFactory,
)

pytestmark = pytest.mark.django_db
NEXT_YEAR = datetime.date.today().replace(day=1) + datetime.timedelta(days=400)


def _form(**overrides):
    data = {
        "startup_name": "Sirkel AS",
        "org_number": "974 760 673",
        "sector": "circular",
        "stage": "idea",
        "website": "https://sirkel.example.no",
        "description": "Gjenbruk av byggematerialer.",
        "motivation": "Vi trenger et fellesskap og veiledning.",
        "guidance_topics": ["funding", "circular"],
        "desired_start": NEXT_YEAR.isoformat(),
    }
    data.update(overrides)
    return data


def test_applying_needs_an_account(client):
    response = client.get(reverse("seat_apply"))
    assert response.status_code == 302
    assert "login" in response.url


def test_apply_creates_startup_and_application(client, user):
    client.force_login(user)
    response = client.post(reverse("seat_apply"), _form())
    application = SeatApplication.objects.get(applicant=user)
    assert response.status_code == 302
    assert response.url == reverse("seat_application_detail", args=[application.pk])
    assert application.startup.org_number == "974760673"
    assert application.guidance_topics == ["funding", "circular"]
    assert list(application.startup.members.all()) == [user]


def test_invalid_org_number_keeps_what_was_typed_and_saves_nothing(client, user):
    client.force_login(user)
    response = client.post(reverse("seat_apply"), _form(org_number="974760674"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "organisasjonsnummer" in body.lower()
    assert "Vi trenger et fellesskap og veiledning." in body
    assert 'aria-invalid="true"' in body
    assert not Startup.objects.exists()
    assert not SeatApplication.objects.exists()


def test_a_second_open_application_gets_a_clear_page(client, user):
    SeatApplicationFactory(applicant=user)
    client.force_login(user)
    response = client.post(reverse("seat_apply"), _form())
    assert response.status_code == 200
    assert "allerede" in response.content.decode()
    assert SeatApplication.objects.filter(applicant=user).count() == 1


def test_applicant_sees_only_their_own_application(client, user):
    mine = SeatApplicationFactory(applicant=user, staff_notes="Hemmelig notat")
    other = SeatApplicationFactory()
    client.force_login(user)
    response = client.get(reverse("seat_application_detail", args=[mine.pk]))
    assert response.status_code == 200
    assert "Hemmelig notat" not in response.content.decode()
    assert client.get(reverse("seat_application_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("seat_application_withdraw", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == "submitted"


def test_withdraw_own_application(client, user):
    mine = SeatApplicationFactory(applicant=user)
    client.force_login(user)
    client.post(reverse("seat_application_withdraw", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == "withdrawn"


def test_min_side_shows_status_and_desk(client, user):
    SeatApplicationFactory(applicant=user, status="accepted")
    SeatAllocationFactory(
        member=user, desk=DeskFactory(code="C-07"), start=datetime.date(2020, 1, 1)
    )
    client.force_login(user)
    body = client.get(reverse("dashboard")).content.decode()
    assert "C-07" in body
    assert "Akseptert" in body or "Accepted" in body


def test_someone_elses_offer_is_a_404(client, user):
    offer = SeatAllocationFactory(
        status="reserved",
        offer_deadline=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    client.force_login(user)
    response = client.post(reverse("seat_offer_respond", args=[offer.pk]), {"answer": "accept"})
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == SeatAllocation.Status.RESERVED


def test_directory_shows_only_what_startups_chose(client):
    StartupFactory(
        name="Synlig AS",
        listed=True,
        description="Vises",
        show_members=False,
        members=[EntrepreneurFactory(full_name="Skjult Person")],
    )
    StartupFactory(name="Usynlig AS", listed=False)
    StartupFactory(name="Kort AS", listed=True, description="Skjult tekst", show_description=False)
    body = client.get(reverse("startup_directory")).content.decode()
    assert "Synlig AS" in body and "Vises" in body
    assert "Usynlig AS" not in body
    assert "Skjult Person" not in body
    assert "Skjult tekst" not in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _listed(n):
    for _ in range(n):
        StartupFactory(listed=True, show_members=True, members=[EntrepreneurFactory()])


def test_directory_query_count_does_not_grow(client):
    url = reverse("startup_directory")
    _listed(3)
    _queries(client, url)
    few = _queries(client, url)
    _listed(27)
    assert _queries(client, url) == few
