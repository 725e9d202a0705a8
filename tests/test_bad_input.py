"""Forged input answered in the visitor's language: control characters in the address, ids too
large for any column, a "next" that is no address, dates outside the platform's window."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django import forms
from django.test import override_settings
from django.utils import translation

from grunderhus.forms import DATE_MAX, DATE_MIN, BoundedDateField, BoundedDateTimeField
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/nb/arrangementer/pamelding/%00/",
        "/nb/arrangementer/bekreft/%00/",
        "/nb/kalender/%00.ics",
        "/nb/kalender/a%1Fb.ics",
        "/nb/sok/?q=%00",
        "/nb/sok/?q=a%00b",
        "/nb/sok/?%00=a",
        "/nb/sok/?q=%7F",
    ],
)
def test_control_characters_in_the_address_are_a_400_in_norwegian(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Vi kunne ikke lese forespørselen" in response.content.decode()
    assert response["Content-Language"] == "nb"


def test_the_400_page_speaks_the_language_of_the_path(client):
    response = client.get("/en/sok/?q=%00")
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_line_breaks_and_tabs_in_a_query_value_are_text(client):
    assert client.get("/nb/sok/?q=gr%C3%BCnder%0D%0Ahus%09asker").status_code == 200


def test_an_id_too_large_for_any_column_is_not_found(client):
    staff = UserFactory(role="staff", is_staff=True)
    client.force_login(staff)
    huge = "9" * 30
    assert client.get(f"/admin/plasser/soknad/{huge}/").status_code == 404
    assert client.post(f"/admin/arrangementer/{huge}/innsjekk/1/").status_code == 404


def test_a_next_that_no_page_sends_is_ignored(client):
    user = UserFactory()
    client.force_login(user)
    # Django would look "abc" up as a view's name after signing out; the default applies.
    response = client.post("/nb/accounts/logout/", {"next": "abc"})
    assert response.status_code == 302


class DatesForm(forms.Form):
    day = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = BoundedDateTimeField(required=False)


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (DATE_MIN.isoformat(), True),
        (DATE_MAX.isoformat(), True),
        ((DATE_MIN - timedelta(days=1)).isoformat(), False),
        ("0001-01-01", False),
        ("9999-12-31", False),
    ],
)
def test_a_date_outside_the_window_is_a_message_on_the_field(day, ok):
    with translation.override("nb"):
        form = DatesForm({"day": day})
        assert form.is_valid() is ok
        if not ok:
            assert form.errors["day"] == [
                "Oppgi en dato mellom 1. januar 2000 og 31. desember 2099."
            ]


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
        "9999-12-31T23:59:59-14:00",  # after year 9999 in UTC
        "9999-12-31T23:30:00+00:00",  # after year 9999 in Oslo
        "2100-01-01T00:30:00+01:00",
        "1999-12-31 23:59",
    ],
)
def test_a_moment_outside_the_window_is_a_message_on_the_field(moment):
    form = DatesForm({"day": "2026-05-24", "moment": moment})
    assert not form.is_valid()
    assert form.errors["moment"] == [
        "Oppgi dato og tid mellom 1. januar 2000 og 31. desember 2099."
    ]


def test_a_moment_keeps_its_offset_and_a_bare_one_is_oslo_time():
    form = DatesForm({"day": "2026-05-24", "moment": "2026-05-24T09:00:00-14:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["moment"] == datetime(2026, 5, 24, 23, tzinfo=UTC)
    form = DatesForm({"day": "2026-05-24", "moment": "2026-05-24 09:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["moment"].utcoffset() == timedelta(hours=2)


def test_date_inputs_carry_the_window_for_the_browser():
    html = str(DatesForm()["day"])
    assert 'min="2000-01-01"' in html and 'max="2099-12-31"' in html


def test_the_admin_model_forms_get_the_bounded_fields():
    from wagtail.admin.forms.models import registry

    from events.models import Event

    field = Event._meta.get_field("start")
    assert registry.get(field)["form_class"] is BoundedDateTimeField
    assert registry.get(Event._meta.get_field("created_at"))["form_class"] is BoundedDateTimeField


@override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False)
def test_an_event_dated_in_year_9999_is_refused_in_the_admin(client):
    from tests.factories.events import EventFactory

    event = EventFactory()
    client.force_login(UserFactory(role="staff", is_staff=True))
    url = f"/admin/snippets/events/event/edit/{event.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "title": event.title,
            "slug": event.slug,
            "start": "9999-12-31 23:59",
            "end": "9999-12-31 23:59",
            "venue": event.venue,
            "audience": event.audience,
            "topic": event.topic,
            "status": event.status,
        },
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.start.year < 9999
    assert date(2000, 1, 1) <= event.start.astimezone(UTC).date()


@pytest.mark.parametrize("query", ['"Nyhet"', '=HYPERLINK("https://x.no";"k")', '"', ' " '])
def test_a_search_with_quotes_answers_with_results(client, query):
    from tests.factories.home import NewsPageFactory, site_tree

    tree = site_tree()
    NewsPageFactory(parent=tree.news_index, title="Nyhet om sirkulærøkonomi")
    response = client.get("/nb/sok/", {"q": query})
    assert response.status_code == 200
    assert ("Nyhet om sirkulærøkonomi" in response.content.decode()) is (query == '"Nyhet"')
