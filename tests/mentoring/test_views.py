"""Pages: who may see what, bad input answered in place, list pages in constant queries."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import Feedback, MentoringRequest, Session
from mentoring.slots import OSLO
from tests.factories.mentoring import (
    EntrepreneurFactory,
    MatchFactory,
    MentorFactory,
    MentorProfileFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 22, 8, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def test_entrepreneur_requests_a_mentor_and_bad_input_keeps_what_was_typed(client):
    user = EntrepreneurFactory()
    client.force_login(user)
    url = reverse("mentoring:request_create")
    response = client.post(
        url, {"goals": "Vokse i Asker", "preferred_language": "nb", "sector": "circular"}
    )
    assert response.status_code == 200
    assert "Vokse i Asker" in response.content.decode()
    assert (
        'aria-invalid="true"' in response.content.decode() or "error" in response.content.decode()
    )
    assert not MentoringRequest.objects.exists()
    response = client.post(
        url,
        {
            "goals": "Vokse i Asker",
            "preferred_language": "nb",
            "sector": "circular",
            "topics": ["finance", "law"],
        },
    )
    assert response.status_code == 302
    req = MentoringRequest.objects.get()
    assert req.topics == ["finance", "law"] and req.entrepreneur == user


def test_mentor_cannot_open_request_form(client):
    client.force_login(MentorFactory())
    assert client.get(reverse("mentoring:request_create")).status_code == 403


def test_booking_page_lists_slots_with_zone_and_books(client):
    match = MatchFactory()
    client.force_login(match.request.entrepreneur)
    url = reverse("mentoring:book", kwargs={"pk": match.pk})
    page = client.get(url).content.decode()
    assert "(CET)" in page and "(CEST)" in page  # the window spans the DST change
    start = datetime.combine(date(2027, 3, 24), time(10), tzinfo=OSLO).isoformat()
    response = client.post(url, {"start": start, "place": "room", "agenda": "Budsjett"})
    assert response.status_code == 302
    assert Session.objects.filter(mentee=match.request.entrepreneur).count() == 1


def test_booking_a_taken_slot_answers_with_fresh_slots(client):
    match = MatchFactory()
    other = MatchFactory(mentor=match.mentor)
    start = datetime.combine(date(2027, 3, 24), time(10), tzinfo=OSLO)
    SessionFactory(match=other, start=start)
    client.force_login(match.request.entrepreneur)
    response = client.post(
        reverse("mentoring:book", kwargs={"pk": match.pk}),
        {"start": start.isoformat(), "place": "room", "agenda": "Plan"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else just booked this time" in body or "Noen andre" in body
    assert 'value="' + start.isoformat() + '"' not in body  # no longer offered
    assert "Plan" in body


@pytest.mark.parametrize("name", ["book", "match_answer"])
def test_others_matches_are_404(client, name):
    match = MatchFactory()
    client.force_login(EntrepreneurFactory())
    url = reverse(f"mentoring:{name}", kwargs={"pk": match.pk})
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", ["session_cancel", "session_move", "feedback"])
def test_others_sessions_are_404(client, name):
    session = SessionFactory(start=datetime(2027, 3, 24, 10, tzinfo=OSLO))
    client.force_login(EntrepreneurFactory())
    assert client.get(reverse(f"mentoring:{name}", kwargs={"pk": session.pk})).status_code == 404
    # Another mentor cannot reach it either.
    client.force_login(MentorProfileFactory().user)
    assert client.get(reverse(f"mentoring:{name}", kwargs={"pk": session.pk})).status_code == 404


def test_mentee_sees_only_own_sessions_and_mentor_only_own_mentees(client):
    mine = SessionFactory(start=datetime(2027, 3, 24, 10, tzinfo=OSLO))
    theirs = SessionFactory(start=datetime(2027, 3, 24, 10, tzinfo=OSLO), agenda="Hemmelig")
    client.force_login(mine.mentee)
    body = client.get(reverse("mentoring:sessions")).content.decode()
    assert mine.agenda in body and "Hemmelig" not in body
    client.force_login(mine.mentor.user)
    body = client.get(reverse("mentoring:sessions")).content.decode()
    assert mine.mentee.full_name in body and theirs.mentee.full_name not in body
    body = client.get(reverse("mentoring:overview")).content.decode()
    assert mine.mentee.full_name in body and theirs.mentee.full_name not in body


def test_mentor_sees_only_feedback_on_own_sessions(client):
    mine = SessionFactory(start=datetime(2027, 3, 10, 10, tzinfo=OSLO))
    theirs = SessionFactory(start=datetime(2027, 3, 10, 10, tzinfo=OSLO))
    Feedback.objects.create(session=mine, author=mine.mentee, rating=5, comment="Supert")
    Feedback.objects.create(session=theirs, author=theirs.mentee, rating=2, comment="Hemmelig")
    client.force_login(mine.mentor.user)
    body = client.get(reverse("mentoring:mentor_feedback")).content.decode()
    assert "Supert" in body and "Hemmelig" not in body
    client.force_login(mine.mentee)
    assert client.get(reverse("mentoring:mentor_feedback")).status_code == 403


def _sessions(n, mentor, first=0):
    for i in range(first, first + n):
        match = MatchFactory(mentor=mentor)
        SessionFactory(
            match=match, start=datetime(2027, 1, 1 + i % 28, 8 + 2 * (i // 28), tzinfo=OSLO)
        )


def test_session_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    mentor = MentorProfileFactory(max_mentees=40)
    client.force_login(mentor.user)
    url = reverse("mentoring:sessions")
    _sessions(3, mentor)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm per-process caches (site, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _sessions(27, mentor, first=3)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count("<tr>") == 31
    assert len(many) == len(few)


def test_public_mentor_list_only_opt_in(client, django_assert_num_queries):
    MentorProfileFactory(headline="Synlig")
    MentorProfileFactory(headline="Skjult", is_public=False)
    body = client.get(reverse("mentoring:mentor_list")).content.decode()
    assert "Synlig" in body and "Skjult" not in body


def test_mentor_profile_without_language_is_refused(client):
    user = MentorFactory()
    client.force_login(user)
    response = client.post(
        reverse("mentoring:profile"),
        {
            "headline": "Jurist",
            "expertise": ["law"],
            "partner": "house",
            "max_mentees": 2,
            "max_hours_per_month": 4,
            "session_minutes": 60,
            "buffer_minutes": 10,
            "min_notice_hours": 24,
            "max_sessions_per_day": 2,
            "booking_window_days": 56,
        },
    )
    assert response.status_code == 200
    assert "Jurist" in response.content.decode()
    assert not hasattr(user, "mentor_profile") or not user.mentor_profile


def test_availability_page_refuses_overlap_and_saves(client):
    mentor = MentorProfileFactory(weekdays=[])
    client.force_login(mentor.user)
    url = reverse("mentoring:availability")
    response = client.post(
        url,
        {
            "action": "weekly",
            "w-d0_0_start": "09:00",
            "w-d0_0_end": "12:00",
            "w-d0_1_start": "11:00",
            "w-d0_1_end": "13:00",
        },
    )
    assert response.status_code == 200
    assert not mentor.rules.exists()
    response = client.post(
        url, {"action": "weekly", "w-d0_0_start": "09:00", "w-d0_0_end": "12:00"}
    )
    assert response.status_code == 302 and mentor.rules.count() == 1
    response = client.post(url, {"action": "override", "o-date": "2027-03-29", "o-kind": "off"})
    assert response.status_code == 302 and mentor.overrides.count() == 1


def test_dashboard_panel_shows_hours(client):
    session = SessionFactory(start=datetime(2027, 3, 1, 10, tzinfo=OSLO))
    client.force_login(session.mentee)
    body = client.get(reverse("dashboard")).content.decode()
    assert "1,0" in body


def test_move_and_cancel_pages(client):
    from mentoring import services

    match = MatchFactory()
    session = services.session_book(
        match=match,
        start=datetime(2027, 3, 24, 10, tzinfo=OSLO),
        agenda="Plan",
        by=match.request.entrepreneur,
    )
    client.force_login(match.request.entrepreneur)
    url = reverse("mentoring:session_move", kwargs={"pk": session.pk})
    page = client.get(url).content.decode()
    assert "(CET)" in page
    # A time outside the mentor's hours is refused in place, in Norwegian.
    bad = datetime(2027, 3, 24, 20, tzinfo=OSLO).isoformat()
    body = client.post(url, {"start": bad}).content.decode()
    assert "Mentoren er ikke tilgjengelig på dette tidspunktet." in body
    good = datetime(2027, 3, 25, 11, tzinfo=OSLO).isoformat()
    assert client.post(url, {"start": good}).status_code == 302
    session.refresh_from_db()
    assert session.start == datetime(2027, 3, 25, 11, tzinfo=OSLO) and session.sequence == 1
    # Inside 24 hours the entrepreneur may not cancel.
    with time_machine.travel(datetime(2027, 3, 24, 20, tzinfo=OSLO), tick=False):
        url = reverse("mentoring:session_cancel", kwargs={"pk": session.pk})
        body = client.post(url, {"reason": "Syk"}).content.decode()
        assert "inntil 24 timer før" in body
        session.refresh_from_db()
        assert session.status == "booked"
