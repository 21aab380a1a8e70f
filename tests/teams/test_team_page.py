"""The team page: norms and goals edited in place with htmx, and the same as plain posts."""

import pytest
from django.urls import reverse

from teams.models import SharedGoal, TeamNorm
from tests.factories import MembershipFactory, SharedGoalFactory, TeamNormFactory, UserFactory
from tests.helpers import HTMX, assert_fragment, text


@pytest.fixture
def norm(world):
    return TeamNormFactory(team=world.team, text="We beginnen op tijd.")


def team_url(world):
    return reverse("teams:team_detail", args=[world.team.pk])


def test_team_page_shows_members_with_their_working_days_goals_and_norms(world, client_for, norm):
    SharedGoalFactory(school=world.school, team=world.team, title="Begrijpend lezen")
    page = text(client_for(world.teacher).get(team_url(world)))
    assert "<html" in page
    assert "Sanne Leerkracht" in page
    assert "ma, di, do" in page  # the teacher works Monday, Tuesday and Thursday
    assert "Begrijpend lezen" in page
    assert "We beginnen op tijd." in page
    assert "bouwcoördinator" in page  # the lead is marked


def test_edit_form_comes_as_a_fragment_to_htmx_and_as_the_page_otherwise(world, client_for, norm):
    client = client_for(world.lead)
    url = reverse("teams:edit_norm", args=[norm.pk])
    fragment = client.get(url, **HTMX)
    assert_fragment(fragment, "norms-panel")
    assert f'name="norm-{norm.pk}-text"' in text(fragment)
    page = client.get(url)
    assert "<html" in text(page)
    assert f'name="norm-{norm.pk}-text"' in text(page)


