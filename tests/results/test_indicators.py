"""A goal's indicator: who may name it, where the goal stands on its page and on the
leader's dashboard, and an initiative's before and after; the same queries however many
moments and goals."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inquiries.models import Entry, Initiative
from inquiries.services import add_entry, change_state
from results.models import GoalIndicator
from results.voice import answer_round, close_round, open_round
from tests.factories import SharedGoalFactory, start_test_initiative
from tests.helpers import text, unchanged
from tests.results.helpers import group_result as g


@pytest.fixture
def goal(world):
    return SharedGoalFactory(school=world.school, title="Lezen met plezier")


@pytest.fixture
def indicated(world, goal, moments):
    """Groups 4–6 in begrijpend lezen: 50% at level, then 60%, then 70% (middle and end of
    2024–2025, middle of 2025–2026)."""
    GoalIndicator.objects.create(
        goal=goal, subject="begrijpend_lezen", first_grade=4, last_grade=6, baseline=50, target=75
    )
    moments(2024, "E", [g("4A", 4, 12, 8), g("6A", 6, 12, 8), g("8A", 8, 20, 0)])
    moments(2024, "M", [g("4A", 4, 10, 10), g("6A", 6, 10, 10), g("8A", 8, 2, 18)])
    moments(2025, "M", [g("4A", 4, 14, 6), g("6A", 6, 14, 6), g("3A", 3, 0, 20)])
    return goal


def edit(client, goal, **data):
    return client.post(reverse("results:edit_indicator", args=[goal.pk]), data)


def test_the_leader_names_the_indicator_of_a_school_goal(world, client_for, goal):
    response = edit(
        client_for(world.leader),
        goal,
        subject="rekenen",
        first_grade="4",
        last_grade="6",
        baseline="40",
        target="60",
    )
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    indicator = GoalIndicator.objects.get(goal=goal)
    assert (indicator.subject, indicator.first_grade, indicator.target) == ("rekenen", 4, 60)
    page = text(client_for(world.leader).get(goal.get_absolute_url()))
    assert "groepen 4–6" in page and "rekenen-wiskunde" in page.lower()


def test_a_wrong_range_or_percentage_says_what_is_wrong_and_saves_nothing(world, client_for, goal):
    with unchanged(GoalIndicator):
        response = edit(
            client_for(world.leader),
            goal,
            subject="rekenen",
            first_grade="6",
            last_grade="4",
            baseline="40",
            target="120",
        )
    assert response.status_code == 422
    page = text(response)
    assert "De laatste groep komt na de eerste." in page
    assert "Een percentage van 0 tot 100." in page
    assert 'value="120"' in page  # what was typed stays


def test_a_teacher_may_not_name_the_indicator_of_a_school_goal_and_an_outsider_finds_nothing(
    world, client_for, goal
):
    data = dict(subject="rekenen", first_grade="4", last_grade="6", baseline="4", target="6")
    with unchanged(GoalIndicator):
        assert edit(client_for(world.teacher), goal, **data).status_code == 403
        assert edit(client_for(world.outsider), goal, **data).status_code == 404
    assert client_for(world.outsider).get(goal.get_absolute_url()).status_code == 404


def test_the_goal_page_shows_where_the_goal_stands(world, client_for, indicated):
    page = text(client_for(world.teacher).get(indicated.get_absolute_url()))
    # Latest: middle 2025–2026, groups 4–6 only (group 3 and 8 are outside the range).
    assert "70%" in page and "50%" in page and "75%" in page
    # 50 → 70 of the way to 75: 80%.
    assert "80% van de weg van de beginmeting naar het doel." in page
    rows = page.index("Midden van het jaar 2024-2025"), page.index("Eind van het jaar 2024-2025")
    assert rows[0] < rows[1]  # the middle of a year comes before its end
    assert "Indicator wijzigen" not in page  # the teacher may not change a school goal


def test_the_goal_page_lists_the_initiatives_serving_it(world, client_for, goal):
    start_test_initiative(starter=world.teacher, team=world.team, title="Boekenkring", goals=[goal])
    page = text(client_for(world.colleague).get(goal.get_absolute_url()))
    assert "Boekenkring" in page


def test_the_dashboard_shows_each_goal_with_its_indicator(world, client_for, indicated):
    page = text(client_for(world.leader).get(reverse("dashboard:leader_dashboard")))
    assert "Lezen met plezier" in page and "70%" in page


def test_an_initiative_shows_the_indicator_before_and_after_its_cycle_beside_its_measurements(
    world, client_for, indicated
):
    initiative = start_test_initiative(
        starter=world.teacher, team=world.team, title="Boekenkring", goals=[indicated]
    )
    change_state(initiative=initiative, user=world.teacher, action="start")
    add_entry(
        initiative=initiative,
        author=world.teacher,
        submission_key="m",
        entry=Entry(kind="measurement", measure="Kinderen die thuis lezen", baseline=8, result=15),
    )
    # Started in the summer of 2025, ended in the autumn: before = end 2024–2025 (60%),
    # after = the first moment after it ended (middle 2025–2026, 70%).
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
        ended_at=datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC),
    )
    page = text(client_for(world.teacher).get(initiative.get_absolute_url()))
    panel = page[page.index("Heeft het geholpen?") :]
    assert "Kinderen die thuis lezen" in panel
    assert "60%" in panel and "eind van het jaar 2024-2025" in panel
    assert "70%" in panel and "tot nu toe" not in panel


def test_a_running_initiative_shows_the_latest_results_so_far(world, client_for, indicated):
    initiative = start_test_initiative(
        starter=world.teacher, team=world.team, title="Boekenkring", goals=[indicated]
    )
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    )
    page = text(client_for(world.teacher).get(initiative.get_absolute_url()))
    panel = page[page.index("Heeft het geholpen?") :]
    assert "50%" in panel and "70%" in panel and "tot nu toe" in panel


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_goal_page_and_the_dashboard_cost_the_same_queries_for_two_moments_or_eight(
    world, client_for, goal, moments
):
    GoalIndicator.objects.create(
        goal=goal, subject="begrijpend_lezen", first_grade=4, last_grade=6, baseline=5, target=9
    )
    client = client_for(world.leader)
    dashboard = reverse("dashboard:leader_dashboard")
    moments(2020, "M", [g("4A", 4, 12, 8)])
    moments(2020, "E", [g("4A", 4, 13, 7)])
    few = queries(client, goal.get_absolute_url()), queries(client, dashboard)
    for year in range(2021, 2024):
        other = SharedGoalFactory(school=world.school)
        GoalIndicator.objects.create(
            goal=other, subject="rekenen", first_grade=3, last_grade=5, baseline=5, target=9
        )
        moments(year, "M", [g("4A", 4, 12, 8), g("5A", 5, 9, 1)])
        moments(year, "E", [g("4A", 4, 14, 6), g("5A", 5, 9, 1)])
    assert (queries(client, goal.get_absolute_url()), queries(client, dashboard)) == few


def test_a_closed_voice_round_tied_to_a_goal_and_initiative_shows_there_to_who_may_see_it(
    world, client_for, goal
):
    initiative = start_test_initiative(
        starter=world.teacher, team=world.team, title="Boekenkring", goals=[goal]
    )
    voice = open_round(
        by=world.teacher,
        group="groep 4b",
        grade=4,
        questions=["reading_fun"],
        goal=goal,
        initiative=initiative,
    )
    for child in range(5):
        answer_round(code=voice.code, token=f"t{child}", answers={"reading_fun": 1 + child % 2})
    still_open = text(client_for(world.teacher).get(goal.get_absolute_url()))
    assert "groep 4b" not in still_open  # nothing while the round is open
    close_round(round=voice, by=world.teacher)
    for url in (goal.get_absolute_url(), initiative.get_absolute_url()):
        page = text(client_for(world.colleague).get(url))
        assert "groep 4b" in page and "60%" in page  # 3 of 5 chose "Ja"
        # The bovenbouw's lead sees the goal, not this middenbouw group's answers.
        assert "groep 4b" not in text(client_for(world.other_lead).get(url))


def test_the_results_list_import_and_indicator_pages_cost_the_same_queries_for_two_moments_or_eight(
    world, client_for, goal, moments
):
    GoalIndicator.objects.create(
        goal=goal, subject="begrijpend_lezen", first_grade=4, last_grade=6, baseline=5, target=9
    )
    client = client_for(world.leader)
    urls = [
        reverse("results:results_list"),
        reverse("results:import_results"),
        reverse("results:edit_indicator", args=[goal.pk]),
    ]
    moments(2020, "M", [g("4A", 4, 12, 8)])
    moments(2020, "E", [g("4A", 4, 13, 7)])
    few = [queries(client, url) for url in urls]
    for year in range(2021, 2024):
        moments(year, "M", [g("4A", 4, 12, 8), g("5A", 5, 9, 1)])
        moments(year, "E", [g("4A", 4, 14, 6), g("5A", 5, 9, 1)])
    assert [queries(client, url) for url in urls] == few


def test_two_people_saving_the_indicator_at_once_the_second_is_told_not_overwritten(
    world, client_for, goal
):
    GoalIndicator.objects.create(
        goal=goal, subject="rekenen", first_grade=4, last_grade=6, baseline=40, target=60
    )
    data = dict(subject="rekenen", first_grade="4", last_grade="6", baseline="40")
    assert (
        edit(client_for(world.leader), goal, **data, target="65", seen_version="1").status_code
        == 302
    )
    response = edit(client_for(world.admin), goal, **data, target="80", seen_version="1")
    assert response.status_code == 409
    page = text(response)
    assert "Iemand anders heeft dit gewijzigd" in page and 'value="80"' in page  # kept
    assert GoalIndicator.objects.get(goal=goal).target == 65  # not overwritten
    # Saving once more, having seen the other version, overwrites knowingly.
    again = edit(client_for(world.admin), goal, **data, target="80", seen_version="2")
    assert again.status_code == 302 and GoalIndicator.objects.get(goal=goal).target == 80
