"""What inquiries adds to other apps' pages (core/panels.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from .models import Initiative


def goal_initiatives(request: HttpRequest, goal) -> str:
    """The initiatives serving a shared goal, running ones first: one query."""
    initiatives = (
        Initiative.objects.visible_to(request.user)
        .filter(goals=goal)
        .select_related("current_phase__template")
        .order_by("ended_at", "-last_activity_at")
    )
    return render_to_string(
        "inquiries/goal_initiatives_panel.html", {"initiatives": initiatives}, request=request
    )
