import io

import pytest

from mentoring import demo
from mentoring.models import Match, MentorProfile, Session


@pytest.mark.django_db
def test_demo_loads_twice_without_duplicates():
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert MentorProfile.objects.count() == 4
    assert Match.objects.filter(status="accepted").count() == 1
    assert Session.objects.count() == 1
