"""The staff start page: one panel on the Wagtail admin dashboard listing the work waiting for
house staff, with a count and a link to where each piece of work is done.

Community is the core every app may import, and it imports no feature app; so each app
registers what it has waiting in its AppConfig.ready()::

    register_work_item("mentoring", mentoring_work_items, order=30)

A builder takes the request and returns a list of ``WorkItem``. It reads with a fixed number
of queries (counts, not rows), so the panel's cost does not grow with the work. Only house
staff see the panel; nobody else's dashboard runs a builder.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from wagtail.admin.ui.components import Component

from .services import is_house_staff


@dataclass(frozen=True)
class WorkLink:
    """One case behind an item (an application, an event), with a short line about it."""

    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class WorkItem:
    """A kind of pending work: how much there is and where it is done.

    ``empty_text`` replaces the default "Nothing waiting" when the count is zero.
    """

    label: str
    count: int
    url: str
    empty_text: str = ""
    links: Sequence[WorkLink] = ()


@dataclass(frozen=True)
class _Source:
    key: str
    order: int
    build: Callable[[HttpRequest], list[WorkItem]]


_sources: dict[str, _Source] = {}


def register_work_item(key: str, build, *, order: int = 100) -> None:
    """Add (or replace, by ``key``) a builder of work items; lower ``order`` comes first."""
    _sources[key] = _Source(key=key, order=order, build=build)


def work_items_for(request: HttpRequest) -> list[WorkItem]:
    items = []
    for source in sorted(_sources.values(), key=lambda s: (s.order, s.key)):
        items.extend(source.build(request))
    return items


class StaffWorkPanel(Component):
    name = "staff_work"
    template_name = "community/admin/staff_work_panel.html"
    # Before Wagtail's own panels (workflow moderation starts at 210).
    order = 50

    class Media:
        css = {"all": ["community/staff_work.css"]}

    def get_context_data(self, parent_context):
        return {"items": work_items_for(parent_context["request"])}


def add_panel(request: HttpRequest, panels: list) -> None:
    """The ``construct_homepage_panels`` hook: house staff get the panel, nobody else."""
    if is_house_staff(request.user):
        panels.append(StaffWorkPanel())
