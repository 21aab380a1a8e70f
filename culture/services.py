"""Answering a pulse or self-scan anonymously, and results that only show for groups of at
least five answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from teams.models import Team, User

from .models import MIN_GROUP, PULSE_STATEMENTS, SCAN_PARTS, Answer, Participation, Round


@transaction.atomic
def answer_round(*, round: Round, user: User, team: Team | None, scores: dict) -> None:
    if not round.is_open:
        raise ValidationError(_("This round is closed."))
    try:
        with transaction.atomic():
            Participation.objects.create(round=round, user=user)
    except IntegrityError:
        raise ValidationError(_("You already answered this round. Thank you!")) from None
    # The answer is stored without the person: only the team it counts for.
    Answer.objects.create(round=round, team=team, scores=scores)


@dataclass
class GroupResult:
    name: str
    count: int
    rows: list[dict] | None  # None: fewer than MIN_GROUP answers, nothing is shown

    @property
    def hidden(self) -> bool:
        return self.rows is None


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _pulse_rows(answers: list[Answer]) -> list[dict]:
    rows = []
    for key, statement in PULSE_STATEMENTS:
        values = [a.scores[key] for a in answers if isinstance(a.scores.get(key), int)]
        rows.append({"key": key, "label": str(statement), "average": _average(values)})
    return rows


def _scan_rows(answers: list[Answer]) -> list[dict]:
    rows = []
    for key, part in SCAN_PARTS:
        now = [a.scores[key]["now"] for a in answers if key in a.scores]
        want = [a.scores[key]["want"] for a in answers if key in a.scores]
        average_now, average_want = _average(now), _average(want)
        gap = round(average_want - average_now, 1) if now and want else None
        rows.append(
            {"key": key, "label": str(part), "now": average_now, "want": average_want, "gap": gap}
        )
    return rows


def results(round: Round) -> list[GroupResult]:
    """The whole school first, then each team; a group under five answers shows nothing."""
    answers = list(round.answers.all())
    make_rows = _pulse_rows if round.kind == Round.Kind.PULSE else _scan_rows
    groups = [(_("Whole school"), answers)]
    teams = Team.objects.filter(school_id=round.school_id).exclude(kind=Team.Kind.WHOLE_SCHOOL)
    for team in teams:
        groups.append((team.name, [a for a in answers if a.team_id == team.pk]))
    return [
        GroupResult(name, len(group), make_rows(group) if len(group) >= MIN_GROUP else None)
        for name, group in groups
    ]


def pulse_trend(school_id: int, team: Team | None = None) -> list[dict]:
    """Average score per pulse round, oldest first; rounds under five answers are left out."""
    trend = []
    rounds = Round.objects.filter(school_id=school_id, kind=Round.Kind.PULSE).order_by("opens_on")
    for pulse in rounds.prefetch_related("answers"):
        answers = [a for a in pulse.answers.all() if team is None or a.team_id == team.pk]
        if len(answers) < MIN_GROUP:
            continue
        values = [v for a in answers for v in a.scores.values() if isinstance(v, int)]
        trend.append({"round": pulse, "average": _average(values), "count": len(answers)})
    return trend
