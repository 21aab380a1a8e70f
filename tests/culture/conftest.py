import datetime

import pytest
from django.utils import timezone

from culture.models import Round


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
