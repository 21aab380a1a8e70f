"""Answering a pulse or self-scan anonymously, and the results: only after a round has
closed, and only figures from which no group under five answers can be read or computed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.signals import round_opened
from teams.models import Team, User

from .models import MIN_GROUP, PULSE_STATEMENTS, SCAN_PARTS, Answer, Participation, Round


@transaction.atomic
def open_round(*, round: Round) -> Round:
    """A new round for the whole school; everyone hears of it (core.signals.round_opened)."""
    round.save()
    round_opened.send(sender=Round, round=round)
    return round


@transaction.atomic
def answer_round(*, round: Round, user: User, team: Team | None, scores: dict) -> None:
    if not round.is_open:
        raise ValidationError(_("This round is closed."))
    if not is_complete(round.kind, scores):
        raise ValidationError(_("Answer every question."))
    # One answer at a time per round: each rewrites the round's answers (below).
    Round.objects.select_for_update().filter(pk=round.pk).first()
    try:
        with transaction.atomic():
            Participation.objects.create(round=round, user=user)
    except IntegrityError:
        raise ValidationError(_("You already answered this round. Thank you!")) from None
    file_anonymously(round=round, answer=Answer(round=round, team=team, scores=scores))


def file_anonymously(*, round: Round, answer: Answer) -> None:
    """Add `answer` to the round's answers without a trace of who gave it.

    The answer holds no person, but written on its own its place in the table (its id, its
    position in a database dump, the transaction it came in) would line up with the
    Participation row written with it. So every answer rewrites all of the round's answers
    in a random order: each time they all get new ids, new places and the same transaction,
    and nothing pairs an answer with a person, not even for whoever reads the database or a
    backup. A round has tens of answers, so this costs little.
    """
    answers = [
        Answer(round=round, team_id=team_id, scores=scores)
        for team_id, scores in Answer.objects.filter(round=round).values_list("team_id", "scores")
    ]
    answers.append(answer)
    random.SystemRandom().shuffle(answers)
    Answer.objects.filter(round=round).delete()
    Answer.objects.bulk_create(answers)


def is_complete(kind: str, scores: dict) -> bool:
    """A score from 1 to 5 for every statement (pulse) or for now and wanted in every part
    (self-scan). Only complete answers count, so every average of a group stands for
    exactly the answers counted for that group."""

    def score(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5

    if not isinstance(scores, dict):
        return False
    if kind == Round.Kind.PULSE:
        return all(score(scores.get(key)) for key, _statement in PULSE_STATEMENTS)
    return all(
        isinstance(scores.get(key), dict)
        and score(scores[key].get("now"))
        and score(scores[key].get("want"))
        for key, _part in SCAN_PARTS
    )


@dataclass(frozen=True)
class Shown:
    school: bool
    teams: frozenset[int]


def shown_groups(*, total: int, per_team: dict[int, int]) -> Shown:
    """Which groups of a closed round may be shown: the suppression rule.

    A team is shown only with at least MIN_GROUP answers. The answers not shown in any team
    (the whole school minus the teams shown: small teams, and answers given only for the
    whole school) must then number 0 or at least MIN_GROUP; while they are 1 to
    MIN_GROUP - 1, the smallest team still shown is hidden as well. The whole school is
    shown when it has at least MIN_GROUP answers.

    Why this is enough: all a reader can compute is the school minus some of the teams
    shown, weighted by the counts shown, which stands for the answers not shown (plus any
    teams left in), so for 0 or at least MIN_GROUP answers. A small team is never alone in
    it: a team is hidden on top only while fewer than MIN_GROUP answers are not shown, so
    the hidden set is then at least two groups. The counts behave the same: the school's
    count minus the teams' counts is 0 or at least MIN_GROUP, never a small team's count,
    so the exact counts of the groups shown can be shown. Hiding a team rather than the
    school keeps the school figure and its trend. One rule for the pulse and the self-scan,
    for every statement (each counted answer has every statement), and for pulse_trends.
    """
    shown = {team for team, count in per_team.items() if count >= MIN_GROUP}
    not_shown = total - sum(per_team[team] for team in shown)
    while 0 < not_shown < MIN_GROUP and shown:
        smallest = min(shown, key=lambda team: (per_team[team], team))
        shown.remove(smallest)
        not_shown += per_team[smallest]
    school = total >= MIN_GROUP and (not_shown == 0 or not_shown >= MIN_GROUP)
    return Shown(school=school, teams=frozenset(shown))


@dataclass
class GroupResult:
    name: str
    count: int | None  # None when hidden: a count is a figure too
    rows: list[dict] | None  # None: not shown (see shown_groups)

    @property
    def hidden(self) -> bool:
        return self.rows is None


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _pulse_rows(answers: list[Answer]) -> list[dict]:
    rows = []
    for key, statement in PULSE_STATEMENTS:
        values = [a.scores[key] for a in answers]
        rows.append({"key": key, "label": str(statement), "average": _average(values)})
    return rows


def _scan_rows(answers: list[Answer]) -> list[dict]:
    rows = []
    for key, part in SCAN_PARTS:
        average_now = _average([a.scores[key]["now"] for a in answers])
        average_want = _average([a.scores[key]["want"] for a in answers])
        gap = round(average_want - average_now, 1) if answers else None
        rows.append(
            {"key": key, "label": str(part), "now": average_now, "want": average_want, "gap": gap}
        )
    return rows


def _split(round: Round, teams: list[Team]) -> tuple[list[Answer], dict[int, list[Answer]], Shown]:
    """The round's complete answers, those per team, and which groups may be shown."""
    answers = [a for a in round.answers.all() if is_complete(round.kind, a.scores)]
    per_team = {team.pk: [a for a in answers if a.team_id == team.pk] for team in teams}
    shown = shown_groups(
        total=len(answers), per_team={pk: len(group) for pk, group in per_team.items()}
    )
    return answers, per_team, shown


