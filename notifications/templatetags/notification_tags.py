"""Times for people: Europe/Oslo, in the active language, with the zone always shown.

{% load notification_tags %}{{ dt|oslo }} -> "24. mai 2027 kl. 09:00 (CEST)" (nb) /
"24 May 2027, 09:00 (CEST)" (en). ``oslo_date`` and ``oslo_time`` give the halves.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

register = template.Library()

OSLO = ZoneInfo("Europe/Oslo")

_FORMATS = {
    # (date, time, joiner)
    "nb": ("j. F Y", "H:i", "{date} kl. {time} ({zone})"),
    "en": ("j F Y", "H:i", "{date}, {time} ({zone})"),
}


def _parts(value: datetime):
    local = value.astimezone(OSLO) if timezone.is_aware(value) else value.replace(tzinfo=OSLO)
    language = (translation.get_language() or "nb").split("-")[0]
    date_fmt, time_fmt, joiner = _FORMATS.get(language, _FORMATS["nb"])
    return local, date_fmt, time_fmt, joiner


def oslo_format(value: datetime) -> str:
    """A moment as Oslo wall-clock time with its zone abbreviation (CET or CEST)."""
    if not value:
        return ""
    local, date_fmt, time_fmt, joiner = _parts(value)
    return joiner.format(
        date=date_format(local, date_fmt),
        time=date_format(local, time_fmt),
        zone=local.tzname(),
    )


@register.filter
def oslo(value):
    return oslo_format(value)


@register.filter
def oslo_date(value):
    if not value:
        return ""
    local, date_fmt, _t, _j = _parts(value)
    return date_format(local, date_fmt)


@register.filter
def oslo_time(value):
    """Time of day with the zone: "09:00 (CEST)"."""
    if not value:
        return ""
    local, _d, time_fmt, _j = _parts(value)
    return f"{date_format(local, time_fmt)} ({local.tzname()})"
