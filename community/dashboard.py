"""'Min side' is built from panels that each app registers in its AppConfig.ready().

A panel is a function taking the request and returning ``(template_name, context)``, or
``None`` when it has nothing to show this user. Panels render in ``order``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    build: Callable[[HttpRequest], tuple[str, dict] | None]


_panels: dict[str, Panel] = {}


def register_panel(key: str, build, *, order: int = 100) -> None:
    _panels[key] = Panel(key=key, order=order, build=build)


def panels_for(request: HttpRequest) -> list[tuple[str, dict]]:
    built = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        result = panel.build(request)
        if result is not None:
            built.append(result)
    return built
