"""Panels an upper app adds to a lower app's page, without the lower app knowing it.

A page of `teams` or `inquiries` marks a slot with `{% panels "goal" goal %}`; an app higher
up (e.g. `results`) registers, in its AppConfig.ready(), a function that renders its part
of that slot for the request and the object, or returns "" when it has nothing to show.
Each function makes a fixed number of queries, so the page's count stays fixed.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

Panel = Callable[[HttpRequest, object], str]

PANELS: dict[str, dict[str, tuple[int, Panel]]] = {}


def register_panel(slot: str, name: str, panel: Panel, *, order: int = 50) -> None:
    """Panels show by `order`, low first; registering a name twice replaces it (reloads)."""
    PANELS.setdefault(slot, {})[name] = (order, panel)


def render_panels(slot: str, request: HttpRequest, obj: object) -> SafeString:
    ordered = sorted(PANELS.get(slot, {}).values(), key=lambda item: item[0])
    parts = (panel(request, obj) for _, panel in ordered)
    return format_html_join("", "{}", ((part,) for part in parts if part))
