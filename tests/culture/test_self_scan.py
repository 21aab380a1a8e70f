"""The self-scan: the gap between now and wanted per part, and the team's notes on it."""

from django.urls import reverse

from culture.services import answer_round, results
from tests.factories import UserFactory
from tests.helpers import text


def test_the_self_scan_shows_gaps_per_part_and_takes_team_notes(world, client_for, open_round):
    scan = open_round("scan")
    scores = {
        part: {"now": 2, "want": 4}
        for part in ["culture", "leadership", "structure", "information", "hr"]
    }
    for _ in range(5):
        person = UserFactory(school=world.school)
        answer_round(round=scan, user=person, team=world.team, scores=scores)
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
