"""What the leader's dashboard, the team overview and the home page show, read through the
apps' QuerySets.

Facilitation, not surveillance: where teams need time, help or means. Participation is
shown as a share per team, never per person, and only for teams of at least five people.
Private reflections are counted nowhere.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

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
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from core.prepared import PreparedQuery
from culture.models import MIN_GROUP, Round
from inquiries.models import (
    Entry,
    Initiative,
    InitiativeMember,
    Invitation,
    LearningCard,
    SupportRequest,
)
from meetings.models import Meeting
from reflections.models import OPEN_FEEDBACK_REQUESTS, LessonVisit
from results.indicators import standings
from teams.models import Membership, SchoolYear, SharedGoal, Team, User

STUCK_SHOWN = 10


# What home shows of the person, each compiled once per process (core.prepared): home is
# the page most asked for, and compiling these took a third of its time (with the feedback
# asked of the person, reflections.models.OPEN_FEEDBACK_REQUESTS).
HOME_MEMBERSHIPS = PreparedQuery(
    lambda user: (
        Membership.objects.filter(user=user)
        .select_related("team")
        .annotate(
            member_count=Count(
                "team__memberships", filter=Q(team__memberships__user__is_active=True)
            )
        )
        .order_by("team__kind", "team__first_group", "team__name")
    ),
    for_user=True,
)
HOME_GOALS = PreparedQuery(
    lambda user: SharedGoal.objects.for_user(user).current().with_values(), for_user=True
)
HOME_INITIATIVES = PreparedQuery(
    lambda user: Initiative.objects.visible_to(user).involving(user).open().with_current_phase(),
    for_user=True,
)
HOME_INVITATIONS = PreparedQuery(
    lambda user: Invitation.objects.filter(invitee=user).select_related("initiative", "invited_by"),
    for_user=True,
)


# Lesson visits waiting for an answer, and the ones coming up this week: one query.
HOME_VISITS = PreparedQuery(
    lambda user, today, week_end: (
        LessonVisit.objects.filter(
            Q(observer=user, state=LessonVisit.State.INVITED)
            | (Q(host=user) | Q(observer=user))
            & Q(state=LessonVisit.State.ACCEPTED, planned_on__range=(today, week_end))
        )
        .select_related("host", "observer")
        .order_by("planned_on")
    ),
    for_user=True,
    kinds={"today": datetime.date, "week_end": datetime.date},
)
HOME_ROUNDS = PreparedQuery(
    lambda user, today: Round.objects.to_answer_by(user, today),
    for_user=True,
    kinds={"today": datetime.date},
)


def home_context(user: User) -> dict:
    """Mijn leergemeenschap: the user's teams, goals, open initiatives and what waits for
    them (invitations, feedback asked, lesson visits)."""
    today = timezone.localdate()
    visits = HOME_VISITS.fetch(user, today=today, week_end=today + datetime.timedelta(days=6))
    return {
        "memberships": HOME_MEMBERSHIPS.fetch(user),
        "goals": HOME_GOALS.fetch(user),
        "initiatives": HOME_INITIATIVES.fetch(user),
        "invitations": HOME_INVITATIONS.fetch(user),
        "feedback_requests": OPEN_FEEDBACK_REQUESTS.fetch(user),
        "visit_invitations": [v for v in visits if v.state == LessonVisit.State.INVITED],
        "visits_this_week": [v for v in visits if v.state == LessonVisit.State.ACCEPTED],
        # An open round stays on everyone's home until they answered it.
        "rounds_to_answer": HOME_ROUNDS.fetch(user, today=today),
        "to_review": (
            Initiative.objects.reviewable_by(user).open().with_news_for(user).with_news().count()
            if user.can_review_cycles
            else 0
        ),
        "support_waiting": (
            SupportRequest.objects.visible_to(user).open().count() if user.can_answer_support else 0
        ),
    }


@dataclass
class Filters:
    """The dashboard's school year and team, from the query string; unknown ids are
    ignored rather than refused, so an old bookmark still opens the page."""

    years: list[SchoolYear]
    year: SchoolYear | None
    teams: list[Team]
    team: Team | None


def filters_for(user: User, params) -> Filters:
    years = list(user.school.school_years.all())
    today = timezone.localdate()
    current = next((y for y in years if y.starts_on <= today <= y.ends_on), None)
    year_id = params.get("jaar")
    year = next((y for y in years if str(y.pk) == year_id), None) or current
    teams = list(
        Team.objects.visible_to(user)
        .exclude(kind=Team.Kind.WHOLE_SCHOOL)
        .annotate(
            staff=Coalesce(Subquery(_active_members()), 0),
            taking_part=Coalesce(Subquery(_active_members(in_open_initiative=True)), 0),
        )
    )
    team_id = params.get("team")
    team = next((t for t in teams if str(t.pk) == team_id), None)
    return Filters(years, year, teams, team)


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


def _phase_label(state: str, phase_name: str | None, builtin: bool) -> str:
    if state == Initiative.State.RUNNING and phase_name:
        return gettext(phase_name) if builtin else phase_name
    return str(Initiative.State(state).label)


def _in_team(team: Team | None, initiative: str = "pk") -> Q | Exists:
    if team is None:
        return Q()
    return Exists(
        Initiative.teams.through.objects.filter(initiative=OuterRef(initiative), team=team)
    )


def dashboard_context(user: User, filters: Filters, now: datetime.datetime) -> dict:
    """Every panel is one aggregate query, so the page costs the same at one school and at
    a board of twenty (pinned in tests/test_query_budget.py)."""
    team = filters.team
    shown_teams = [team] if team else filters.teams
    stuck = _stuck(user, team, now)
    goals = list(
        SharedGoal.objects.visible_to(user)
        .select_related("indicator")
        .annotate(n=Count("initiatives", filter=_counted(), distinct=True))
    )
    # Where the current goals stand in the children's results: one query more.
    indicated = [
        g for g in goals if g.status != SharedGoal.Status.ARCHIVED and hasattr(g, "indicator")
    ]
    found = standings(user.school_id, [g.indicator for g in indicated])
    alignment = [
        {"label": g.title, "value": g.n} for g in goals if g.status != SharedGoal.Status.ARCHIVED
    ]
    value_rows = [
        {"label": v.name, "value": v.n}
        for v in user.school.core_values.annotate(
            n=Count("initiatives", filter=_counted(), distinct=True)
        )
    ]
    cards = LearningCard.objects.visible_to(user).select_related("initiative")
    if filters.year:
        cards = cards.filter(initiative__school_year=filters.year)
    if team:
        cards = cards.filter(initiative__teams=team)
    return {
        "years": filters.years,
        "year": filters.year,
        "teams": filters.teams,
        "team": team,
        "per_team": _per_team(shown_teams),
        # The longest-stuck first; the rest are one click away in the team overviews.
        "stuck": stuck[:STUCK_SHOWN],
        "stuck_more": max(0, len(stuck) - STUCK_SHOWN),
        **_support(user),
        "alignment": alignment,
        "value_rows": value_rows,
        "by_goal": _measurements_by_goal(user, filters, goals),
        "goal_standings": [(g, found[g.pk]) for g in indicated],
        "participation": [
            {
                "team": t,
                "share": round(100 * t.taking_part / t.staff) if t.staff >= MIN_GROUP else None,
            }
            for t in shown_teams
        ],
        "cards": cards.distinct()[:50],
        "habits": _work_habits(user, filters, shown_teams),
        "min_group": MIN_GROUP,
        "max_alignment": max([r["value"] for r in alignment + value_rows] or [1]) or 1,
    }


def _work_habits(user: User, filters: Filters, shown_teams: list[Team]) -> list[dict]:
    """Per team, the meetings held this school year and the decisions from them that went
    into an initiative: aggregates, nothing about who was there."""
    held = Meeting.objects.filter(
        school_id=user.school_id, team__in=shown_teams, state=Meeting.State.HELD
    )
    if filters.year:
        held = held.filter(
            starts_at__date__gte=filters.year.starts_on, starts_at__date__lte=filters.year.ends_on
        )
    counts = {
        row["team_id"]: row
        for row in held.values("team_id").annotate(
            meetings=Count("pk", distinct=True),
            carried=Count("outcomes", filter=Q(outcomes__entry__isnull=False), distinct=True),
        )
    }
    return [
        {
            "team": t,
            "meetings": counts.get(t.pk, {}).get("meetings", 0),
            "carried": counts.get(t.pk, {}).get("carried", 0),
        }
        for t in shown_teams
    ]


def _counted() -> Q:
    # Alignment counts the work that is happening or happened, not ideas or stopped ones.
    return Q(initiatives__state__in=(Initiative.State.RUNNING, Initiative.State.COMPLETED))


def _per_team(shown_teams: list[Team]) -> list[dict]:
    """Per team: open initiatives by state and phase, counted in the database."""
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
    return [
        {"team": t, "total": sum(phases[t.pk].values()), "phases": sorted(phases[t.pk].items())}
        for t in shown_teams
    ]


def _stuck(user: User, team: Team | None, now: datetime.datetime) -> list[Initiative]:
    stuck = list(
        Initiative.objects.visible_to(user)
        .stalled(now)
        .with_stalled(now)
        .filter(_in_team(team))
        # Names are single-line, so a newline separates them (SQLite cannot order inside).
        .annotate(team_names=StringAgg("teams__name", Value("\n")))
        .only("pk", "title", "state", "phase_due_on", "last_activity_at")
        .order_by(F("phase_due_on").asc(nulls_last=True), "last_activity_at")
    )
    for initiative in stuck:
        initiative.team_names = ", ".join(sorted((initiative.team_names or "").splitlines()))
    return stuck


def _support(user: User) -> dict:
    """Open support requests, oldest first, and the average time to an answer."""
    support = SupportRequest.objects.visible_to(user)
    average = support.filter(answered_at__isnull=False).aggregate(
        average=Avg(F("answered_at") - F("created_at"))
    )["average"]
    return {
        "open_support": list(
            support.open().select_related("initiative", "requested_by").order_by("created_at")
        ),
        "average_days": round(average.total_seconds() / 86400, 1) if average is not None else None,
    }


def _measurements_by_goal(
    user: User, filters: Filters, goals: list[SharedGoal]
) -> list[tuple[str, list[Entry]]]:
    """The children's learning: the school year's measurements per shared goal."""
    measurements = (
        Entry.objects.visible_to(user)
        .filter(kind=Entry.Kind.MEASUREMENT)
        .filter(_in_team(filters.team, "initiative"))
        .select_related("initiative")
        .annotate(goal_ids=StringAgg(Cast("initiative__goals__id", CharField()), Value(",")))
        .order_by("created_at")
    )
    if filters.year:
        measurements = measurements.filter(initiative__school_year=filters.year)
    titles = {str(g.pk): g.title for g in goals}
    by_goal: dict[str, list[Entry]] = {}
    for entry in measurements:
        names = [titles[i] for i in (entry.goal_ids or "").split(",") if i in titles]
        for name in names or [_("Without a shared goal")]:
            by_goal.setdefault(name, []).append(entry)
    return sorted(by_goal.items())


def team_overview_context(user: User, team: Team, now: datetime.datetime) -> dict:
    """A team lead's view of the team's cycles: what is new since they looked, what is
    stuck, and the support asked and given."""
    initiatives = list(
        Initiative.objects.filter(teams=team)
        .open()
        .for_list()
        .with_news_for(user)
        .with_stalled(now)
    )
    return {
        "team": team,
        "initiatives": initiatives,
        "needs_feedback": [i for i in initiatives if i.new_entries or i.new_moves],
        "stuck": [i for i in initiatives if i.is_stalled],
        "support": SupportRequest.objects.filter(initiative__teams=team)
        .select_related("initiative", "answered_by")
        .order_by("-created_at")
        .distinct(),
    }
