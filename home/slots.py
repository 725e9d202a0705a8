"""Slots on the home page (upcoming events, free seats, …) that other apps fill.

An app registers a function in its AppConfig.ready(); the function takes the request and the
home page and returns ``(template_name, context)`` or ``None``.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

_slots: dict[str, tuple[int, object]] = {}


def register(key, build, *, order=100):
    _slots[key] = (order, build)


def render_all(request, *, page):
    """Each slot's HTML in order. A broken slot is logged and left out in production, so one
    app's failure does not take the whole front page down; under DEBUG it raises."""
    html = []
    for key, (_order, build) in sorted(_slots.items(), key=lambda item: item[1][0]):
        try:
            result = build(request, page)
            if result is not None:
                template_name, context = result
                html.append(render_to_string(template_name, context, request=request))
        except Exception:
            if settings.DEBUG:
                raise
            logger.exception("Home page slot %r failed", key)
    return html
