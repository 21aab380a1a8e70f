"""Nobody sees another school: every URL with an id of another school answers 404."""

import pytest
from django.urls import reverse

from teams.models import Holiday, Membership, SchoolYear, SharedGoal, Team, TeamNorm, User
from tests.factories import SharedGoalFactory, TeamNormFactory
from tests.helpers import unchanged

# Everything the team, goal and person URLs could change.
TEAMS_TABLES = (Team, Membership, TeamNorm, SharedGoal, User, SchoolYear, Holiday)


@pytest.fixture
def first_school_urls(world):
    goal = SharedGoalFactory(school=world.school, team=world.team)
    school_goal = SharedGoalFactory(school=world.school)
    norm = TeamNormFactory(team=world.team)
    year = SchoolYear.objects.create(
        school=world.school, name="2026-2027", starts_on="2026-08-24", ends_on="2027-07-09"
    )
    holiday = Holiday.objects.create(
        school_year=year, name="Kerstvakantie", starts_on="2026-12-19", ends_on="2027-01-03"
    )
    team, person = world.team, world.teacher
    return [
        ("get", reverse("teams:team_detail", args=[team.pk])),
        ("get", reverse("teams:edit_team", args=[team.pk])),
        ("post", reverse("teams:edit_team", args=[team.pk])),
        ("post", reverse("teams:add_norm", args=[team.pk])),
        ("post", reverse("teams:add_team_goal", args=[team.pk])),
        ("get", reverse("teams:edit_norm", args=[norm.pk])),
        ("post", reverse("teams:edit_norm", args=[norm.pk])),
        ("post", reverse("teams:delete_norm", args=[norm.pk])),
        ("get", reverse("teams:edit_goal", args=[goal.pk])),
        ("post", reverse("teams:edit_goal", args=[goal.pk])),
        ("get", reverse("teams:edit_goal", args=[school_goal.pk])),
        ("get", reverse("teams:person_detail", args=[person.pk])),
        ("get", reverse("teams:edit_staff", args=[person.pk])),
        ("post", reverse("teams:edit_staff", args=[person.pk])),
        ("post", reverse("teams:deactivate_staff", args=[person.pk])),
        ("post", reverse("teams:reactivate_staff", args=[person.pk])),
        ("get", reverse("teams:add_holiday", args=[year.pk])),
        ("post", reverse("teams:delete_holiday", args=[holiday.pk])),
    ]


def test_leader_of_another_school_gets_404_on_every_team_goal_and_person_url(
    world, client_for, first_school_urls
):
    # The outsider is a school leader and staff admin of their own school: the strongest
    # persona there, and still nothing of the first school exists for them.
    world.outsider.is_school_admin = True
    world.outsider.save()
    client = client_for(world.outsider)
    for method, url in first_school_urls:
        with unchanged(*TEAMS_TABLES):
            response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)


def test_other_school_cannot_change_anything_of_the_first(world, client_for, first_school_urls):
    world.outsider.is_school_admin = True
    world.outsider.save()
    client = client_for(world.outsider)
    data = {"new-norm-text": "Ingebroken", "new-goal-title": "Ingebroken"}
    for method, url in first_school_urls:
        if method == "post":
            with unchanged(*TEAMS_TABLES):
                assert client.post(url, data).status_code == 404, url


def test_an_id_that_does_not_exist_answers_404(world, client_for):
    client = client_for(world.leader)
    for name in ["teams:team_detail", "teams:person_detail", "teams:edit_goal", "teams:edit_norm"]:
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_lists_show_only_the_own_school(world, client_for):
    client = client_for(world.leader)
    world.leader.is_school_admin = True
    world.leader.save()
    teams = client.get(reverse("teams:team_list")).content.decode()
    staff = client.get(reverse("teams:staff_list")).content.decode()
    assert "Bovenbouw" in teams
    assert reverse("teams:team_detail", args=[world.other_school_team.pk]) not in teams
    assert world.teacher.name in staff
    assert world.outsider.name not in staff


def test_a_goal_cannot_be_tied_to_a_core_value_of_another_school(world, client_for):
    foreign_value = world.other_school.core_values.first()
    response = client_for(world.lead).post(
        reverse("teams:add_team_goal", args=[world.team.pk]),
        {"new-goal-title": "Leesplezier", "new-goal-core_values": [foreign_value.pk]},
    )
    assert response.status_code == 422
    assert not world.team.goals.exists()
