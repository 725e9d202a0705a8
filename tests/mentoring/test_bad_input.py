"""Forged input on the mentoring pages: a 404 or a message in Norwegian, nothing saved."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from mentoring import services
from mentoring.models import DateOverride, Match, Session
from mentoring.slots import OSLO
from tests.factories.community import UserFactory
from tests.factories.mentoring import MatchFactory, MentoringRequestFactory, MentorProfileFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 22, 8, tzinfo=OSLO)
FORGED_STARTS = [
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:30:00+00:00",
    "2027-03-24T10:00:00+99:00",
    "i morgen",
]


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("start", FORGED_STARTS)
def test_booking_a_forged_start_is_refused_on_the_slot_picker(client, start):
    match = MatchFactory()
    client.force_login(match.request.entrepreneur)
    url = reverse("mentoring:book", kwargs={"pk": match.pk})
    response = client.post(url, {"start": start, "place": "room", "agenda": "Plan"})
    assert response.status_code == 200
    assert "Velg et tidspunkt fra listen." in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize("start", FORGED_STARTS)
def test_moving_to_a_forged_start_is_refused_and_the_session_stays(client, start):
    match = MatchFactory()
    session = services.session_book(
        match=match,
        start=datetime(2027, 3, 24, 10, tzinfo=OSLO),
        agenda="Plan",
        by=match.request.entrepreneur,
    )
    client.force_login(match.request.entrepreneur)
    url = reverse("mentoring:session_move", kwargs={"pk": session.pk})
    response = client.post(url, {"start": start})
    assert response.status_code == 200
    assert "Velg et tidspunkt fra listen." in response.content.decode()
    session.refresh_from_db()
    assert session.start == datetime(2027, 3, 24, 10, tzinfo=OSLO) and session.sequence == 0


@pytest.mark.parametrize("value", ["", "abc", "1.5", "\x00", "9" * 30, "-1"])
def test_removing_a_date_that_is_no_id_is_not_found(client, value):
    mentor = MentorProfileFactory()
    DateOverride.objects.create(mentor=mentor, date=date(2027, 3, 29), kind="off")
    client.force_login(mentor.user)
    url = reverse("mentoring:availability")
    response = client.post(url, {"action": "remove", "override": value})
    assert response.status_code == 404
    assert mentor.overrides.count() == 1


def test_a_mentor_removes_only_their_own_dates(client):
    mentor, other = MentorProfileFactory(), MentorProfileFactory()
    mine = DateOverride.objects.create(mentor=mentor, date=date(2027, 3, 29), kind="off")
    theirs = DateOverride.objects.create(mentor=other, date=date(2027, 3, 29), kind="off")
    client.force_login(mentor.user)
    url = reverse("mentoring:availability")
    assert client.post(url, {"action": "remove", "override": theirs.pk}).status_code == 404
    assert client.post(url, {"action": "remove", "override": mine.pk}).status_code == 302
    assert list(DateOverride.objects.all()) == [theirs]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2027-02-30"])
def test_a_date_off_outside_the_window_is_a_message_on_the_field(client, day):
    mentor = MentorProfileFactory()
    client.force_login(mentor.user)
    url = reverse("mentoring:availability")
    response = client.post(url, {"action": "override", "o-date": day, "o-kind": "off"})
    assert response.status_code == 200
    assert 'class="field field-error' in response.content.decode()
    assert not mentor.overrides.exists()


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(role="staff", is_staff=True))
    return client


@pytest.mark.parametrize(
    ("mentor", "message"),
    [
        ("abc", "Velg en mentor fra listen."),
        ("1.5", "Velg en mentor fra listen."),
        ("", "Velg en mentor fra listen."),
        ("9" * 30, "Velg en mentor fra listen."),
        ("\x00", "Null-tegn er ikke tillatt."),
    ],
)
def test_the_board_answers_a_mentor_that_is_no_mentor_with_a_message(staff_client, mentor, message):
    proposal = MatchFactory(status=Match.Status.PROPOSED)
    request = MentoringRequestFactory()
    for url, data in [
        (reverse("mentoring_admin:decide", args=[proposal.pk]), {"action": "change"}),
        (reverse("mentoring_admin:propose", args=[request.pk]), {}),
    ]:
        response = staff_client.post(url, {**data, "mentor": mentor}, follow=True)
        assert response.status_code == 200
        assert message in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Match.Status.PROPOSED
    assert not request.matches.exists()


def test_the_board_still_changes_and_proposes_with_a_mentor_from_the_list(staff_client):
    proposal = MatchFactory(status=Match.Status.PROPOSED)
    request = MentoringRequestFactory()
    other = MentorProfileFactory()
    staff_client.post(
        reverse("mentoring_admin:decide", args=[proposal.pk]),
        {"action": "change", "mentor": other.pk},
    )
    staff_client.post(reverse("mentoring_admin:propose", args=[request.pk]), {"mentor": other.pk})
    assert Match.objects.filter(mentor=other).count() == 2
