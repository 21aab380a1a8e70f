"""How a view answers htmx and plain requests from one page template."""

from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse


def post_data(request: HttpRequest):
    """The submitted data for a POST, None for a GET: a form bound to an empty POST (a
    submit with every field left out) must still be validated, not shown as new."""
    return request.POST if request.method == "POST" else None


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> TemplateResponse:
    """Render `template#partial` for an htmx request, the whole page otherwise.

    A history restore also sends HX-Request but needs the whole page.
    """
    htmx = getattr(request, "htmx", None)
    if partial and htmx and not htmx.history_restore_request:
        template = f"{template}#{partial}"
    return TemplateResponse(request, template, context, status=status)
