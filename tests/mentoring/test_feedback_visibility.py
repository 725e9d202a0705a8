"""Who reads mentees' feedback: house staff all of it, a mentor their own sessions' only. The
admin flag (``is_staff``) that editors hold grants nothing here."""

from datetime import datetime

import pytest
from django.urls import reverse

from community import roles
from community.services import roles_ensure
from mentoring import selectors
from mentoring.models import Feedback
from mentoring.slots import OSLO
from tests.factories.community import UserFactory
from tests.factories.mentoring import MentorProfileFactory, SessionFactory

pytestmark = pytest.mark.django_db
START = datetime(2027, 3, 10, 10, tzinfo=OSLO)


def _mentor_with(role):
    user = UserFactory(role=role)
    user.groups.add(roles_ensure()[roles.MENTOR])
    return MentorProfileFactory(user=user)


@pytest.fixture
def feedback():
    mine = SessionFactory(start=START, match__mentor=_mentor_with(roles.EDITOR))
    theirs = SessionFactory(start=START)
    Feedback.objects.create(session=mine, author=mine.mentee, rating=5, comment="Supert")
    Feedback.objects.create(session=theirs, author=theirs.mentee, rating=2, comment="Hemmelig")
    return mine, theirs


def test_an_editor_who_mentors_sees_only_feedback_on_own_sessions(client, feedback):
    mine, _theirs = feedback
    editor = mine.mentor.user
    assert editor.is_staff  # Wagtail's admin flag, which editors hold
    comments = {f.comment for f in selectors.feedback_visible_to(editor)}
    assert comments == {"Supert"}
    client.force_login(editor)
    body = client.get(reverse("mentoring:mentor_feedback")).content.decode()
    assert "Supert" in body and "Hemmelig" not in body
    assert client.get(reverse("mentoring_admin:report")).status_code in (302, 403)


def test_house_staff_see_all_feedback_but_their_mentor_page_shows_their_own(client, feedback):
    _mine, theirs = feedback
    staff_mentor = _mentor_with(roles.STAFF)
    session = SessionFactory(start=START, match__mentor=staff_mentor)
    Feedback.objects.create(session=session, author=session.mentee, rating=4, comment="Nyttig")
    comments = {f.comment for f in selectors.feedback_visible_to(staff_mentor.user)}
    assert comments == {"Supert", "Hemmelig", "Nyttig"}
    client.force_login(staff_mentor.user)
    body = client.get(reverse("mentoring:mentor_feedback")).content.decode()
    assert "Nyttig" in body and "Hemmelig" not in body and "Supert" not in body


def test_a_superuser_sees_all_feedback(feedback):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert {f.comment for f in selectors.feedback_visible_to(superuser)} == {"Supert", "Hemmelig"}
    inactive = UserFactory(is_superuser=True, is_staff=True, is_active=False)
    assert list(selectors.feedback_visible_to(inactive)) == []
