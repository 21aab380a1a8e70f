from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.access import board_page, require
from core.htmx import render_page

from . import selectors


@board_page
@require_safe
def board_overview(request: HttpRequest) -> HttpResponse:
    """For board staff: each school in figures, never a person."""
    require(request.user.can_see_board)
    return render_page(
        request, "boards/board_overview.html", selectors.board_context(request.user.board)
    )
