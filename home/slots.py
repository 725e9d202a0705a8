"""Slots on the home page (upcoming events, free seats, …) that other apps fill.

An app registers a function in its AppConfig.ready(); the function takes the request and the
home page and returns ``(template_name, context)`` or ``None``.
"""

from django.template.loader import render_to_string

_slots: dict[str, tuple[int, object]] = {}


def register(key, build, *, order=100):
    _slots[key] = (order, build)


def render_all(request, *, page):
    html = []
    for _order, build in sorted(_slots.values(), key=lambda item: item[0]):
        result = build(request, page)
        if result is not None:
            template_name, context = result
            html.append(render_to_string(template_name, context, request=request))
    return html