def _teams(school_id: int) -> list[Team]:
    return list(Team.objects.filter(school_id=school_id).exclude(kind=Team.Kind.WHOLE_SCHOOL))


def results(round: Round) -> list[GroupResult] | None:
    """The whole school first, then each team, as far as shown_groups allows; None while
    the round has not closed, for everyone, the leader too."""
    if not round.is_closed:
        return None
    teams = _teams(round.school_id)
    answers, per_team, shown = _split(round, teams)
    make_rows = _pulse_rows if round.kind == Round.Kind.PULSE else _scan_rows
    groups = [(_("Whole school"), answers, shown.school)]
    groups += [(team.name, per_team[team.pk], team.pk in shown.teams) for team in teams]
    return [
        GroupResult(name, len(group), make_rows(group))
        if visible
        else GroupResult(name, None, None)
        for name, group, visible in groups
    ]


def pulse_trends(school_id: int) -> dict[int | None, list[dict]]:
    """The average score per closed pulse round, oldest first: under None for the whole
    school, under a team's id for that team; a round is in a group's trend only where
    shown_groups shows that group for the round."""
    teams = _teams(school_id)
    trends: dict[int | None, list[dict]] = {None: [], **{team.pk: [] for team in teams}}
    rounds = Round.objects.filter(school_id=school_id, kind=Round.Kind.PULSE).order_by("opens_on")
    for pulse in rounds.prefetch_related("answers"):
        if not pulse.is_closed:
            continue
        answers, per_team, shown = _split(pulse, teams)
        groups = [(None, answers, shown.school)]
        groups += [(team.pk, per_team[team.pk], team.pk in shown.teams) for team in teams]
        for key, group, visible in groups:
            if visible:
                values = [a.scores[k] for a in group for k, _s in PULSE_STATEMENTS]
                trends[key].append({"round": pulse, "average": _average(values)})
    return trends


def pulse_trend(school_id: int, team: Team | None = None) -> list[dict]:
    """One group's trend from pulse_trends: the whole school, or one team."""
    return pulse_trends(school_id).get(team.pk if team else None, [])


def latest_whole_school_results(school_ids: list[int]) -> dict[tuple[int, str], GroupResult]:
    """For each school and kind (pulse, self-scan), its latest closed round's whole-school
    figure, hidden where `results` hides it on the school's own pages (shown_groups): for a
    board's overview, in three queries however many schools."""
    if not school_ids:
        return {}
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    today = timezone.localdate()
    latest = Round.objects.filter(
        school_id=OuterRef("school_id"), kind=OuterRef("kind"), closes_on__lt=today
    ).order_by("-closes_on", "-pk")
    rounds = Round.objects.filter(
        school_id__in=school_ids, pk=Subquery(latest.values("pk")[:1])
    ).prefetch_related("answers")
    teams: dict[int, list[Team]] = {pk: [] for pk in school_ids}
    for team in Team.objects.filter(school_id__in=school_ids).exclude(kind=Team.Kind.WHOLE_SCHOOL):
        teams[team.school_id].append(team)
    figures = {}
    for round in rounds:
        answers, _per_team, shown = _split(round, teams[round.school_id])
        make_rows = _pulse_rows if round.kind == Round.Kind.PULSE else _scan_rows
        figures[(round.school_id, round.kind)] = (
            GroupResult(round.title, len(answers), make_rows(answers))
            if shown.school
            else GroupResult(round.title, None, None)
        )
    return figures
