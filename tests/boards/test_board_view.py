"""The board's overview: per school only aggregates; no figure about fewer than five people,
also not by subtracting one figure shown from another, or by comparing the board with and
without a school."""

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.selectors import board_context
from core.anonymity import MIN_GROUP
from culture.models import PULSE_STATEMENTS, SCAN_PARTS, Round
from culture.services import answer_round
from inquiries.services import change_state
from reflections.models import Reflection
from teams.models import Board, School
from tests.culture.figures import close
from tests.factories import SchoolFactory, TeamFactory, UserFactory, start_test_initiative
from tests.helpers import text


def school_of(board: Board, name: str, *, staff: int, taking_part: int, pulse: int, scan: int):
    school = SchoolFactory(name=name)
    school.board = board
    school.save()
    team = TeamFactory(school=school, name="Middenbouw")
    people = [UserFactory(school=school, name=f"{name} Persoon {n}") for n in range(staff)]
    for person in people[:taking_part]:
        initiative = start_test_initiative(starter=person, team=team, title=f"Plan van {person}")
        change_state(initiative=initiative, user=person, action="start")
    Reflection.objects.create(
        school=school, author=people[0], title=f"Geheim van {name}", proud_of="privé"
    )
    for kind, answers in (("pulse", pulse), ("scan", scan)):
        if not answers:
            continue
        round = Round.objects.create(
            school=school,
            kind=kind,
            title=f"Ronde {kind}",
            opens_on=datetime.date(2020, 1, 1),
            closes_on=datetime.date(2099, 1, 1),
        )
        for n in range(answers):
            if kind == "pulse":
                scores = {key: 1 + (n % 5) for key, _s in PULSE_STATEMENTS}
            else:
                scores = {key: {"now": 2, "want": 4} for key, _s in SCAN_PARTS}
            answer_round(round=round, user=people[n % staff], team=None, scores=scores)
        close(round)
    return school


def people_counts(context) -> dict[str, int]:
    """Every count of people the page shows: the board's and each school's."""
    counts = {}
    if context["totals"]["staff"] is not None:
        counts["board staff"] = context["totals"]["staff"]
    for row in context["schools"]:
        name = row.school.name
        if row.staff is not None:
            counts[f"{name} staff"] = row.staff
        for kind in ("pulse", "scan"):
            result = getattr(row, kind)
            if result is not None and not result.hidden:
                counts[f"{name} {kind}"] = result.count
    return counts


def test_no_figure_of_fewer_than_five_people_is_shown_or_derivable(world):
    board = Board.objects.create(name="Stichting")
    school_of(board, "Groot", staff=7, taking_part=3, pulse=6, scan=5)
    school_of(board, "Midden", staff=5, taking_part=2, pulse=5, scan=0)
    school_of(board, "Klein", staff=4, taking_part=1, pulse=3, scan=4)
    context = board_context(board)
    rows = {row.school.name: row for row in context["schools"]}
    small = rows["Klein"]
    assert small.staff is None and small.taking_part_percent is None
    assert small.pulse.hidden and small.scan.hidden
    assert rows["Groot"].pulse_average is not None and rows["Midden"].staff == 5
    # Every count shown stands for at least five people...
    counts = people_counts(context)
    assert counts and all(n >= MIN_GROUP for n in counts.values()), counts
    # ... and so does the difference of any two where one contains the other (schools are
    # apart; only the board's total contains a school's): the rest of the board.
    for (a, x), (b, y) in itertools.permutations(counts.items(), 2):
        if a.startswith("board ") and a.split()[-1] == b.split()[-1]:
            assert x - y == 0 or x - y >= MIN_GROUP, (a, x, b, y)
    assert counts["board staff"] == 12 and counts["Groot pulse"] == 6
    # The board's totals are the same with the small school and without it: comparing them
    # gives it away no more than leaving it out.
    with_small = context["totals"]
    School.objects.filter(name="Klein").update(board=None)
    without = board_context(board)["totals"]
    for key in ("staff", "taking_part_percent"):
        assert with_small[key] == without[key], key
    assert with_small["staff"] == 12  # Groot and Midden only


def test_the_board_view_names_nobody_and_shows_no_private_item(world, client_for):
    board = Board.objects.create(name="Stichting")
    school_of(board, "Groot", staff=6, taking_part=3, pulse=5, scan=0)
    officer = UserFactory(school=None, board=board, name="Karin Kwaliteit")
    body = text(client_for(officer).get(reverse("boards:board_overview")))
    assert "Groot" in body and "5 antwoorden" in body
    assert "Persoon" not in body  # no staff name, not even of who started an initiative
    assert "Plan van" not in body  # an initiative is a school's, unless its card is shared
    assert "Geheim" not in body  # a private reflection, never


def test_the_board_view_costs_the_same_queries_for_two_schools_or_six(
    world, client_for, django_assert_num_queries
):
    board = Board.objects.create(name="Stichting")
    officer = UserFactory(school=None, board=board)
    client = client_for(officer)
    for n in range(2):
        school_of(board, f"School {n}", staff=5, taking_part=2, pulse=5, scan=5)
    client.get(reverse("boards:board_overview"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("boards:board_overview")).status_code == 200
    for n in range(2, 6):
        school_of(board, f"School {n}", staff=6, taking_part=3, pulse=6, scan=5)
    with django_assert_num_queries(len(few)):
        assert client.get(reverse("boards:board_overview")).status_code == 200
