from django import template
from django.utils import dateformat, timezone
from django.utils.translation import pgettext

register = template.Library()


def _fmt(dt, fmt):
    return dateformat.format(timezone.localtime(dt), fmt)


@register.filter
def when(event):
    """The event's time in Europe/Oslo with the zone shown, one day or spanning several."""
    day = pgettext("date format", "l j F Y")
    clock = "H:i"
    zone = _fmt(event.start, "T")
    if event.is_multi_day:
        return pgettext(
            "multi-day event", "%(start_day)s %(start)s – %(end_day)s %(end)s (%(zone)s)"
        ) % {
            "start_day": _fmt(event.start, day),
            "start": _fmt(event.start, clock),
            "end_day": _fmt(event.end, day),
            "end": _fmt(event.end, clock),
            "zone": zone,
        }
    return pgettext("one-day event", "%(day)s, %(start)s–%(end)s (%(zone)s)") % {
        "day": _fmt(event.start, day),
        "start": _fmt(event.start, clock),
        "end": _fmt(event.end, clock),
        "zone": zone,
    }


@register.filter
def oslo(dt):
    if not dt:
        return ""
    return _fmt(dt, pgettext("date and time format", "j F Y, H:i (T)"))


@register.filter
def tr(obj, field):
    return obj.tr(field)


@register.filter
def places_left(event):
    from ..selectors import places_left as _places_left

    return _places_left(event)
