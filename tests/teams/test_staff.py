"""Staff management by the school leader and staff admins, and each person's own profile.
Adding a colleague is an invitation: tests/teams/test_invitations.py."""

from django.urls import reverse

from teams.models import User
from tests.helpers import seen, text


def test_a_colleague_needs_at_least_one_working_day(world, client_for):
    response = client_for(world.leader).post(
        reverse("teams:add_staff"),
        {"name": "Geen Dagen", "email": "geen@school.test", "language": "nl", "role": "staff"},
    )
    assert response.status_code == 422
    assert "Kies minstens één werkdag." in text(response)


def test_leader_makes_a_colleague_team_lead_and_back(world, client_for):
    client = client_for(world.leader)
    url = reverse("teams:edit_staff", args=[world.colleague.pk])
    data = {
        "name": world.colleague.name,
        "email": world.colleague.email,
        "working_days": ["0", "1", "2", "3", "4"],
        "language": "nl",
        "role": "staff",
        "teams": [world.team.pk],
        "lead_of": [world.team.pk],
    }
    assert client.post(url, {**data, **seen(world.colleague)}).status_code == 302
    assert world.colleague.memberships.get(team=world.team).role == "lead"
    assert client.post(url, {**data, **seen(world.colleague), "lead_of": []}).status_code == 302
    assert world.colleague.memberships.get(team=world.team).role == "member"
    # Taking someone out of every team keeps them in the whole team.
    changes = {"teams": [], "lead_of": [], **seen(world.colleague)}
    assert client.post(url, {**data, **changes}).status_code == 302
    assert list(world.colleague.memberships.values_list("team__kind", flat=True)) == ["school"]


def test_leader_cannot_demote_or_deactivate_themselves(world, client_for):
    client = client_for(world.leader)
    response = client.post(
        reverse("teams:edit_staff", args=[world.leader.pk]),
        {
            "name": world.leader.name,
            "email": world.leader.email,
            "working_days": ["0"],
            "language": "nl",
            "role": "staff",
            **seen(world.leader),
        },
    )
    assert response.status_code == 422
    assert "Je kunt je eigen rol als schoolleider niet weghalen." in text(response)
    client.post(reverse("teams:deactivate_staff", args=[world.leader.pk]))
    world.leader.refresh_from_db()
    assert world.leader.is_active and world.leader.is_leader


def test_a_deactivated_colleague_stays_in_the_list_and_can_be_reactivated(world, client_for):
    client = client_for(world.admin)
    client.post(reverse("teams:deactivate_staff", args=[world.colleague.pk]))
    world.colleague.refresh_from_db()
    assert not world.colleague.is_active
    assert User.objects.filter(pk=world.colleague.pk).exists()  # never deleted
    body = text(client.get(reverse("teams:staff_list")))
    assert "gedeactiveerd" in body and world.colleague.name in body
    # Deactivated people no longer count as team members.
    team_page = text(client.get(reverse("teams:team_detail", args=[world.team.pk])))
    assert world.colleague.name not in team_page
    client.post(reverse("teams:reactivate_staff", args=[world.colleague.pk]))
    world.colleague.refresh_from_db()
    assert world.colleague.is_active


def test_teacher_changes_working_days_and_switches_to_english(world, client_for):
    client = client_for(world.teacher)
    response = client.post(
        reverse("teams:profile"),
        {
            "name": world.teacher.name,
            "language": "en",
            "working_days": ["0", "1", "3", "4"],
            **seen(world.teacher),
        },
    )
    assert response.status_code == 302
    world.teacher.refresh_from_db()
    assert world.teacher.working_weekdays == [0, 1, 3, 4]
    page = text(client.get(reverse("home")))
    assert "My learning community" in page
    assert '<html lang="en">' in page


def test_profile_without_working_days_keeps_the_typed_name(world, client_for):
    response = client_for(world.teacher).post(
        reverse("teams:profile"), {"name": "Sanne B.", "language": "nl"}
    )
    assert response.status_code == 422
    assert 'value="Sanne B."' in text(response)
    world.teacher.refresh_from_db()
    assert world.teacher.name == "Sanne Leerkracht"


def test_colleague_page_shows_working_days_and_teams(world, client_for):
    body = text(
        client_for(world.colleague).get(reverse("teams:person_detail", args=[world.teacher.pk]))
    )
    assert "ma, di, do" in body
    assert "Middenbouw" in body


def staff_data(person, **changes):
    data = {
        "name": person.name,
        "email": person.email,
        "working_days": [str(d) for d in person.working_weekdays],
        "language": person.language,
        "teams": [],
        "lead_of": [],
        **seen(person),
    }
    return {**data, **changes}


def test_a_staff_admin_cannot_make_themselves_school_leader(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("teams:edit_staff", args=[world.admin.pk]),
        staff_data(world.admin, name="Ali A.", role="leader", is_school_admin=""),
    )
    assert response.status_code == 302  # their own name they may change
    world.admin.refresh_from_db()
    assert world.admin.name == "Ali A."
    assert world.admin.role == User.Role.STAFF
    assert world.admin.is_school_admin
    norm_url = reverse("teams:add_norm", args=[world.team.pk])
    assert client.post(norm_url, {"new-norm-text": "x"}).status_code == 403


def test_a_staff_admin_cannot_edit_or_deactivate_the_school_leader(world, client_for):
    client = client_for(world.admin)
    edit = reverse("teams:edit_staff", args=[world.leader.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, staff_data(world.leader, email="evil@x.test")).status_code == 403
    assert client.post(reverse("teams:deactivate_staff", args=[world.leader.pk])).status_code == 403
    world.leader.refresh_from_db()
    assert world.leader.email != "evil@x.test" and world.leader.is_active


def test_nobody_in_the_school_can_take_over_a_site_administrator(world, client_for):
    operator = User.objects.create_superuser(
        email="beheer@installatie.test", password="x", name="Beheer", school=world.school
    )
    client = client_for(world.leader)
    edit = reverse("teams:edit_staff", args=[operator.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, staff_data(operator, email="evil@x.test")).status_code == 403
    operator.refresh_from_db()
    assert operator.email == "beheer@installatie.test"


def test_the_leader_makes_a_colleague_staff_admin(world, client_for):
    response = client_for(world.leader).post(
        reverse("teams:edit_staff", args=[world.colleague.pk]),
        staff_data(world.colleague, role="staff", is_school_admin="on"),
    )
    assert response.status_code == 302
    world.colleague.refresh_from_db()
    assert world.colleague.is_school_admin
