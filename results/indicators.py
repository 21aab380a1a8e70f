"""Where a shared goal stands in the children's results: its indicator over the test
moments, and before and after an initiative's cycle."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .models import GoalIndicator, GroupResult, TestMoment
from .trends import Point, Series, point_of


@dataclass
class Standing:
    indicator: GoalIndicator
    series: Series

    @property
    def latest(self) -> Point | None:
        return self.series.points[-1] if self.series.points else None

    @property
    def progress(self) -> int | None:
        """How far from the baseline towards the target the latest share is, in percent
        (0 at the baseline, 100 at the target; may fall below 0 or pass 100)."""
        latest = self.latest
        if latest is None or latest.share is None:
            return None
        span = self.indicator.target - self.indicator.baseline
        if span == 0:
            return 100 if latest.share >= self.indicator.target else 0
        return round(100 * (latest.share - self.indicator.baseline) / span)

    @property
    def reached(self) -> bool:
        latest = self.latest
        if latest is None or latest.share is None:
            return False
        if self.indicator.target >= self.indicator.baseline:
            return latest.share >= self.indicator.target
        return latest.share <= self.indicator.target

    def around(
        self, started: datetime.date, ended: datetime.date | None
    ) -> tuple[Point | None, Point | None, bool]:
        """The last moment before a cycle started and the first after it ended, or the
        latest during a cycle still running; the flag says whether "after" is final."""
        before = [p for p in self.series.points if p.moment.taken_on <= started]
        later = [p for p in self.series.points if p.moment.taken_on > started]
        if ended is not None:
            after_end = [p for p in later if p.moment.taken_on >= ended]
            if after_end:
                return (before[-1] if before else None), after_end[0], True
        return (before[-1] if before else None), (later[-1] if later else None), False


def standings(school_id: int, indicators: Iterable[GoalIndicator]) -> dict[int, Standing]:
    """Each indicator's series, by goal id: one query, however many moments and goals."""
    indicators = list(indicators)
    if not indicators:
        return {}
    results = GroupResult.objects.filter(
        test_moment__school_id=school_id,
        test_moment__subject__in={i.subject for i in indicators},
        grade__gte=min(i.first_grade for i in indicators),
        grade__lte=max(i.last_grade for i in indicators),
    ).select_related("test_moment__school_year")
    per_moment: dict[TestMoment, list[GroupResult]] = {}
    for result in results:
        per_moment.setdefault(result.test_moment, []).append(result)
    moments = sorted(per_moment, key=lambda m: m.taken_on)
    found = {}
    for indicator in indicators:
        series = Series(str(indicator))
        for moment in moments:
            if moment.subject != indicator.subject:
                continue
            covered = [r for r in per_moment[moment] if indicator.covers(r.grade)]
            point = point_of(moment, covered)
            if point is not None and point.share is not None:
                series.points.append(point)
        found[indicator.goal_id] = Standing(indicator, series)
    return found
