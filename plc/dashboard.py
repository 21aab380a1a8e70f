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
from django.db.models import (
    Avg,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
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
from teams.models import Membership, SchoolYear, SharedGoal, Team, User


def _require_dashboard(user: User) -> None:
    # The admin may look (read-only); answering is the leader's.
    if not (user.is_leader or user.is_school_admin):
        raise PermissionDenied


def _year_and_team(request: HttpRequest):
    school = request.user.school
    years = list(school.school_years.all())
    today = timezone.localdate()
    current = next((y for y in years if y.starts_on <= today <= y.ends_on), None)
    year_id = request.GET.get("jaar")
    year = next((y for y in years if str(y.pk) == year_id), None) or current
    teams = list(
        Team.objects.visible_to(request.user)
        .exclude(kind=Team.Kind.WHOLE_SCHOOL)
        .annotate(
            staff=Coalesce(Subquery(_active_members()), 0),
            taking_part=Coalesce(Subquery(_active_members(in_open_initiative=True)), 0),
        )
    )
    team_id = request.GET.get("team")
    team = next((t for t in teams if str(t.pk) == team_id), None)
    return years, year, teams, team


def _active_members(*, in_open_initiative: bool = False):
    """Per team (OuterRef), how many active members it has; with `in_open_initiative`, how
    many of them are in at least one open initiative. Subqueries, not a join, so each is
    counted once per team."""
    members = Membership.objects.filter(team=OuterRef("pk"), user__is_active=True)
    if in_open_initiative:
        members = members.filter(
            Exists(
                InitiativeMember.objects.filter(
                    user=OuterRef("user"), initiative__state__in=Initiative.OPEN_STATES
                )
            )
        )
    return members.order_by().values("team").annotate(n=Count("pk")).values("n")


def stuck(initiatives, now) -> list[Initiative]:
    quiet = now - datetime.timedelta(days=21)
    return [
        i
        for i in initiatives
        if i.is_overdue or (i.state == "running" and i.last_activity_at < quiet)
    ]


STUCK_SHOWN = 10


def _phase_label(state: str, phase_name: str | None, builtin: bool) -> str:
    if state == Initiative.State.RUNNING and phase_name:
        return gettext(phase_name) if builtin else phase_name
    return str(Initiative.State(state).label)


@require_safe
def leader_dashboard(request: HttpRequest) -> HttpResponse:
    """Every panel is one aggregate query, so the page costs the same at one school and at
    a board of twenty (pinned in tests/test_query_budget.py)."""
    user = request.user
    _require_dashboard(user)
    years, year, teams, team = _year_and_team(request)
    now = timezone.now()
    shown_teams = [team] if team else teams
    in_team = (
        Exists(Initiative.teams.through.objects.filter(initiative=OuterRef("pk"), team=team))
        if team
        else Q()
    )

    # Per team: open initiatives by state and phase, counted in the database.
    per_phase = (
        Initiative.teams.through.objects.filter(
            team__in=shown_teams, initiative__state__in=Initiative.OPEN_STATES
        )
        .values(
            "team_id",
            "initiative__state",
            "initiative__current_phase__name",
            "initiative__current_phase__template__school_id",
        )
        .annotate(n=Count("initiative_id"))
        .order_by()
    )
    phases: dict[int, dict[str, int]] = {t.pk: {} for t in shown_teams}
    for row in per_phase:
        label = _phase_label(
            row["initiative__state"],
            row["initiative__current_phase__name"],
            row["initiative__current_phase__template__school_id"] is None,
        )
        counts = phases[row["team_id"]]
        counts[label] = counts.get(label, 0) + row["n"]
    per_team = [
        {"team": t, "total": sum(phases[t.pk].values()), "phases": sorted(phases[t.pk].items())}
        for t in shown_teams
    ]

    # Stuck: running and overdue, or running and quiet for three weeks.
    stuck_ones = list(
        Initiative.objects.visible_to(user)
        .filter(in_team, state=Initiative.State.RUNNING)
        .filter(
            Q(phase_due_on__lt=timezone.localdate())
            | Q(last_activity_at__lt=now - datetime.timedelta(days=21))
        )
        # Names are single-line, so a newline separates them (SQLite cannot order inside).
        .annotate(team_names=StringAgg("teams__name", Value("\n")))
        .only("pk", "title", "state", "phase_due_on", "last_activity_at")
        .order_by(F("phase_due_on").asc(nulls_last=True), "last_activity_at")
    )

    for initiative in stuck_ones:
        initiative.team_names = ", ".join(sorted((initiative.team_names or "").splitlines()))

    # Support requests, oldest first, and the average time to an answer.
    support = SupportRequest.objects.visible_to(user)
    average = support.filter(answered_at__isnull=False).aggregate(
        average=Avg(F("answered_at") - F("created_at"))
    )["average"]
    average_days = round(average.total_seconds() / 86400, 1) if average is not None else None
    open_support = list(
        support.open().select_related("initiative", "requested_by").order_by("created_at")
    )
    for item in open_support:
        item.answer_form = AnswerForm(prefix=f"answer-{item.pk}")

    # Alignment with Ons Verhaal: goals and values with running or completed work.
    counted = Q(initiatives__state__in=("running", "completed"))
    goals = list(
        SharedGoal.objects.visible_to(user).annotate(
            n=Count("initiatives", filter=counted, distinct=True)
        )
    )
    alignment = [
        {"label": g.title, "value": g.n} for g in goals if g.status != SharedGoal.Status.ARCHIVED
    ]
    value_rows = [
        {"label": v.name, "value": v.n}
        for v in user.school.core_values.annotate(
            n=Count("initiatives", filter=counted, distinct=True)
        )
    ]

    # The children's learning: the school year's measurements per shared goal.
    measurements = (
        Entry.objects.filter(initiative__school_id=user.school_id, kind=Entry.Kind.MEASUREMENT)
        .filter(
            Exists(
                Initiative.teams.through.objects.filter(
                    initiative=OuterRef("initiative"), team=team
                )
            )
            if team
            else Q()
        )
        .select_related("initiative")
        .annotate(goal_ids=StringAgg(Cast("initiative__goals__id", CharField()), Value(",")))
        .order_by("created_at")
    )
    if year:
        measurements = measurements.filter(initiative__school_year=year)
    titles = {str(g.pk): g.title for g in goals}
    by_goal: dict[str, list[Entry]] = {}
    for entry in measurements:
        names = [titles[i] for i in (entry.goal_ids or "").split(",") if i in titles]
        for name in names or [_("Without a shared goal")]:
            by_goal.setdefault(name, []).append(entry)

    # Participation: the share of staff in at least one initiative, per team of 5 or more.
    participation = [
        {
            "team": t,
            "share": round(100 * t.taking_part / t.staff) if t.staff >= MIN_GROUP else None,
        }
        for t in shown_teams
    ]

    cards = LearningCard.objects.visible_to(user).select_related("initiative")
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
            # The longest-stuck first; the rest are one click away in the team overviews.
            "stuck": stuck_ones[:STUCK_SHOWN],
            "stuck_more": max(0, len(stuck_ones) - STUCK_SHOWN),
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
