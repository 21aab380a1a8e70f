"""What the results add to the goal page and the initiative page (core/panels.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core.prepared import PreparedQuery

from .indicators import standings
from .models import GoalIndicator, VoiceRound, VoiceTally
from .voice import series_of


def goal_indicator(request: HttpRequest, goal) -> str:
    """Where the goal stands in the children's results; an invitation to name an
    indicator for whoever may edit the goal. Three queries at most."""
    indicator = GoalIndicator.objects.filter(goal=goal).first()
    can_edit = goal.editable_by(request.user)
    if indicator is None and not can_edit:
        return ""
    standing = standings(goal.school_id, [indicator]).get(goal.pk) if indicator else None
    return render_to_string(
        "results/goal_indicator_panel.html",
        {"goal": goal, "standing": standing, "can_edit": can_edit},
        request=request,
    )


def _tallies(user, **tied):
    """The tallies of the closed rounds tied to a goal or an initiative that `user` may follow
    (with their rounds)."""
    return (
        VoiceTally.objects.filter(
            round__in=VoiceRound.objects.seen_by(user).showing_result().filter(**tied)
        )
        .select_related("round")
        .order_by()
    )


# The initiative page's panels, compiled once per process (core.prepared): the page is one
# of the most asked for. Who may follow a round depends on the person's role (keys).
INITIATIVE_INDICATORS = PreparedQuery(
    lambda initiative: GoalIndicator.objects.filter(goal__initiatives=initiative).select_related(
        "goal"
    ),
    "initiative",
)
INITIATIVE_TALLIES = PreparedQuery(
    lambda user, initiative: _tallies(user, initiative=initiative),
    "initiative",
    for_user=True,
    keys=("role", "is_school_admin"),
)


def initiative_results(request: HttpRequest, initiative) -> str:
    """Its goals' indicators before and after the cycle, beside the initiative's own
    measurements: two queries at most, however many goals, moments and entries; none
    for an initiative that serves no goal (its goal names come with the page)."""
    if not initiative.goal_names:
        return ""
    indicators = INITIATIVE_INDICATORS.fetch(initiative=initiative.pk)
    if not indicators:
        return ""
    found = standings(initiative.school_id, indicators)
    started = initiative.created_at.date()
    ended = initiative.ended_at.date() if initiative.ended_at else None
    rows = []
    for indicator in indicators:
        standing = found[indicator.goal_id]
        before, after, final = standing.around(started, ended)
        rows.append({"indicator": indicator, "before": before, "after": after, "final": final})
    measurements = initiative.measurement_entries()
    return render_to_string(
        "results/initiative_results_panel.html",
        {"rows": rows, "measurements": measurements, "initiative": initiative},
        request=request,
    )


def _voice_of(request: HttpRequest, tallies) -> str:
    """The pupils' voice rounds tied to a goal or an initiative that the person may see,
    each group over time: one query (the tallies come with their rounds)."""
    rounds: dict[int, VoiceRound] = {}
    per_round: dict[int, list[VoiceTally]] = {}
    for tally in tallies:
        rounds.setdefault(tally.round_id, tally.round)
        per_round.setdefault(tally.round_id, []).append(tally)
    if not rounds:
        return ""
    return render_to_string(
        "results/voice_panel.html",
        {"groups": series_of(rounds.values(), tallies=lambda r: per_round[r.pk])},
        request=request,
    )


def goal_voice(request: HttpRequest, goal) -> str:
    return _voice_of(request, _tallies(request.user, goal=goal))


def initiative_voice(request: HttpRequest, initiative) -> str:
    return _voice_of(request, INITIATIVE_TALLIES.fetch(request.user, initiative=initiative.pk))
