"""Thin views over `selectors` and `exports`: check access, pick the template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.access import board_page, require, visible_or_404
from core.htmx import render_page
from inquiries.forms import AnswerForm
from teams.models import Team

from . import exports, report, selectors


@board_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_board_staff:  # no school of their own: the board is their home
        return redirect("boards:board_overview")
    return render_page(request, "overview/home.html", selectors.home_context(request.user))


@require_safe
def leader_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user.can_see_dashboard)
    context = selectors.dashboard_context(
        user, selectors.filters_for(user, request.GET), timezone.now()
    )
    for item in context["open_support"]:
        item.answer_form = AnswerForm(prefix=f"answer-{item.pk}")
    context["can_answer"] = user.can_answer_support
    return render_page(request, "overview/dashboard.html", context, partial="dashboard_body")


@require_safe
def team_overview(request: HttpRequest, pk: int) -> HttpResponse:
    team = visible_or_404(Team.objects, request.user, pk=pk)
    require(request.user.can_see_team_overview(team))
    return render_page(
        request,
        "overview/team_overview.html",
        selectors.team_overview_context(request.user, team, timezone.now()),
    )


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    """The school year's learning cards, goals and measurements, for Excel."""
    require(request.user.can_see_dashboard)
    year = selectors.filters_for(request.user, request.GET).year
    body = exports.csv_text(exports.export_rows(request.user, year))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"leergemeenschap-{year.name if year else 'alles'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def printable(request: HttpRequest) -> HttpResponse:
    """The annual learning report, to print or save as PDF (A4)."""
    require(request.user.can_see_dashboard)
    filters = selectors.filters_for(request.user, request.GET)
    context = report.annual_report(request.user, filters.year)
    context["years"] = filters.years
    return render_page(request, "overview/printable.html", context)
