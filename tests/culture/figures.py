"""Reading a results page as a reader would, and computing from it what a reader could."""

import datetime
import itertools
import re
from html.parser import HTMLParser

from django.utils import timezone

from culture.models import MIN_GROUP, Round

SCHOOL = "Hele school"


def close(round: Round) -> Round:
    """Move the round into the past, as if its closing date has gone by."""
    today = timezone.localdate()
    Round.objects.filter(pk=round.pk).update(
        opens_on=today - datetime.timedelta(days=14), closes_on=today - datetime.timedelta(days=1)
    )
    round.refresh_from_db()
    return round


def without_tokens(html: str) -> str:
    """The page with what is new on every request (CSRF token, CSP nonce, a form's one-time
    submission key) blanked out."""
    return re.sub(
        r'(csrfmiddlewaretoken" value=|"X-CSRFToken": |nonce=|submission_key" value=)"[^"]*"',
        r'\1""',
        html,
    )


class _FigureReader(HTMLParser):
    """Every figure a reader sees, per group: a `result-group` section with a heading."""

    def __init__(self):
        super().__init__()
        self.groups: dict[str, dict] = {}
        self.current: dict | None = None
        self.tag: str | None = None
        self.row: list[str] | None = None
        self.cell: str | None = None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "section" and "result-group" in classes.split():
            self.current = {"name": "", "count": None, "rows": {}}
        elif self.current is not None:
            if tag == "tr":
                self.row = []
            elif tag in ("td", "th") and self.row is not None:
                self.cell = ""
            self.tag = tag

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "section":
            self.groups[self.current["name"]] = self.current
            self.current = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row:
            numbers = [_number(c) for c in self.row[1:]]
            if numbers and all(n is not None for n in numbers):
                self.current["rows"][self.row[0]] = numbers
            self.row = None
        self.tag = None

    def handle_data(self, data):
        if self.current is None:
            return
        if self.cell is not None:
            self.cell += data
        elif self.tag in ("h2", "h3", "h4"):
            self.current["name"] += data.strip()
        elif match := re.fullmatch(r"\s*(\d+) antwoord(en)?\s*", data):
            self.current["count"] = int(match.group(1))


def _number(cell: str) -> float | None:
    try:
        return float(cell.replace(",", "."))
    except ValueError:
        return None


def read_figures(html: str) -> dict[str, dict]:
    """{group name: {"count": n or None, "rows": {label: [numbers...]}}} as shown."""
    reader = _FigureReader()
    reader.feed(html)
    return reader.groups


def derivable(figures: dict[str, dict]) -> list[tuple[int, dict[str, list[float]]]]:
    """Everything a reader can compute beyond what is shown: the whole school's figures minus
    every combination of the teams shown, weighted by the counts shown.

    [(how many answers the computed figures stand for, {label: [numbers]}), ...]
    """
    school = figures.get(SCHOOL)
    if not school or not school["rows"]:
        return []  # without a total there is nothing to subtract from
    teams = [g for name, g in figures.items() if name != SCHOOL and g["rows"]]
    assert school["count"] and all(t["count"] for t in teams), "counts are shown with figures"
    computed = []
    for size in range(len(teams) + 1):
        for combination in itertools.combinations(teams, size):
            rest = school["count"] - sum(t["count"] for t in combination)
            if rest <= 0:
                continue
            rows = {
                label: [
                    (
                        school["count"] * value
                        - sum(t["count"] * t["rows"][label][column] for t in combination)
                    )
                    / rest
                    for column, value in enumerate(values)
                ]
                for label, values in school["rows"].items()
                if all(label in t["rows"] for t in combination)
            }
            computed.append((rest, rows))
    return computed


def assert_no_small_group_derivable(figures: dict[str, dict], small: dict[str, dict]) -> None:
    """No group under MIN_GROUP answers can be read or computed, not even to within 0.5.

    small: {name: {"count": true count, "rows": {label: [true averages]}}}
    """
    for name, truth in small.items():
        assert truth["count"] < MIN_GROUP
        shown = figures.get(name)
        if shown is not None:
            assert shown["count"] is None and shown["rows"] == {}, f"{name} is shown"
    for rest, rows in derivable(figures):
        assert rest >= MIN_GROUP, f"a figure for {rest} answers can be computed"
        for name, truth in small.items():
            assert rest != truth["count"], f"the count of {name} can be computed"
            for label, values in rows.items():
                for computed, real in zip(values, truth["rows"][label], strict=True):
                    assert abs(computed - real) > 0.5, f"{name}: {label} is {real}, {computed}"
