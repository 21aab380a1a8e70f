"""The school year's learning cards, goals and measurements as rows, for the CSV export
and the printable page (the annual report)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from core.spreadsheet import safe_rows
from inquiries.models import Entry, Initiative, LearningCard
from teams.models import SchoolYear, SharedGoal, User

COLUMNS = [
    "soort",
    "titel",
    "team",
    "cyclus",
    "status",
    "doel",
    "wat we meten",
    "eenheid",
    "beginmeting",
    "doel (meting)",
    "resultaat",
    "wat we leerden",
    "wat we aanraden",
]


def export_rows(user: User, year: SchoolYear | None) -> list[list]:
    cards = (
        LearningCard.objects.visible_to(user)
        .select_related("initiative__template")
        .prefetch_related("initiative__teams", "initiative__goals")
    )
    entries = (
        Entry.objects.visible_to(user)
        .filter(kind=Entry.Kind.MEASUREMENT)
        .select_related("initiative__template")
        .prefetch_related("initiative__teams", "initiative__goals")
    )
    if year:
        cards = cards.filter(initiative__school_year=year)
        entries = entries.filter(initiative__school_year=year)
    rows = [
        [_("learning card"), *_about(card.initiative), *[""] * 5, card.learned, card.advice]
        for card in cards
    ]
    rows += [
        [
            _("shared goal"),
            goal.title,
            goal.team.name if goal.team else _("whole school"),
            "",
            goal.get_status_display(),
            *[""] * 8,
        ]
        for goal in SharedGoal.objects.visible_to(user).select_related("team")
    ]
    for entry in entries:
        # Numbers stay numbers (core.spreadsheet writes them with a decimal comma); the unit
        # has a column of its own, so Excel can sum and chart them.
        rows.append(
            [
                _("measurement"),
                *_about(entry.initiative),
                entry.measure,
                entry.get_unit_display(),
                entry.baseline,
                entry.target,
                entry.result,
                "",
                "",
            ]
        )
    return rows


def _about(initiative: Initiative) -> list[str]:
    """Title, teams, cycle, state and goals: the columns every row about an initiative has."""
    return [
        initiative.title,
        ", ".join(t.name for t in initiative.teams.all()),
        initiative.template.display_name,
        initiative.get_state_display(),
        ", ".join(g.title for g in initiative.goals.all()),
    ]


def csv_text(rows: list[list[str]]) -> str:
    """UTF-8 with a BOM and semicolons, as Dutch spreadsheets expect; no cell can run as a
    formula (core.spreadsheet)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(safe_rows(rows))
    return buffer.getvalue()
