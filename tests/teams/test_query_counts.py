"""Pages use the same number of queries however many members, goals or teams there are."""

import pytest
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


@pytest.mark.parametrize(
    "url_name,args,persona,pinned",
    [
        ("home", [], "teacher", 9),
        ("teams:team_list", [], "teacher", 4),
        ("teams:team_detail", ["team"], "lead", 7),
        ("teams:school_detail", [], "leader", 8),
        ("teams:staff_list", [], "leader", 4),
    ],
)
def test_page_queries_do_not_grow_with_members_or_goals(
    world, client_for, django_assert_num_queries, url_name, args, persona, pinned
):
    client = client_for(getattr(world, persona))
    url = reverse(url_name, args=[getattr(world, a).pk for a in args])
    for size in (2, 28):
        grow(world, size)
        with django_assert_num_queries(pinned):
            assert client.get(url).status_code == 200


def test_team_page_fragment_queries_do_not_grow(world, client_for, django_assert_num_queries):
    norm = TeamNormFactory(team=world.team)
    client = client_for(world.lead)
    url = reverse("teams:edit_norm", args=[norm.pk])
    for size in (2, 28):
        grow(world, size)
        with django_assert_num_queries(8):
            assert client.get(url).status_code == 200
