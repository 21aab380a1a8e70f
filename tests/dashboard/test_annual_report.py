"""The annual learning report: per shared goal, the initiatives, their learning cards and
their measurements before and after; for the leader; the same queries however much data."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from inquiries.models import Entry, LearningCard
from inquiries.services import add_entry, change_state
from reflections.models import Reflection
from tests.factories import SharedGoalFactory, start_test_initiative
from tests.helpers import text

URL = reverse("dashboard:printable")


def _ended_with_numbers(world, goal, title: str, *, baseline="35", result="70"):
    initiative = start_test_initiative(
        starter=world.teacher, team=world.team, title=title, goals=[goal]
    )
    change_state(initiative=initiative, user=world.teacher, action="start")
    entry = Entry(
        kind="measurement",
        measure="Kinderen die graag lezen",
        unit="percent",
        baseline=Decimal(baseline),
        target=Decimal("60"),
        result=Decimal(result),
    )
    add_entry(initiative=initiative, author=world.teacher, entry=entry, submission_key=title)
    change_state(
        initiative=initiative,
        user=world.teacher,
        action="stop",  # a stopped cycle is a learning too, and needs no last phase
        card=LearningCard(learned=f"Geleerd bij {title}", advice="Begin klein."),
    )
    return initiative


@pytest.mark.parametrize(
    "persona,status", [("leader", 200), ("admin", 200), ("lead", 403), ("teacher", 403)]
)
def test_the_report_is_for_the_leader(world, client_for, persona, status):
    assert client_for(getattr(world, persona)).get(URL).status_code == status


def test_the_report_tells_per_goal_what_was_tried_learned_and_measured(world, client_for):
    reading = SharedGoalFactory(school=world.school, title="Leesmotivatie")
    SharedGoalFactory(school=world.school, title="Rekenen met plezier")
    _ended_with_numbers(world, reading, "Zelf kiezen in de bieb")
    start_test_initiative(starter=world.teacher, team=world.team, title="Los idee")
    Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Privé twijfel",
        proud_of="Geheim",
        visibility="private",
    )
    page = text(client_for(world.leader).get(URL))
    reading_part = page.split("Leesmotivatie", 1)[1].split("Rekenen met plezier", 1)[0]
    assert "Zelf kiezen in de bieb" in reading_part
    assert "Geleerd bij Zelf kiezen in de bieb" in reading_part
    assert "Gemeten bij de kinderen: voor en na" in reading_part
    assert "35%" in reading_part and "70%" in reading_part
    # A goal nobody worked on says so; an idea that never started is not in the report.
    assert "Geen initiatief werkte dit schooljaar aan dit doel." in page
    assert "Los idee" not in page
    assert "Privé twijfel" not in page and "Geheim" not in page


def test_the_report_costs_the_same_queries_for_one_initiative_and_for_twelve(
    world, client_for, django_assert_max_num_queries
):
    goal = SharedGoalFactory(school=world.school, title="Leesmotivatie")
    _ended_with_numbers(world, goal, "Eerste")
    client = client_for(world.leader)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    budget = len(one.captured_queries)  # before a request clears the log
    for n in range(11):
        _ended_with_numbers(world, goal, f"Initiatief {n}")
    with django_assert_max_num_queries(budget):
        page = text(client.get(URL))
    assert "Initiatief 10" in page


def test_the_csv_writes_numbers_as_dutch_excel_reads_them(world, client_for):
    goal = SharedGoalFactory(school=world.school, title="Leesmotivatie")
    _ended_with_numbers(world, goal, "Zelf kiezen", baseline="35.00", result="12.5")
    response = client_for(world.leader).get(reverse("dashboard:export_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    measured = next(row for row in rows if row["soort"] == "meting")
    # "35.00%" is a date or text to Dutch Excel; "35" and "12,5" are numbers.
    assert measured["beginmeting"] == "35"
    assert measured["resultaat"] == "12,5"
    assert measured["doel (meting)"] == "60"
    assert measured["eenheid"] == "percentage van de groep"
