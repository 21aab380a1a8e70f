"""Pages use the same number of queries however many members, goals or teams there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teams.models import Membership
from tests.factories import (
    MembershipFactory,
    SharedGoalFactory,
    TeamFactory,
    TeamNormFactory,
    UserFactory,
)


def grow(world, n: int) -> None:
    values = list(world.school.core_values.all())
    for i in range(n):
        person = UserFactory(school=world.school)
        MembershipFactory(team=world.team, user=person, role=Membership.Role.MEMBER)
        MembershipFactory(team=TeamFactory(school=world.school), user=person)
        goal = SharedGoalFactory(school=world.school, team=world.team)
        goal.core_values.set(values[: 1 + i % 3])
        SharedGoalFactory(school=world.school).core_values.set(values[:2])
        TeamNormFactory(team=world.team)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name,args,persona",
    [
        ("home", [], "teacher"),
        ("teams:team_list", [], "teacher"),
        ("teams:team_detail", ["team"], "lead"),
        ("teams:school_detail", [], "leader"),
        ("teams:staff_list", [], "leader"),
    ],
)
def test_page_queries_do_not_grow_with_members_or_goals(world, client_for, url_name, args, persona):
    client = client_for(getattr(world, persona))
    url = reverse(url_name, args=[getattr(world, a).pk for a in args])
    grow(world, 2)
    with_few = queries(client, url)
    grow(world, 28)
    with_many = queries(client, url)
    assert with_few == with_many


def test_team_page_fragment_queries_do_not_grow(world, client_for):
    norm = TeamNormFactory(team=world.team)
    client = client_for(world.lead)
    url = reverse("teams:edit_norm", args=[norm.pk])
    grow(world, 2)
    few = queries(client, url)
    grow(world, 28)
    assert queries(client, url) == few
