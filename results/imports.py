"""Group results from a pupil-tracking system's export, counted into groups on import.

A file with a row per pupil (names and pupil numbers in it) is read in memory, counted per
group, and forgotten: only the counts travel on (in the preview, signed; then into the
database). Nothing here logs or keeps a row. A file of group distributions (a count per
group and level) is read as it is. A bad file is refused whole, with the rows at fault.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from core.spreadsheet import decode_spreadsheet_text
from teams.models import School, SchoolYear, User

from .models import LEVELS, GroupResult, Scale, TestMoment

MAX_ROWS = 5000
MAX_COLUMNS = 60
SIGN_SALT = "plc.results.preview"
# Column names as the Dutch pupil-tracking systems write them, lower case.
GROUP_HEADERS = ("groep", "group", "klas", "groepsnaam")
LEVEL_HEADERS = ("niveau", "vaardigheidsniveau", "score", "resultaat", "level", "ln")
COUNT_HEADERS = ("aantal", "aantal leerlingen", "leerlingen", "count")


class ImportProblem(ValueError):
    """Why a file cannot be imported; `messages` name the rows at fault."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Mapping:
    group: str
    level: str
    count: str = ""  # empty: a row per pupil


@dataclass
class GroupAggregate:
    group: str
    grade: int | None
    pupils: int
    distribution: dict[str, int] = field(default_factory=dict)
    mean: str | None = None  # a Decimal as text, so the preview can be signed as JSON


def read_table(name: str, raw: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The column names and rows of a CSV or an .xlsx file (its first sheet)."""
    if raw.startswith(b"PK\x03\x04") or name.lower().endswith(".xlsx"):
        table = _xlsx_rows(raw)
    else:
        text = decode_spreadsheet_text(raw)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ";"
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    table = [row for row in table if any(str(cell).strip() for cell in row)]
    if not table:
        raise ImportProblem([_("The file is empty.")])
    headers = [str(cell).strip() for cell in table[0]]
    if len(headers) > MAX_COLUMNS or len(table) - 1 > MAX_ROWS:
        raise ImportProblem(
            [_("The file is too large: at most %(rows)s rows.") % {"rows": MAX_ROWS}]
        )
    rows = [
        {header: str(row[i]).strip() if i < len(row) else "" for i, header in enumerate(headers)}
        for row in table[1:]
    ]
    return headers, rows


def _xlsx_rows(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is no workbook
        raise ImportProblem([_("This is not an Excel file (.xlsx) we can read.")]) from None
    sheet = workbook.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if number > MAX_ROWS + 1:
            break
        rows.append(["" if cell is None else _cell_text(cell) for cell in row[: MAX_COLUMNS + 1]])
    workbook.close()
    return rows


def _cell_text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def guess_mapping(headers: list[str]) -> Mapping:
    """The columns as most exports name them; the admin corrects what is wrong."""

    def find(names: tuple[str, ...]) -> str:
        return next((h for h in headers if h.strip().lower() in names), "")

    return Mapping(group=find(GROUP_HEADERS), level=find(LEVEL_HEADERS), count=find(COUNT_HEADERS))


def grade_of(group: str) -> int | None:
    """'Groep 5A', '5b', 'gr. 3' -> 5, 5, 3."""
    match = re.search(r"(?<!\d)([1-8])(?!\d)", group)
    return int(match.group(1)) if match else None


def _level(value: str, scale: str) -> str | None:
    text = value.strip().upper().replace(" ", "")  # "1f" -> "1F", "< 1F" -> "<1F"
    return text if text in LEVELS[scale] else None


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        return None


def aggregate(rows: list[dict[str, str]], mapping: Mapping, scale: str) -> list[GroupAggregate]:
    """Count the rows into groups: per level (or the mean score), how many pupils. All or
    nothing: any row at fault refuses the file, saying which."""
    problems: list[str] = []
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sums: dict[str, Decimal] = defaultdict(Decimal)
    pupils: dict[str, int] = defaultdict(int)
    for column in (mapping.group, mapping.level, mapping.count):
        if column and rows and column not in rows[0]:
            problems.append(_("The file has no column “%(column)s”.") % {"column": column})
    if not mapping.group or not mapping.level:
        problems.append(_("Say which column holds the group and which the level or score."))
    if problems:
        raise ImportProblem(problems)
    for number, row in enumerate(rows, start=2):  # row 1 holds the column names
        group = row.get(mapping.group, "").strip()
        value = row.get(mapping.level, "").strip()
        if not group:
            problems.append(_("Row %(row)s: no group.") % {"row": number})
            continue
        many = 1
        if mapping.count:
            raw_count = row.get(mapping.count, "").strip()
            if not raw_count.isdigit():
                problems.append(
                    _("Row %(row)s: “%(value)s” is not a number of pupils.")
                    % {"row": number, "value": raw_count[:20]}
                )
                continue
            many = int(raw_count)
        if scale == Scale.NUMBER:
            score = _number(value)
            if score is None:
                problems.append(_("Row %(row)s: the score is not a number.") % {"row": number})
                continue
            sums[group] += score * many
        else:
            level = _level(value, scale)
            if level is None:
                # The value is a level or score, never a name: safe to show back.
                problems.append(
                    _("Row %(row)s: “%(value)s” is not one of the levels %(levels)s.")
                    % {"row": number, "value": value[:10], "levels": ", ".join(LEVELS[scale])}
                )
                continue
            counts[group][level] += many
        pupils[group] += many
        if len(problems) > 20:
            break
    if problems:
        raise ImportProblem(problems[:20])
    if not pupils:
        raise ImportProblem([_("The file holds no results.")])
    return [
        GroupAggregate(
            group=group[:40],
            grade=grade_of(group),
            pupils=pupils[group],
            distribution=dict(counts[group]),
            mean=str(round(sums[group] / pupils[group], 2)) if scale == Scale.NUMBER else None,
        )
        for group in sorted(pupils, key=lambda g: (grade_of(g) or 9, g))
    ]


def sign_preview(aggregates: list[GroupAggregate]) -> str:
    """The counts (never a row) for the confirm step, signed so they cannot be altered."""
    return signing.dumps([asdict(a) for a in aggregates], salt=SIGN_SALT, compress=True)


def unsign_preview(token: str) -> list[GroupAggregate]:
    data = signing.loads(token, salt=SIGN_SALT, max_age=60 * 60)
    return [GroupAggregate(**row) for row in data]


@transaction.atomic
def replace_test_moment(
    *,
    school: School,
    school_year: SchoolYear,
    subject: str,
    moment: str,
    scale: str,
    aggregates: list[GroupAggregate],
    by: User,
) -> TestMoment:
    """Store the counts of one test moment; an earlier import of the same moment goes."""
    TestMoment.objects.filter(
        school=school, school_year=school_year, subject=subject, moment=moment
    ).delete()
    test_moment = TestMoment.objects.create(
        school=school,
        school_year=school_year,
        subject=subject,
        moment=moment,
        scale=scale,
        imported_by=by,
    )
    GroupResult.objects.bulk_create(
        GroupResult(
            test_moment=test_moment,
            group=row.group,
            grade=row.grade,
            pupils=row.pupils,
            distribution=row.distribution,
            mean=Decimal(row.mean) if row.mean is not None else None,
        )
        for row in aggregates
    )
    return test_moment
