"""Demo pulse rounds and a self-scan: enough answers for trends, one team under five."""

import datetime

from django.utils import timezone

from culture.models import PULSE_STATEMENTS, SCAN_PARTS, Answer, Participation, Round, ScanNote
from teams.models import School, Team

# team name → how many of its members answer. The onderbouw stays under the threshold; the
# bovenbouw, the smallest team over it, is then hidden too, or the school minus the teams
# shown would give the onderbouw's figures (culture.services.shown_groups).
ANSWERING = {"Onderbouw": 4, "Middenbouw": 7, "Bovenbouw": 6}


def seed_culture(school: School) -> None:
    if Round.objects.filter(school=school).exists():
        return
    today = timezone.localdate()
    rounds = [
        (Round.Kind.PULSE, "Cultuurpeiling september", today - datetime.timedelta(days=80), 0),
        (Round.Kind.PULSE, "Cultuurpeiling november", today - datetime.timedelta(days=5), 1),
        (Round.Kind.SCAN, "PLG-zelfscan najaar", today - datetime.timedelta(days=30), 0),
    ]
    teams = {t.name: t for t in Team.objects.filter(school=school)}
    for kind, title, opens, lift in rounds:
        round = Round.objects.create(
            school=school,
            kind=kind,
            title=title,
            opens_on=opens,
            closes_on=opens + datetime.timedelta(days=14),
        )
        for team_name, count in ANSWERING.items():
            team = teams[team_name]
            members = [m.user for m in team.memberships.select_related("user")][:count]
            for number, user in enumerate(members):
                if Participation.objects.filter(round=round, user=user).exists():
                    continue  # someone in two teams answers once
                Participation.objects.create(round=round, user=user)
                base = 3 + (number % 2) + (lift if number % 3 else 0)
                if kind == Round.Kind.PULSE:
                    scores = {
                        key: min(5, base - (i % 2)) for i, (key, _s) in enumerate(PULSE_STATEMENTS)
                    }
                else:
                    scores = {
                        key: {"now": max(1, base - 1 - (i % 2)), "want": min(5, base + 1)}
                        for i, (key, _p) in enumerate(SCAN_PARTS)
                    }
                Answer.objects.create(round=round, team=team, scores=scores)
        if kind == Round.Kind.SCAN:
            lead = teams["Middenbouw"].memberships.filter(role="lead").first()
            ScanNote.objects.create(
                round=round,
                team=teams["Middenbouw"],
                part="structure",
                text="We willen vaste momenten om bij elkaar te kijken: twee keer per periode.",
                author=lead.user,
            )
