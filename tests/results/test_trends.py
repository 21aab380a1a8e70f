"""The trends: the school, each bouw and (as far as one may see them) each group over the
test moments; never a group under five pupils; the same queries for two moments or eight."""

from django.urls import reverse

from tests.helpers import text
from tests.results.helpers import group_result as g


def test_the_school_each_bouw_and_the_groups_one_may_see(world, client_for, moments):
    moments(2025, "M", [g("5A", 5, 12, 8), g("6A", 6, 20, 5), g("4B", 4, 2, 1)])
    moments(2025, "E", [g("5A", 5, 15, 5), g("6A", 6, 21, 4), g("4B", 4, 3, 0)])
    leader_page = text(client_for(world.leader).get(reverse("results:trends")))
    assert "Middenbouw" in leader_page and "Bovenbouw" in leader_page
    assert "60%" in leader_page and "75%" in leader_page  # 5A: 12/20, then 15/20
    assert ">6A</h2>" in leader_page
    assert ">4B</h2>" not in leader_page  # three pupils: never shown on their own
    teacher_page = text(client_for(world.teacher).get(reverse("results:trends")))
    assert ">5A</h2>" in teacher_page and ">6A</h2>" not in teacher_page  # her bouw's only
    assert "Bovenbouw" in teacher_page  # the other bouw as a whole, an aggregate
    outsider_page = text(client_for(world.outsider).get(reverse("results:trends")))
    assert ">5A</h2>" not in outsider_page and "Nog geen resultaten voor dit vak." in outsider_page


def test_the_trends_cost_the_same_queries_for_two_moments_and_for_eight(
    world, client_for, moments, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    moments(2020, "M", [g("5A", 5, 12, 8)])
    moments(2020, "E", [g("5A", 5, 13, 7)])
    client = client_for(world.leader)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("results:trends"))
    budget = len(few.captured_queries)
    for year in range(2021, 2024):
        moments(year, "M", [g("5A", 5, 12, 8), g("6A", 6, 9, 1)])
        moments(year, "E", [g("5A", 5, 14, 6), g("6A", 6, 9, 1)])
    with django_assert_max_num_queries(budget):
        assert "2023-2024" in text(client.get(reverse("results:trends")))
