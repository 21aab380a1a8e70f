"""The school page: Ons Verhaal, core values, school years and holidays."""

from django.urls import reverse

from teams.models import CoreValue, Holiday, SchoolYear
from teams.services import create_school
from tests.helpers import seen, text


def test_a_new_school_starts_with_the_four_core_values_and_a_whole_team(db):
    school = create_school(name="De Nieuwe School")
    assert list(school.core_values.values_list("name", flat=True)) == [
        "intrinsieke motivatie",
        "betrokkenheid",
        "toewijding",
        "werkplezier",
    ]
    assert school.teams.get().kind == "school"


def test_leader_edits_ons_verhaal_and_adds_a_core_value(world, client_for):
    client = client_for(world.leader)
    values = list(world.school.core_values.all())
    data = {
        "school-name": world.school.name,
        "school-vision": "Samen leren, elke dag.",
        "values-TOTAL_FORMS": str(len(values) + 1),
        "values-INITIAL_FORMS": str(len(values)),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for i, value in enumerate(values):
        data[f"values-{i}-id"] = value.pk
        data[f"values-{i}-name"] = value.name
        data[f"values-{i}-description"] = value.description
    data[f"values-{len(values)}-name"] = "nieuwsgierigheid"
    response = client.post(reverse("teams:edit_school"), {**data, **seen(world.school, "school")})
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.vision == "Samen leren, elke dag."
    assert CoreValue.objects.filter(school=world.school, name="nieuwsgierigheid").exists()
    page = text(client.get(reverse("teams:school_detail")))
    assert "Samen leren, elke dag." in page and "nieuwsgierigheid" in page


def test_leader_adds_a_school_year_and_a_holiday_inside_it(world, client_for):
    client = client_for(world.leader)
    response = client.post(
        reverse("teams:school_years"),
        {"year-name": "2026-2027", "year-starts_on": "2026-08-24", "year-ends_on": "2027-07-09"},
    )
    assert response.status_code == 302
    year = SchoolYear.objects.get(school=world.school)
    url = reverse("teams:add_holiday", args=[year.pk])
    response = client.post(
        url, {"name": "Herfstvakantie", "starts_on": "2026-10-17", "ends_on": "2026-10-25"}
    )
    assert response.status_code == 302
    assert Holiday.objects.get().name == "Herfstvakantie"


def test_a_holiday_outside_its_school_year_is_refused_and_keeps_its_name(world, client_for):
    year = SchoolYear.objects.create(
        school=world.school, name="2026-2027", starts_on="2026-08-24", ends_on="2027-07-09"
    )
    response = client_for(world.leader).post(
        reverse("teams:add_holiday", args=[year.pk]),
        {"name": "Zomervakantie", "starts_on": "2027-07-10", "ends_on": "2027-08-22"},
    )
    assert response.status_code == 422
    assert "Een vakantie moet binnen schooljaar 2026-2027 vallen (24 augustus 2026" in text(
        response
    )
    assert 'value="Zomervakantie"' in text(response)
    assert not Holiday.objects.exists()


def test_a_school_year_that_ends_before_it_starts_is_refused(world, client_for):
    response = client_for(world.leader).post(
        reverse("teams:school_years"),
        {"year-name": "2026-2027", "year-starts_on": "2027-07-09", "year-ends_on": "2026-08-24"},
    )
    assert response.status_code == 422
    assert "De laatste dag moet na de eerste dag komen." in text(response)


def test_leader_adds_a_working_group_with_a_unique_name(world, client_for):
    client = client_for(world.leader)
    response = client.post(
        reverse("teams:add_team"), {"name": "Werkgroep Lezen", "kind": "working_group"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("teams:add_team"), {"name": "werkgroep lezen", "kind": "working_group"}
    )
    assert response.status_code == 422
    assert "De school heeft al een team met deze naam." in text(response)
    response = client.post(
        reverse("teams:add_team"),
        {"name": "Kleuters", "kind": "age_band", "first_group": "2", "last_group": "1"},
    )
    assert response.status_code == 422


def test_two_core_values_with_the_same_name_are_refused(world, client_for):
    values = list(world.school.core_values.all())
    data = {
        "school-name": world.school.name,
        "school-vision": "",
        "values-TOTAL_FORMS": str(len(values) + 1),
        "values-INITIAL_FORMS": str(len(values)),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for i, value in enumerate(values):
        data[f"values-{i}-id"] = value.pk
        data[f"values-{i}-name"] = value.name
    data[f"values-{len(values)}-name"] = "Werkplezier"
    response = client_for(world.leader).post(reverse("teams:edit_school"), data)
    assert response.status_code == 422
    body = text(response)
    assert "De school heeft deze kernwaarde al." in body or "Elke kernwaarde kan maar" in body
    assert "unique_core_value_per_school" not in body  # never a database name
    assert world.school.core_values.count() == 4


def test_a_school_year_name_used_twice_gets_a_message_not_an_error(world, client_for):
    SchoolYear.objects.create(
        school=world.school, name="2026-2027", starts_on="2026-08-24", ends_on="2027-07-09"
    )
    response = client_for(world.leader).post(
        reverse("teams:school_years"),
        {"year-name": "2026-2027", "year-starts_on": "2026-08-25", "year-ends_on": "2027-07-08"},
    )
    assert response.status_code == 422
    assert "Dit schooljaar bestaat al." in text(response)
    assert SchoolYear.objects.filter(school=world.school).count() == 1


def test_editing_a_school_goal_without_htmx_shows_the_whole_school_page(world, client_for):
    from tests.factories import SharedGoalFactory

    SchoolYear.objects.create(
        school=world.school, name="Nu", starts_on="2020-08-01", ends_on="2099-07-31"
    )
    SharedGoalFactory(school=world.school, team=world.team, title="Teamdoel middenbouw")
    goal = SharedGoalFactory(school=world.school, title="Schooldoel")
    page = text(client_for(world.leader).get(reverse("teams:edit_goal", args=[goal.pk])))
    assert "Teamdoel middenbouw" in page
    assert "Schooljaar Nu" in page
    assert 'name="goal-' in page


def test_a_one_day_holiday_shows_one_date(world, client_for):
    year = SchoolYear.objects.create(
        school=world.school, name="Nu", starts_on="2020-08-01", ends_on="2099-07-31"
    )
    Holiday.objects.create(
        school_year=year, name="Pinksteren", starts_on="2027-05-17", ends_on="2027-05-17"
    )
    page = text(client_for(world.teacher).get(reverse("teams:school_detail")))
    assert "Pinksteren: maandag 17 mei 2027" in page
