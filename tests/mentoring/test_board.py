"""The staff matching board and the matcher's database inputs."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring import services
from mentoring.models import ConflictOfInterest, Match, MentoringRequest
from tests.factories.community import UserFactory
from tests.factories.mentoring import (
    EntrepreneurFactory,
    MatchFactory,
    MentoringRequestFactory,
    MentorProfileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role="staff", is_staff=True)


def test_run_respects_conflicts_language_and_capacity(staff):
    good = MentorProfileFactory(expertise=["finance"], languages=["nb"], max_mentees=1)
    english_only = MentorProfileFactory(expertise=["finance"], languages=["en"])
    full = MentorProfileFactory(expertise=["finance"], languages=["nb"], max_mentees=1)
    MatchFactory(mentor=full)  # its only place is taken
    inactive = MentorProfileFactory(expertise=["finance"], languages=["nb"], is_active=False)
    r1 = MentoringRequestFactory(topics=["finance"])
    r2 = MentoringRequestFactory(topics=["finance"])
    ConflictOfInterest.objects.create(mentor=good, entrepreneur=r2.entrepreneur)
    made = services.matching_run(by=staff)
    assert [(m.request_id, m.mentor_id) for m in made] == [(r1.pk, good.pk)]
    assert {english_only.pk, full.pk, inactive.pk}.isdisjoint({m.mentor_id for m in made})
    # Running again proposes nothing new: r1 has a live proposal, r2 has no allowed mentor.
    assert services.matching_run(by=staff) == []


def test_rejected_pair_is_not_proposed_again(staff):
    mentor = MentorProfileFactory()
    req = MentoringRequestFactory()
    [match] = services.matching_run(by=staff)
    services.match_reject(match=match, by=staff)
    assert services.matching_run(by=staff) == []
    other = MentorProfileFactory()
    [again] = services.matching_run(by=staff)
    assert again.mentor_id == other.pk and again.request_id == req.pk
    del mentor


def test_same_startup_is_a_hard_exclusion(staff):
    from django.apps import apps

    try:
        startup_model = apps.get_model("community", "Startup")
    except LookupError:
        pytest.skip("community.Startup is not installed")
    mentor = MentorProfileFactory()
    req = MentoringRequestFactory()
    fields = {f.name for f in startup_model._meta.get_fields()}
    members = next((n for n in ("members", "team", "team_members") if n in fields), None)
    if members is None:
        pytest.skip("community.Startup has no team members relation")
    required = {
        f.name: "x"
        for f in startup_model._meta.concrete_fields
        if not f.null
        and not f.has_default()
        and not f.primary_key
        and f.get_internal_type() in ("CharField", "SlugField", "TextField")
    }
    startup = startup_model.objects.create(**required)
    getattr(startup, members).add(req.entrepreneur, mentor.user)
    assert services.matching_run(by=staff) == []


def test_board_flow_approve_accept_and_both_told(client, staff, django_capture_on_commit_callbacks):
    mentor = MentorProfileFactory()
    req = MentoringRequestFactory()
    client.force_login(staff)
    assert client.post(reverse("mentoring_admin:run")).status_code == 302
    match = Match.objects.get()
    page = client.get(reverse("mentoring_admin:board")).content.decode()
    assert "felles: sirkulær økonomi, finansiering og tilskudd; begge snakker norsk" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentoring_admin:decide", args=[match.pk]), {"action": "approve"})
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    client.force_login(mentor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentoring:match_answer", args=[match.pk]), {"answer": "accept"})
    match.refresh_from_db()
    req.refresh_from_db()
    assert match.status == "accepted" and req.status == MentoringRequest.Status.MATCHED
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(
        [mentor.user.email, req.entrepreneur.email]
    )


def test_change_to_a_mentor_without_the_language_is_refused(client, staff):
    MentorProfileFactory()
    english = MentorProfileFactory(languages=["en"])
    MentoringRequestFactory()
    [match] = services.matching_run(by=staff)
    client.force_login(staff)
    response = client.post(
        reverse("mentoring_admin:decide", args=[match.pk]),
        {"action": "change", "mentor": english.pk},
        follow=True,
    )
    assert (
        "does not speak" in response.content.decode() or "snakker ikke" in response.content.decode()
    )
    match.refresh_from_db()
    assert match.status == "proposed"


def test_board_is_staff_only(client):
    client.force_login(EntrepreneurFactory(is_staff=True))
    assert client.get(reverse("mentoring_admin:board")).status_code in (302, 403)
    assert client.post(reverse("mentoring_admin:run")).status_code in (302, 403)
    assert not Match.objects.exists()


def test_board_query_count_does_not_grow(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = reverse("mentoring_admin:board")
    for _ in range(3):
        MatchFactory(status="proposed", request__status="open")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(27):
        MatchFactory(status="proposed", request__status="open")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_report_shows_hours_and_all_feedback_to_staff(client, staff):
    from datetime import datetime

    from mentoring.models import Feedback
    from mentoring.slots import OSLO
    from tests.factories.mentoring import SessionFactory

    session = SessionFactory(start=datetime(2026, 1, 5, 10, tzinfo=OSLO))
    Feedback.objects.create(session=session, author=session.mentee, rating=4, comment="Nyttig")
    client.force_login(staff)
    body = client.get(reverse("mentoring_admin:report")).content.decode()
    assert "Nyttig" in body and session.mentee.full_name in body
    assert "1,0" in body  # one hour held
