"""The controlled, bilingual vocabularies mentors and entrepreneurs choose from."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Expertise(models.TextChoices):
    CIRCULAR_ECONOMY = "circular_economy", _("circular economy")
    TOURISM = "tourism", _("tourism and experiences")
    SOCIAL = "social_entrepreneurship", _("social entrepreneurship")
    FINANCE = "finance", _("financing and grants")
    PROCUREMENT = "public_procurement", _("public procurement")
    MARKETING = "marketing", _("marketing")
    SALES = "sales", _("sales")
    LAW = "law", _("law")
    TECHNOLOGY = "technology", _("technology")
    STRATEGY = "strategy", _("strategy and business models")
    LEADERSHIP = "leadership", _("leadership and teams")
    EXPORT = "export", _("export and international growth")


class Sector(models.TextChoices):
    CIRCULAR = "circular", _("circular economy and environment")
    TOURISM = "tourism", _("tourism and experiences")
    SOCIAL = "social", _("social and health")
    TECH = "tech", _("technology and software")
    FOOD = "food", _("food and drink")
    CREATIVE = "creative", _("creative industries")
    RETAIL = "retail", _("retail and services")
    OTHER = "other", _("other")


class Language(models.TextChoices):
    NB = "nb", pgettext_lazy("spoken language", "Norwegian")
    EN = "en", pgettext_lazy("spoken language", "English")
    SV = "sv", pgettext_lazy("spoken language", "Swedish")
    DA = "da", pgettext_lazy("spoken language", "Danish")
    DE = "de", pgettext_lazy("spoken language", "German")
    PL = "pl", pgettext_lazy("spoken language", "Polish")
    AR = "ar", pgettext_lazy("spoken language", "Arabic")
    UK = "uk", pgettext_lazy("spoken language", "Ukrainian")


class Partner(models.TextChoices):
    HOUSE = "house", _("RE Gründerhus")
    ASKER_NF = "asker_naeringsforening", _("Asker Næringsforening")
    BAERUM_NR = "baerum_naeringsrad", _("Bærum Næringsråd")
    CLUSTER = "cluster", _("Cluster partner")
    OTHER = "other", _("Other partner")


def labels(choices_cls, values):
    """Human labels for stored values, in the active language, in a stable order."""
    known = dict(choices_cls.choices)
    return [str(known[v]) for v in values if v in known]
