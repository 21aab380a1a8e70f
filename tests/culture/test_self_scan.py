"""The self-scan: the gap between now and wanted per part, and the team's notes on it."""

from statistics import mean

import pytest
from django.urls import reverse
from django.utils import translation

from culture.models import SCAN_PARTS
from culture.services import answer_round, results
from tests.factories import TeamFactory, UserFactory
from tests.helpers import text

from .figures import SCHOOL, assert_no_small_group_derivable, close, read_figures


def test_the_self_scan_shows_gaps_per_part_and_takes_team_notes(world, client_for, open_round):
    scan = open_round("scan")
    scores = {
        part: {"now": 2, "want": 4}
        for part in ["culture", "leadership", "structure", "information", "hr"]
    }
    for _ in range(5):
        person = UserFactory(school=world.school)
        answer_round(round=scan, user=person, team=world.team, scores=scores)
    # Gaps and notes come once the round has closed: before that there are no results (the
    # test used to read them from the open round, which is what made answers traceable).
    close(scan)
    school = next(g for g in results(scan) if g.name == "Hele school")
    assert [row["gap"] for row in school.rows] == [2.0] * 5
    client = client_for(world.lead)
    response = client.post(
        reverse("culture:round_results", args=[scan.pk]),
        {
            "note-team": world.team.pk,
            "note-part": "structure",
            "note-text": "Twee keer per periode bij elkaar kijken.",
        },
    )
    assert response.status_code == 302
    page = text(client.get(reverse("culture:round_results", args=[scan.pk])))
    assert "Twee keer per periode bij elkaar kijken." in page
    assert "Structuur om samen te leren" in page


PARTS = ["culture", "leadership", "structure", "information", "hr"]


def scan(now, want):
    return {part: {"now": now, "want": want} for part in PARTS}


def scan_truth(answers: list[dict]) -> dict:
    with translation.override("nl"):
        rows = {}
        for key, part in SCAN_PARTS:
            now = mean(a[key]["now"] for a in answers)
            want = mean(a[key]["want"] for a in answers)
            rows[str(part)] = [now, want, want - now]
    return {"count": len(answers), "rows": rows}


@pytest.mark.parametrize(
    ("small_teams", "shown"),
    [
        # 4 hidden: the bovenbouw (6) is hidden too, so that 10 answers are not shown.
        ({"Onderbouw": [scan(1, 5)] * 4}, {SCHOOL, "Middenbouw"}),
        # 2 + 3 hidden: together 5, so the school and both larger teams are shown.
        (
            {"Onderbouw": [scan(1, 5)] * 2, "Werkgroep lezen": [scan(5, 2)] * 3},
            {SCHOOL, "Middenbouw", "Bovenbouw"},
        ),
    ],
)
def test_no_figure_of_a_team_under_five_can_be_computed_from_the_self_scan(
    world, client_for, answered_round, small_teams, shown
):
    answers = [(world.team, scan(2, 4))] * 7 + [(world.other_team, scan(3, 3))] * 6
    for name, group in small_teams.items():
        team = TeamFactory(school=world.school, name=name, first_group=None, last_group=None)
        answers += [(team, scores) for scores in group]
    round = answered_round(answers, kind="scan")
    small_truth = {name: scan_truth(group) for name, group in small_teams.items()}
    for persona in (world.teacher, world.leader):
        page = client_for(persona).get(reverse("culture:round_results", args=[round.pk]))
        figures = read_figures(text(page))
        assert {name for name, g in figures.items() if g["rows"]} == shown
        assert_no_small_group_derivable(figures, small_truth)


def test_an_open_self_scan_shows_no_gaps_and_takes_no_notes_yet(world, client_for, open_round):
    round = open_round("scan")
    for _ in range(5):
        answer_round(
            round=round, user=UserFactory(school=world.school), team=world.team, scores=scan(2, 4)
        )
    client = client_for(world.lead)
    page = text(client.get(reverse("culture:round_results", args=[round.pk])))
    assert read_figures(page) == {}
    assert 'name="note-text"' not in page
    note = {"note-team": world.team.pk, "note-part": "structure", "note-text": "Te vroeg."}
    response = client.post(reverse("culture:round_results", args=[round.pk]), note)
    assert response.status_code == 403
