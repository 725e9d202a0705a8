"""Organisation numbers: one stored spelling (nine ASCII digits) whichever way they come in."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from community import services
from community.models import Startup, normalise_org_number, org_number_is_valid
from community.seats_forms import SeatApplyForm
from tests.factories.community import StaffFactory

pytestmark = pytest.mark.django_db

ASCII = "974760673"
FULL_WIDTH = "９７４ ７６０ ６７３"  # NFKC turns these into ASCII digits
ARABIC_INDIC = "٩٧٤٧٦٠٦٧٣"  # NFKC leaves these alone; int() and isdigit() accept them
PERSIAN = "۹۷۴۷۶۰۶۷۳"
DEVANAGARI = "९७४७६०६७३"
NINE_DIGITS_NB = "ni sifre"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("974 760 673", ASCII),
        (FULL_WIDTH, ASCII),
        ("974\u00a0760\u202f673", ASCII),  # no-break spaces, as copied from a web page
        (" 974760673\t", ASCII),
        (ARABIC_INDIC, ARABIC_INDIC),  # not ASCII after normalising: validation refuses it
        ("", ""),
        (None, ""),
    ],
)
def test_normalise(typed, stored):
    assert normalise_org_number(typed) == stored


@pytest.mark.parametrize(
    "value", [ARABIC_INDIC, PERSIAN, DEVANAGARI, "９７４７６０６７３", "97476067３"]
)
def test_only_ascii_digits_are_valid(value):
    assert int(value) == 974760673  # what made them slip through
    assert org_number_is_valid(value) is False


def test_service_stores_full_width_digits_as_ascii(user):
    startup = services.startup_create(name="Bred AS", org_number=FULL_WIDTH, members=[user])
    startup.refresh_from_db()
    assert startup.org_number == ASCII


@pytest.mark.parametrize("value", [ARABIC_INDIC, PERSIAN, DEVANAGARI])
def test_service_refuses_other_scripts_digits_and_saves_nothing(user, value):
    with pytest.raises(ValidationError) as exc:
        services.startup_create(name="Annen AS", org_number=value, members=[user])
    assert "org_number" in exc.value.message_dict
    assert not Startup.objects.exists()


def test_the_same_number_typed_another_way_is_the_same_company(user):
    services.startup_create(name="Første AS", org_number=ASCII, members=[user])
    with pytest.raises(ValidationError):
        services.startup_create(name="Andre AS", org_number=FULL_WIDTH, members=[user])
    with pytest.raises(ValidationError):
        services.startup_create(name="Tredje AS", org_number=ARABIC_INDIC, members=[user])
    assert list(Startup.objects.values_list("org_number", flat=True)) == [ASCII]


def test_model_full_clean_normalises():
    startup = Startup(name="Modell AS", org_number=FULL_WIDTH)
    startup.full_clean()
    assert startup.org_number == ASCII
    with pytest.raises(ValidationError):
        Startup(name="Modell AS", org_number=ARABIC_INDIC).full_clean()


def _apply_form(user, org_number):
    return SeatApplyForm(
        {
            "startup_name": "Sirkel AS",
            "org_number": org_number,
            "sector": "circular",
            "stage": "idea",
            "motivation": "Fellesskap.",
            "desired_start": "2099-01-01",
        },
        user=user,
    )


def test_application_form_normalises_full_width_digits(user):
    form = _apply_form(user, FULL_WIDTH)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["org_number"] == ASCII


@pytest.mark.parametrize(("language", "words"), [("nb", NINE_DIGITS_NB), ("en", "nine digits")])
def test_application_form_refuses_arabic_indic_digits_in_the_users_language(user, language, words):
    with translation.override(language):
        form = _apply_form(user, ARABIC_INDIC)
        assert not form.is_valid()
        assert words in form.errors["org_number"][0]


def test_application_page_refuses_arabic_indic_digits_and_saves_nothing(client, user):
    client.force_login(user)
    response = client.post(
        reverse("seat_apply"),
        {
            "startup_name": "Sirkel AS",
            "org_number": ARABIC_INDIC,
            "sector": "circular",
            "stage": "idea",
            "motivation": "Fellesskap.",
            "desired_start": "2099-01-01",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert NINE_DIGITS_NB in body and ARABIC_INDIC in body  # what was typed stays
    assert not Startup.objects.exists()


def _snippet_data(org_number):
    return {"name": "Snutt AS", "org_number": org_number, "sector": "other", "stage": "idea"}


def test_startup_snippet_normalises_and_refuses_like_the_rest(client):
    client.force_login(StaffFactory())
    url = reverse("wagtailsnippets_community_startup:add")
    response = client.post(url, _snippet_data(ARABIC_INDIC))
    assert response.status_code == 200
    assert NINE_DIGITS_NB in response.content.decode()
    assert not Startup.objects.exists()
    response = client.post(url, _snippet_data(FULL_WIDTH))
    assert response.status_code == 302
    assert Startup.objects.get().org_number == ASCII
