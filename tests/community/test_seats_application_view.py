"""The staff view of one seat application shows every answer the applicant gave on the public
form: an application is posted through the form, then each answer is looked for on the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from community.models import SeatApplication, Startup
from community.seats_forms import SeatApplyForm
from tests.factories.community import EntrepreneurFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _labels(choices, values):
    with translation.override("nb"):
        labels = dict(choices)
        return [str(labels[v]) for v in values]


def test_staff_see_every_answer_given_on_the_public_form(client):
    applicant = UserFactory(full_name="Kari Nordmann", email="kari@example.no")
    partner = EntrepreneurFactory(full_name="Ola Hansen")
    start = datetime.date.today() + datetime.timedelta(days=30)
    answers = {
        "startup_name": "Sykkel & Sirkel AS",
        "org_number": "974 760 673",
        "sector": "tourism",
        "stage": "prototype",
        "website": "sykkelsirkel.example.no",
        "description": "Vi reparerer brukte sykler.\nOg leier dem ut til turister <i>i Asker</i>.",
        "motivation": "Vi trenger verksted og nettverk.\nOg en mentor for finansiering.",
        "guidance_topics": ["funding", "legal"],
        "desired_start": start.isoformat(),
    }
    # Every question on the form is answered here; a new question makes this test say so.
    assert set(SeatApplyForm(user=applicant).fields) == set(answers)

    client.force_login(applicant)
    with translation.override("nb"):
        apply_url = reverse("seat_apply")
    response = client.post(apply_url, answers)
    assert response.status_code == 302, response.content.decode()
    application = SeatApplication.objects.get(applicant=applicant)
    # A teammate joins the startup later; the staff see the whole team.
    application.startup.members.add(partner)

    client.force_login(StaffFactory())
    response = client.get(reverse("seats_admin:application", args=[application.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    expected = [
        "Sykkel &amp; Sirkel AS",
        "974760673",
        *_labels(Startup.Sector.choices, [answers["sector"]]),
        *_labels(Startup.Stage.choices, [answers["stage"]]),
        'href="https://sykkelsirkel.example.no"',
        *(escape(line) for line in answers["description"].splitlines()),
        *(escape(line) for line in answers["motivation"].splitlines()),
        *_labels(SeatApplication.Topic.choices, answers["guidance_topics"]),
        start.strftime("%d.%m.%Y"),
        "Kari Nordmann",
        "kari@example.no",
        "Ola Hansen",
    ]
    missing = [text for text in expected if text not in html]
    assert missing == []
    # The applicant's own words are shown as text, never as markup.
    assert "<i>i Asker</i>" not in html
    for label in ("Hva gjør oppstartsbedriften?", "Nettsted", "Fase", "Teammedlemmer"):
        assert f">{label}<" in html


def test_answers_left_empty_are_marked_not_missing(client):
    applicant = UserFactory()
    client.force_login(applicant)
    with translation.override("nb"):
        apply_url = reverse("seat_apply")
    client.post(
        apply_url,
        {
            "startup_name": "Tom AS",
            "sector": "other",
            "stage": "idea",
            "motivation": "Bare fordi.",
            "desired_start": (datetime.date.today() + datetime.timedelta(days=1)).isoformat(),
        },
    )
    application = SeatApplication.objects.get(applicant=applicant)
    client.force_login(StaffFactory())
    html = client.get(reverse("seats_admin:application", args=[application.pk])).content.decode()
    assert "<dt>Nettsted</dt><dd>–</dd>" in html
    assert "<dt>Organisasjonsnummer</dt><dd>–</dd>" in html
    assert "<dt>Ønsket veiledning</dt><dd>–</dd>" in html
