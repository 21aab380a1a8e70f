"""Who may open and change what, for every page and fragment of the teams app.

Personas: teacher and colleague (members of the middenbouw), lead (bouwcoördinator of the
middenbouw), other_lead (of the bovenbouw), leader (schoolleider), admin (manages staff).
"""

from contextlib import nullcontext

import pytest
from django.urls import reverse

from teams.models import SharedGoal, TeamNorm, User
from tests.factories import SharedGoalFactory, TeamNormFactory
from tests.helpers import HTMX, unchanged

EVERYONE = ["teacher", "colleague", "lead", "other_lead", "leader", "admin"]
OK = {200, 302}


def status_for(client, method, url, data=None, htmx=False):
    extra = HTMX if htmx else {}
    if method == "get":
        return client.get(url, **extra).status_code
    return client.post(url, data or {}, **extra).status_code


@pytest.fixture
def objects(world):
    return {
        "team_goal": SharedGoalFactory(school=world.school, team=world.team),
        "school_goal": SharedGoalFactory(school=world.school),
        "norm": TeamNormFactory(team=world.team, text="We beginnen op tijd."),
    }


@pytest.mark.parametrize(
    "url_name",
    ["home", "teams:school_detail", "teams:team_list", "teams:profile", "teams:school_years"],
)
def test_every_staff_member_sees_the_school_pages(world, client_for, url_name):
    for persona in EVERYONE:
        response = client_for(getattr(world, persona)).get(reverse(url_name))
        assert response.status_code == 200, persona


def test_everyone_in_the_school_sees_a_team_page_and_a_colleague(world, client_for):
    for persona in EVERYONE:
        client = client_for(getattr(world, persona))
        assert client.get(reverse("teams:team_detail", args=[world.team.pk])).status_code == 200
        assert (
            client.get(reverse("teams:person_detail", args=[world.colleague.pk])).status_code == 200
        )


# (persona, allowed) for team norms and team goals of the middenbouw
TEAM_EDITORS = {
    "teacher": False,
    "colleague": False,
    "lead": True,
    "other_lead": False,
    "leader": True,
    "admin": False,
}


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("persona,allowed", TEAM_EDITORS.items())
def test_only_the_teams_leads_and_the_leader_change_its_norms_and_goals(
    world, client_for, objects, persona, allowed, htmx
):
    client = client_for(getattr(world, persona))
    norm, goal = objects["norm"], objects["team_goal"]
    checks = [
        ("get", reverse("teams:edit_norm", args=[norm.pk]), None),
        (
            "post",
            reverse("teams:edit_norm", args=[norm.pk]),
            {f"norm-{norm.pk}-text": "Nieuwe tekst", f"norm-{norm.pk}-seen_version": 1},
        ),
        ("post", reverse("teams:add_norm", args=[world.team.pk]), {"new-norm-text": "Nieuw"}),
        ("get", reverse("teams:edit_goal", args=[goal.pk]), None),
        (
            "post",
            reverse("teams:add_team_goal", args=[world.team.pk]),
            {"new-goal-title": "Nieuw doel"},
        ),
        ("post", reverse("teams:delete_norm", args=[norm.pk]), None),
    ]
    for method, url, data in checks:
        with nullcontext() if allowed else unchanged(TeamNorm, SharedGoal):
            status = status_for(client, method, url, data, htmx)
        if allowed:
            assert status in OK, (method, url, status)
        else:
            assert status == 403, (method, url, status)


SCHOOL_EDITORS = {
    "teacher": False,
    "colleague": False,
    "lead": False,
    "other_lead": False,
    "leader": True,
    "admin": True,
}


@pytest.mark.parametrize("persona,allowed", SCHOOL_EDITORS.items())
def test_only_the_leader_and_staff_admin_edit_the_school_and_its_teams(
    world, client_for, objects, persona, allowed
):
    client = client_for(getattr(world, persona))
    urls = [
        ("get", reverse("teams:edit_school")),
        ("get", reverse("teams:add_team")),
        ("get", reverse("teams:edit_team", args=[world.team.pk])),
        ("get", reverse("teams:edit_goal", args=[objects["school_goal"].pk])),
        ("post", reverse("teams:add_school_goal")),
    ]
    for method, url in urls:
        with nullcontext() if allowed else unchanged(SharedGoal):
            status = status_for(client, method, url, {"new-goal-title": "Schooldoel"})
        if allowed:
            assert status in OK | {422}, (method, url, status)
        else:
            assert status == 403, (method, url, status)


@pytest.mark.parametrize("persona,allowed", SCHOOL_EDITORS.items())
def test_only_the_leader_and_staff_admin_manage_staff(world, client_for, persona, allowed):
    client = client_for(getattr(world, persona))
    pages = [
        reverse("teams:staff_list"),
        reverse("teams:add_staff"),
        reverse("teams:import_staff"),
        reverse("teams:edit_staff", args=[world.colleague.pk]),
        reverse("teams:staff_import_example"),
    ]
    for url in pages:
        assert client.get(url).status_code == (200 if allowed else 403), url
    with nullcontext() if allowed else unchanged(User):
        response = client.post(reverse("teams:deactivate_staff", args=[world.colleague.pk]))
    world.colleague.refresh_from_db()
    assert world.colleague.is_active is not allowed
    assert response.status_code == (302 if allowed else 403)


def test_staff_link_is_shown_only_to_those_who_may_use_it(world, client_for):
    staff_url = reverse("teams:staff_list")
    assert staff_url in client_for(world.admin).get(reverse("home")).content.decode()
    assert staff_url not in client_for(world.teacher).get(reverse("home")).content.decode()


def test_edit_buttons_are_shown_only_to_those_who_may_use_them(world, client_for, objects):
    edit_url = reverse("teams:edit_norm", args=[objects["norm"].pk])
    team_url = reverse("teams:team_detail", args=[world.team.pk])
    assert edit_url in client_for(world.lead).get(team_url).content.decode()
    assert edit_url not in client_for(world.teacher).get(team_url).content.decode()


def test_someone_logged_out_is_sent_to_the_login_page(client, world):
    response = client.get(reverse("teams:team_detail", args=[world.team.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_htmx_request_after_the_session_ran_out_reloads_the_login_page(client, world):
    response = client.get(reverse("teams:edit_norm", args=[1]), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("account_login"))


def test_a_deactivated_colleague_is_logged_out_and_cannot_log_in(world, client, client_for):
    world.colleague.deactivate()
    response = client_for(world.colleague).get(reverse("home"))
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": world.colleague.email, "password": "test-wachtwoord-123"},
    )
    assert "_auth_user_id" not in client.session
