import datetime

import pytest
from django.utils import timezone

from culture.models import Round
from culture.services import answer_round
from tests.factories import MembershipFactory, UserFactory

from .figures import close


@pytest.fixture
def open_round(world):
    """open_round() for a pulse, open_round("scan") for a self-scan: open for a week."""

    def open_(kind="pulse"):
        today = timezone.localdate()
        return Round.objects.create(
            school=world.school,
            kind=kind,
            title="Peiling",
            opens_on=today,
            closes_on=today + datetime.timedelta(days=7),
        )

    return open_


@pytest.fixture
def answered_round(world, open_round):
    """answered_round([(team, scores), ...], kind="pulse"): every answer given through the
    service by a new colleague of that team (None: only for the whole school), and then the
    round closed, so that its results are there."""

    def answered(answers, kind="pulse", closed=True):
        round = open_round(kind)
        for team, scores in answers:
            person = UserFactory(school=world.school)
            if team is not None:
                MembershipFactory(team=team, user=person)
            answer_round(round=round, user=person, team=team, scores=scores)
        return close(round) if closed else round

    return answered
