"""The board's overview: per school only aggregates, in a fixed number of queries however
many schools the board has.

Figures about people (the share of staff taking part, the pulse and the self-scan) follow
the one threshold (core.anonymity.MIN_GROUP): a school with fewer staff or answers shows no
such figure, and the board's totals add up only the figures shown, so no hidden figure can
be computed by comparing a total with the schools shown (or a total with and without a
school). The pulse and self-scan use the rule of the school's own pages
(culture.services.shown_groups): the board never shows what the school's leader cannot see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q

from core.anonymity import MIN_GROUP
from culture.models import Round
from culture.services import GroupResult, latest_whole_school_results
from inquiries.models import Initiative, LearningCard, SupportRequest
from teams.models import Board, School, User


@dataclass
class SchoolFigures:
    school: School
    by_state: dict[str, int] = field(default_factory=dict)
    support_total: int = 0
    support_open: int = 0
    response_days: float | None = None
    staff: int | None = None  # None: fewer than MIN_GROUP, not shown
    taking_part: int | None = None
    pulse: GroupResult | None = None  # None: no closed round yet
    scan: GroupResult | None = None
    shared_cards: list[LearningCard] = field(default_factory=list)

    @property
    def taking_part_percent(self) -> int | None:
        if self.staff is None or self.taking_part is None:
            return None
        return round(100 * self.taking_part / self.staff)

    @property
    def pulse_average(self) -> float | None:
        if self.pulse is None or self.pulse.hidden:
            return None
        values = [row["average"] for row in self.pulse.rows if row["average"] is not None]
        return round(sum(values) / len(values), 1) if values else None

    @property
    def scan_now_want(self) -> tuple[float, float] | None:
        if self.scan is None or self.scan.hidden:
            return None
        rows = [row for row in self.scan.rows if row["now"] is not None]
        if not rows:
            return None
        return (
            round(sum(row["now"] for row in rows) / len(rows), 1),
            round(sum(row["want"] for row in rows) / len(rows), 1),
        )


def board_context(board: Board) -> dict:
    schools = list(School.objects.filter(board=board).order_by("name"))
    figures = {school.pk: SchoolFigures(school) for school in schools}
    ids = list(figures)

    for row in (
        Initiative.objects.filter(school_id__in=ids)
        .values("school_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures[row["school_id"]].by_state[row["state"]] = row["n"]

    for row in (
        SupportRequest.objects.filter(initiative__school_id__in=ids)
        .values("initiative__school_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status=SupportRequest.Status.OPEN)),
            average=Avg(F("answered_at") - F("created_at"), filter=Q(answered_at__isnull=False)),
        )
        .order_by()
    ):
        school = figures[row["initiative__school_id"]]
        school.support_total, school.support_open = row["total"], row["open"]
        if row["average"] is not None:
            school.response_days = round(row["average"].total_seconds() / 86400, 1)

    for row in (
        User.objects.filter(school_id__in=ids, is_active=True)
        .values("school_id")
        .annotate(
            total=Count("pk", distinct=True),
            taking_part=Count(
                "pk",
                filter=Q(initiative_memberships__initiative__state__in=Initiative.OPEN_STATES),
                distinct=True,
            ),
        )
        .order_by()
    ):
        if row["total"] >= MIN_GROUP:
            school = figures[row["school_id"]]
            school.staff, school.taking_part = row["total"], row["taking_part"]

    for (school_id, kind), result in latest_whole_school_results(ids).items():
        if kind == Round.Kind.PULSE:
            figures[school_id].pulse = result
        else:
            figures[school_id].scan = result

    shared = (
        LearningCard.objects.filter(
            shared_at__isnull=False,
            initiative__school_id__in=ids,
            initiative__school__shares_with_board=True,
        )
        .select_related("initiative")
        .order_by("-shared_at")
    )
    for card in shared:
        figures[card.initiative.school_id].shared_cards.append(card)

    rows = list(figures.values())
    shown_staff = [row for row in rows if row.staff is not None]
    totals_by_state: dict[str, int] = defaultdict(int)
    for row in rows:
        for state, n in row.by_state.items():
            totals_by_state[state] += n
    staff_total = sum(row.staff for row in shown_staff)
    taking_part_total = sum(row.taking_part for row in shown_staff)
    return {
        "board": board,
        "schools": rows,
        "states": Initiative.State.choices,
        "totals": {
            "by_state": dict(totals_by_state),
            "support_total": sum(row.support_total for row in rows),
            "support_open": sum(row.support_open for row in rows),
            # Only over the schools whose figure is shown (see the module's docstring).
            "staff": staff_total if shown_staff else None,
            "taking_part_percent": round(100 * taking_part_total / staff_total)
            if staff_total
            else None,
            "shared_cards": sum(len(row.shared_cards) for row in rows),
        },
        "min_group": MIN_GROUP,
    }
