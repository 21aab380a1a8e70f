"""How the groups, the age-band teams and the school did over the test moments of one
subject: the share of pupils at the good levels, never a child and never a group under five."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q

from core.anonymity import MIN_GROUP
from teams.models import Team, User

from .models import LEVELS, GroupResult, Scale, TestMoment

# The levels counted as "at level": the upper part of each scale.
GOOD = {
    Scale.LEVELS_ROMAN: {"I", "II", "III"},
    Scale.LEVELS_LETTERS: {"A", "B", "C"},
    Scale.REFERENCE: {"2F", "1S", "1F"},
}


@dataclass
class Point:
    moment: TestMoment
    pupils: int
    at_level: int | None  # None for a score scale
    mean: float | None = None

    @property
    def share(self) -> int | None:
        if self.at_level is None or not self.pupils:
            return None
        return round(100 * self.at_level / self.pupils)


@dataclass
class Series:
    label: str
    points: list[Point] = field(default_factory=list)


def point_of(moment: TestMoment, results: list[GroupResult]) -> Point | None:
    pupils = sum(r.pupils for r in results)
    if pupils < MIN_GROUP:
        return None  # too few children to show without pointing at one
    if moment.scale == Scale.NUMBER:
        total = sum(float(r.mean or 0) * r.pupils for r in results)
        return Point(moment, pupils, None, round(total / pupils, 1))
    good = GOOD[moment.scale]
    at_level = sum(n for r in results for level, n in r.distribution.items() if level in good)
    return Point(moment, pupils, at_level)


def sees_every_grade(user: User) -> bool:
    return user.is_leader or user.is_school_admin


def visible_grades(user: User) -> set[int] | None:
    """The groups (grades) a person may see one by one: the leader and admins all (None),
    a teacher those of their own age-band teams. `teaches_grade` is its query form."""
    if sees_every_grade(user):
        return None
    grades: set[int] = set()
    for team in Team.objects.filter(memberships__user=user, first_group__isnull=False):
        grades.update(range(team.first_group, (team.last_group or team.first_group) + 1))
    return grades


def teaches_grade(user: User, grade: OuterRef) -> Exists:
    """The query form of `visible_grades` for a teacher: one of their age-band teams spans
    the grade (from its first group to its last, or its first alone). A condition inside
    the query rather than a list of grades, so the query has one shape for everyone."""
    return Exists(
        Team.objects.filter(
            memberships__user=user, first_group__isnull=False, first_group__lte=grade
        ).filter(Q(last_group__gte=grade) | Q(last_group__isnull=True, first_group=grade))
    )


def trends(user: User, subject: str) -> dict:
    """The school's, each age-band team's and (as far as the person may see them) each
    group's series over the moments of `subject`: two queries, however many moments."""
    moments = list(
        TestMoment.objects.visible_to(user)
        .filter(subject=subject)
        .select_related("school_year")
        .prefetch_related(
            Prefetch("results", queryset=GroupResult.objects.order_by("grade", "group"))
        )
        .order_by("school_year__starts_on", "-moment")  # a year's middle before its end
    )
    teams = list(
        Team.objects.filter(
            school_id=user.school_id, kind=Team.Kind.AGE_BAND, first_group__isnull=False
        ).order_by("first_group")
    )
    school = Series(str(user.school.name))
    per_team = [Series(team.name) for team in teams]
    per_group: dict[str, Series] = {}
    grades = visible_grades(user)
    for moment in moments:
        results = list(moment.results.all())
        if point := point_of(moment, results):
            school.points.append(point)
        for team, series in zip(teams, per_team, strict=True):
            last = team.last_group or team.first_group
            mine = [r for r in results if r.grade and team.first_group <= r.grade <= last]
            if point := point_of(moment, mine):
                series.points.append(point)
        for result in results:
            if grades is not None and result.grade not in grades:
                continue
            if point := point_of(moment, [result]):
                per_group.setdefault(result.group, Series(result.group)).points.append(point)
    return {
        "moments": moments,
        "school": school,
        "teams": [s for s in per_team if s.points],
        "groups": list(per_group.values()),
        "levels": LEVELS,
    }
