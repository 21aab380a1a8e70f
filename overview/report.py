"""The annual learning report: per shared goal, what the school's initiatives of one school
year tried, learned and measured in the children. For the board and the inspection, so
only what the whole school may see: no reflections, no names but the teams'."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from inquiries.models import Entry, Initiative
from teams.models import SchoolYear, SharedGoal, User

BAR = 200  # the width of a full bar in the charts' own units


@dataclass
class Measurement:
    """One measurement with its bars: before (baseline) and after (result), on one scale."""

    entry: Entry
    scale: Decimal

    @property
    def is_percent(self) -> bool:
        return self.entry.unit == Entry.Unit.PERCENT

    def _width(self, value: Decimal | None) -> int:
        if value is None or not self.scale:
            return 0
        return round(BAR * max(value, Decimal(0)) / self.scale)

    @property
    def baseline_width(self) -> int:
        return self._width(self.entry.baseline)

    @property
    def result_width(self) -> int:
        return self._width(self.entry.result)

    @property
    def target_x(self) -> int | None:
        return None if self.entry.target is None else self._width(self.entry.target)


@dataclass
class InitiativeInReport:
    initiative: Initiative
    measurements: list[Measurement]

    @property
    def card(self):
        return getattr(self.initiative, "learning_card", None)


@dataclass
class GoalInReport:
    goal: SharedGoal | None  # None: initiatives that serve no shared goal
    initiatives: list[InitiativeInReport] = field(default_factory=list)


def _measurements(initiative: Initiative) -> list[Measurement]:
    shown = []
    for entry in initiative.measurements:
        numbers = [n for n in (entry.baseline, entry.target, entry.result) if n is not None]
        if entry.unit == Entry.Unit.PERCENT:
            scale = Decimal(100)
        else:
            scale = max([abs(n) for n in numbers], default=Decimal(0))
        shown.append(Measurement(entry=entry, scale=scale))
    return shown


def annual_report(user: User, year: SchoolYear | None) -> dict:
    """Everything the printable report shows, in a fixed number of queries."""
    initiatives = (
        Initiative.objects.visible_to(user)
        .exclude(state=Initiative.State.IDEA)
        .select_related("template", "learning_card")
        .prefetch_related(
            "teams",
            "goals",
            Prefetch(
                "entries",
                queryset=Entry.objects.filter(kind=Entry.Kind.MEASUREMENT).order_by(
                    "created_at", "pk"
                ),
                to_attr="measurements",
            ),
        )
        .order_by("created_at", "pk")
    )
    if year:
        initiatives = initiatives.filter(school_year=year)
    goals = {
        goal.pk: GoalInReport(goal=goal)
        for goal in SharedGoal.objects.visible_to(user).current().select_related("team")
    }
    without_goal = GoalInReport(goal=None)
    states: Counter[str] = Counter()
    cards = 0
    for initiative in initiatives:
        states[initiative.state] += 1
        cards += getattr(initiative, "learning_card", None) is not None
        item = InitiativeInReport(initiative=initiative, measurements=_measurements(initiative))
        served = [goals[g.pk] for g in initiative.goals.all() if g.pk in goals]
        for section in served or [without_goal]:
            section.initiatives.append(item)
    sections = [section for section in goals.values() if section.initiatives]
    sections += [section for section in goals.values() if not section.initiatives]
    if without_goal.initiatives:
        sections.append(without_goal)
    return {
        "year": year,
        "sections": sections,
        "counts": {
            "initiatives": sum(states.values()),
            "running": states[Initiative.State.RUNNING] + states[Initiative.State.PAUSED],
            "completed": states[Initiative.State.COMPLETED],
            "stopped": states[Initiative.State.STOPPED],
            "cards": cards,
        },
    }