def test_lead_edits_a_norm_in_place(world, client_for, norm):
    response = client_for(world.lead).post(
        reverse("teams:edit_norm", args=[norm.pk]),
        {
            f"norm-{norm.pk}-text": "We beginnen en eindigen op tijd.",
            f"norm-{norm.pk}-seen_version": 1,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert_fragment(response, "norms-panel")
    assert "We beginnen en eindigen op tijd." in text(response)
    assert 'hx-swap-oob="true"' in text(response)  # the "saved" message rides along
    norm.refresh_from_db()
    assert norm.text == "We beginnen en eindigen op tijd."
    assert norm.version == 2


def test_a_plain_post_saves_and_redirects_to_the_team_page(world, client_for, norm):
    response = client_for(world.lead).post(
        reverse("teams:edit_norm", args=[norm.pk]),
        {f"norm-{norm.pk}-text": "Nieuwe afspraak", f"norm-{norm.pk}-seen_version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == team_url(world)
    norm.refresh_from_db()
    assert norm.text == "Nieuwe afspraak"


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_an_empty_norm_is_refused_with_a_dutch_message(world, client_for, norm, htmx):
    response = client_for(world.lead).post(
        reverse("teams:edit_norm", args=[norm.pk]),
        {f"norm-{norm.pk}-text": "   ", f"norm-{norm.pk}-seen_version": 1},
        **(HTMX if htmx else {}),
    )
    assert response.status_code == 422
    assert "Schrijf de afspraak op." in text(response)
    norm.refresh_from_db()
    assert norm.text == "We beginnen op tijd."


def test_a_too_long_norm_keeps_what_was_typed(world, client_for):
    typed = "Wij " + "x" * 400
    response = client_for(world.lead).post(
        reverse("teams:add_norm", args=[world.team.pk]), {"new-norm-text": typed}, **HTMX
    )
    assert response.status_code == 422
    assert typed in text(response)
    assert "300" in text(response)  # says how long it may be
    assert not TeamNorm.objects.exists()


def test_two_leads_editing_one_norm_are_told_not_overwritten(world, client_for, norm):
    second_lead = UserFactory(school=world.school)
    MembershipFactory(team=world.team, user=second_lead, role="lead")
    # Both opened the form at version 1; the second lead saves first.
    client_for(second_lead).post(
        reverse("teams:edit_norm", args=[norm.pk]),
        {f"norm-{norm.pk}-text": "Versie van de tweede", f"norm-{norm.pk}-seen_version": 1},
    )
    response = client_for(world.lead).post(
        reverse("teams:edit_norm", args=[norm.pk]),
        {f"norm-{norm.pk}-text": "Versie van de eerste", f"norm-{norm.pk}-seen_version": 1},
        **HTMX,
    )
    assert response.status_code == 409
    body = text(response)
    assert "Iemand anders heeft dit gewijzigd" in body
    assert "Versie van de tweede" in body  # what is saved now
    assert "Versie van de eerste" in body  # what this lead typed, still in the form
    norm.refresh_from_db()
    assert norm.text == "Versie van de tweede"
    # Saving again after seeing the conflict is a deliberate overwrite and succeeds.
    response = client_for(world.lead).post(
        reverse("teams:edit_norm", args=[norm.pk]),
        {f"norm-{norm.pk}-text": "Versie van de eerste", f"norm-{norm.pk}-seen_version": 2},
        **HTMX,
    )
    assert response.status_code == 200
    norm.refresh_from_db()
    assert norm.text == "Versie van de eerste"


def test_a_double_submitted_norm_is_added_once(world, client_for):
    client = client_for(world.lead)
    url = reverse("teams:add_norm", args=[world.team.pk])
    for _ in range(2):
        # The same form twice: the same one-time key.
        response = client.post(
            url,
            {"new-norm-text": "We delen wat lukte.", "new-norm-submission_key": "k1"},
            **HTMX,
        )
        assert response.status_code == 200
    assert world.team.norms.filter(text="We delen wat lukte.").count() == 1


def test_removing_a_norm_answers_the_panel_without_it(world, client_for, norm):
    response = client_for(world.lead).post(reverse("teams:delete_norm", args=[norm.pk]), **HTMX)
    assert_fragment(response, "norms-panel")
    assert "Nog geen afspraken." in text(response)
    assert not TeamNorm.objects.filter(pk=norm.pk).exists()


def test_lead_adds_a_team_goal_with_core_values(world, client_for):
    values = list(world.school.core_values.all()[:2])
    response = client_for(world.lead).post(
        reverse("teams:add_team_goal", args=[world.team.pk]),
        {
            "new-goal-title": "Leesmotivatie",
            "new-goal-description": "Meer kinderen lezen thuis.",
            "new-goal-core_values": [v.pk for v in values],
        },
        **HTMX,
    )
    assert_fragment(response, "goals-panel")
    goal = SharedGoal.objects.get(title="Leesmotivatie")
    assert goal.team == world.team
    assert goal.school == world.school
    assert goal.created_by == world.lead
    assert set(goal.core_values.all()) == set(values)


def test_an_invalid_goal_keeps_what_was_typed(world, client_for):
    response = client_for(world.lead).post(
        reverse("teams:add_team_goal", args=[world.team.pk]),
        {"new-goal-title": "", "new-goal-description": "Kinderen praten meer over teksten."},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Geef het doel een korte naam." in text(response)
    assert "Kinderen praten meer over teksten." in text(response)


def test_editing_a_goal_keeps_concurrent_changes_apart(world, client_for):
    goal = SharedGoalFactory(school=world.school, team=world.team, title="Oud")
    url = reverse("teams:edit_goal", args=[goal.pk])
    prefix = f"goal-{goal.pk}"
    data = {f"{prefix}-title": "Nieuw", f"{prefix}-status": "active", f"{prefix}-seen_version": 1}
    assert client_for(world.leader).post(url, data, **HTMX).status_code == 200
    response = client_for(world.lead).post(url, {**data, f"{prefix}-title": "Anders"}, **HTMX)
    assert response.status_code == 409
    assert "Opgeslagen versie: <strong>Nieuw</strong>" in text(response)
    assert 'value="Anders"' in text(response)
    goal.refresh_from_db()
    assert goal.title == "Nieuw"


def test_leader_adds_a_school_wide_goal_on_the_school_page(world, client_for):
    response = client_for(world.leader).post(
        reverse("teams:add_school_goal"), {"new-goal-title": "Eigenaarschap"}, **HTMX
    )
    assert_fragment(response, "goals-panel")
    assert SharedGoal.objects.get(title="Eigenaarschap").team is None


def test_a_save_without_the_version_it_started_from_is_refused(world, client_for, norm):
    response = client_for(world.lead).post(
        reverse("teams:edit_norm", args=[norm.pk]), {f"norm-{norm.pk}-text": "Zonder versie"}
    )
    assert response.status_code == 422
    norm.refresh_from_db()
    assert norm.text == "We beginnen op tijd."


def test_an_edit_records_when_it_happened(world, client_for, norm):
    before = norm.updated_at
    client_for(world.lead).post(
        reverse("teams:edit_norm", args=[norm.pk]),
        {f"norm-{norm.pk}-text": "Later", f"norm-{norm.pk}-seen_version": 1},
    )
    norm.refresh_from_db()
    assert norm.updated_at > before


def test_team_list_counts_members_and_goals_right(world, client_for):
    SharedGoalFactory(school=world.school, team=world.team)
    SharedGoalFactory(school=world.school, team=world.team)
    body = text(client_for(world.teacher).get(reverse("teams:team_list")))
    assert "3 leden · 2 doelen" in body
