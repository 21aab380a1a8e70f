"""What culture holds of a person (core.personal_data).

Answers are stored without a name and are never linked to anyone, so they cannot be
exported or erased per person. A Participation row only says that someone answered a round.
Erasure keeps those rows: they hold no content, deleting them would change the number of
participants behind closed results, and the account cannot answer again (it is inactive).
Notes from a self-scan conversation are the team's record and stay, by "oud-collega".
"""

from __future__ import annotations

from core.personal_data import PersonalData
from teams.models import User

from .models import Participation, ScanNote


def export(user: User) -> dict:
    return {
        "rounds_taken_part_in": [
            {"round": p.round.title, "kind": p.round.kind, "closes_on": p.round.closes_on}
            for p in Participation.objects.filter(user=user).select_related("round")
        ],
        "scan_notes": [
            {"round": n.round.title, "part": n.part, "text": n.text, "created_at": n.created_at}
            for n in ScanNote.objects.filter(author=user).select_related("round")
        ],
    }


def erase(user: User) -> None:
    """Nothing to erase: see the module's docstring."""


provider = PersonalData(name="culture", export=export, erase=erase)
