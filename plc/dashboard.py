"""The school leader's facilitation dashboard and the team lead's overview.

Facilitation, not surveillance: where teams need time, help or means. Participation is
shown as a share per team, never per person, and only for teams of at least five people.
Private reflections are counted nowhere.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from culture.models import MIN_GROUP
from inquiries.forms import AnswerForm
from inquiries.models import (
    Entry,
    Initiative,
    InitiativeMember,
    LearningCard,
    SupportRequest,
)
from plc.htmx import render_page
from teams.models import SchoolYear, SharedGoal, Team, User


def _require_dashboard(user: User) -> None:
    # The admin may look (read-only); answering is the leader's.
    if not (user.is_leader or user.is_school_admin):
        raise PermissionDenied


def _year_and_team(request: HttpRequest):
    school = request.user.school
    years = list(school.school_years.all())
    year_id = request.GET.get("jaar")
    year = next((y for y in years if str(y.pk) == year_id), None) or school.current_school_year()
    teams = list(
        Team.objects.visible_to(request.user)
        .exclude(kind=Team.Kind.WHOLE_SCHOOL)
        .annotate(
            staff=Count("memberships", filter=Q(memberships__user__is_active=True), distinct=True)
        )
    )
    team_id = request.GET.get("team")
    team = next((t for t in teams if str(t.pk) == team_id), None)
    return years, year, teams, team


def stuck(initiatives, now) -> list[Initiative]:
    quiet = now - datetime.timedelta(days=21)
    return [
        i
        for i in initiatives
        if i.is_overdue or (i.state == "running" and i.last_activity_at < quiet)
    ]


@require_safe
def leader_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_dashboard(user)
    years, year, teams, team = _year_and_team(request)
    now = timezone.now()
    initiatives = list(
        Initiative.objects.visible_to(user)
        .select_related("current_phase__template", "template")
        .prefetch_related("teams", "goals", "core_values")
        .filter(**({"teams": team} if team else {}))
        .distinct()
    )
    open_ones = [i for i in initiatives if i.is_open]
    shown_teams = [team] if team else teams

    # Per team: initiatives by state and phase.
    per_team = []
    for t in shown_teams:
        mine = [i for i in open_ones if any(x.pk == t.pk for x in i.teams.all())]
        phases: dict[str, int] = {}
        for i in mine:
            label = (
                i.current_phase.display_name
                if i.state == "running" and i.current_phase
                else i.get_state_display()
            )
            phases[label] = phases.get(label, 0) + 1
        per_team.append({"team": t, "total": len(mine), "phases": sorted(phases.items())})

    # Support requests, oldest first, and the average time to an answer.
    support = list(
        SupportRequest.objects.visible_to(user)
        .select_related("initiative", "requested_by", "answered_by")
        .order_by("created_at")
    )
    answered = [s for s in support if s.answered_at]
    average_days = (
        round(
            sum((s.answered_at - s.created_at).total_seconds() for s in answered)
            / len(answered)
            / 86400,
            1,
        )
        if answered
        else None
    )
    open_support = [s for s in support if s.status == SupportRequest.Status.OPEN]
    for item in open_support:
        item.answer_form = AnswerForm(prefix=f"answer-{item.pk}")

    # Alignment with Ons Verhaal: goals and values with running or completed work.
    counted = [i for i in initiatives if i.state in ("running", "completed")]
    goals = list(SharedGoal.objects.visible_to(user).current().select_related("team"))
    alignment = []
    for goal in goals:
        n = sum(1 for i in counted if any(g.pk == goal.pk for g in i.goals.all()))
        alignment.append({"label": goal.title, "value": n})
    values = list(user.school.core_values.all())
    value_rows = [
        {
            "label": v.name,
            "value": sum(1 for i in counted if any(c.pk == v.pk for c in i.core_values.all())),
        }
        for v in values
    ]

    # The children's learning: measurements per shared goal.
    measurements = (
        Entry.objects.filter(initiative__school_id=user.school_id, kind=Entry.Kind.MEASUREMENT)
        .select_related("initiative")
        .prefetch_related("initiative__goals")
        .order_by("created_at")
    )
    if team:
        measurements = measurements.filter(initiative__teams=team)
    by_goal: dict[str, list[Entry]] = {}
    for entry in measurements:
        names = [g.title for g in entry.initiative.goals.all()] or [_("Without a shared goal")]
        for name in names:
            by_goal.setdefault(name, []).append(entry)

    # Participation: the share of staff in at least one initiative, per team of 5 or more.
    in_initiative = InitiativeMember.objects.filter(
        user=OuterRef("user"),
        initiative__school_id=user.school_id,
        initiative__state__in=Initiative.OPEN_STATES,
    )
    participation = []
    for t in shown_teams:
        if t.staff < MIN_GROUP:
            participation.append({"team": t, "share": None})
            continue
        taking_part = (
            t.memberships.filter(user__is_active=True)
            .annotate(active=Exists(in_initiative))
            .filter(active=True)
            .count()
        )
        participation.append({"team": t, "share": round(100 * taking_part / t.staff)})

    cards = LearningCard.objects.visible_to(user).select_related(
        "initiative", "initiative__template"
    )
    if year:
        cards = cards.filter(initiative__school_year=year)
    if team:
        cards = cards.filter(initiative__teams=team)

    return render_page(
        request,
        "plc/dashboard.html",
        {
            "years": years,
            "year": year,
            "teams": teams,
            "team": team,
            "per_team": per_team,
            "stuck": stuck(open_ones, now),
            "open_support": open_support,
            "average_days": average_days,
            "alignment": alignment,
            "value_rows": value_rows,
            "by_goal": sorted(by_goal.items()),
            "participation": participation,
            "cards": cards.distinct()[:50],
            "can_answer": user.is_leader,
            "min_group": MIN_GROUP,
            "max_alignment": max([r["value"] for r in alignment + value_rows] or [1]) or 1,
        },
        partial="dashboard_body",
    )


@require_safe
def team_overview(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team.objects.visible_to(request.user), pk=pk)
    if not (request.user.is_leader or pk in request.user.led_team_ids):
        raise PermissionDenied

    initiatives = list(Initiative.objects.filter(teams=team).for_list().with_news_for(request.user))
    open_ones = [i for i in initiatives if i.is_open]
    support = (
        SupportRequest.objects.filter(initiative__teams=team)
        .select_related("initiative", "answered_by")
        .order_by("-created_at")
        .distinct()
    )
    return render_page(
        request,
        "plc/team_overview.html",
        {
            "team": team,
            "initiatives": open_ones,
            "needs_feedback": [i for i in open_ones if i.new_entries or i.new_moves],
            "stuck": stuck(open_ones, timezone.now()),
            "support": support,
        },
    )


EXPORT_COLUMNS = [
    "soort",
    "titel",
    "team",
    "cyclus",
    "status",
    "doel",
    "wat we meten",
    "beginmeting",
    "doel (meting)",
    "resultaat",
    "wat we leerden",
    "wat we aanraden",
]


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    """The school year's learning cards, goals and measurements, for Excel (UTF-8 with BOM,
    semicolons, as Dutch spreadsheets expect)."""
    _require_dashboard(request.user)
    _years, year, _teams, _team = _year_and_team(request)
    rows = export_rows(request.user, year)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(rows)
    name = f"leergemeenschap-{year.name if year else 'alles'}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_rows(user: User, year: SchoolYear | None) -> list[list[str]]:
    rows: list[list[str]] = []
    cards = (
        LearningCard.objects.visible_to(user)
        .select_related("initiative__template")
        .prefetch_related("initiative__teams", "initiative__goals")
    )
    if year:
        cards = cards.filter(initiative__school_year=year)
    for card in cards:
        i = card.initiative
        rows.append(
            [
                _("learning card"),
                i.title,
                ", ".join(t.name for t in i.teams.all()),
                i.template.display_name,
                i.get_state_display(),
                ", ".join(g.title for g in i.goals.all()),
                "",
                "",
                "",
                "",
                card.learned,
                card.advice,
            ]
        )
    for goal in SharedGoal.objects.visible_to(user).select_related("team"):
        rows.append(
            [
                _("shared goal"),
                goal.title,
                goal.team.name if goal.team else _("whole school"),
                "",
                goal.get_status_display(),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    entries = (
        Entry.objects.filter(initiative__school_id=user.school_id, kind=Entry.Kind.MEASUREMENT)
        .select_related("initiative__template")
        .prefetch_related("initiative__teams", "initiative__goals")
    )
    if year:
        entries = entries.filter(initiative__school_year=year)
    for entry in entries:
        i = entry.initiative
        unit = "%" if entry.unit == Entry.Unit.PERCENT else ""
        rows.append(
            [
                _("measurement"),
                i.title,
                ", ".join(t.name for t in i.teams.all()),
                i.template.display_name,
                i.get_state_display(),
                ", ".join(g.title for g in i.goals.all()),
                entry.measure,
                f"{entry.baseline}{unit}" if entry.baseline is not None else "",
                f"{entry.target}{unit}" if entry.target is not None else "",
                f"{entry.result}{unit}" if entry.result is not None else "",
                "",
                "",
            ]
        )
    return rows


@require_safe
def printable(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request.user)
    _years, year, _teams, _team = _year_and_team(request)
    return render_page(
        request,
        "plc/printable.html",
        {"year": year, "rows": export_rows(request.user, year), "columns": EXPORT_COLUMNS},
    )
