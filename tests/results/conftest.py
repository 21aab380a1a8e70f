import datetime

import pytest

from results.imports import GroupAggregate, replace_test_moment
from results.models import Scale
from teams.models import SchoolYear


@pytest.fixture
def moments(world):
    world.team.first_group, world.team.last_group = 3, 5
    world.team.kind = "age_band"
    world.team.save()
    world.other_team.first_group, world.other_team.last_group = 6, 8
    world.other_team.kind = "age_band"
    world.other_team.save()

    def add(year_start: int, moment: str, groups: list[GroupAggregate]):
        year, _ = SchoolYear.objects.get_or_create(
            school=world.school,
            name=f"{year_start}-{year_start + 1}",
            defaults={
                "starts_on": datetime.date(year_start, 8, 20),
                "ends_on": datetime.date(year_start + 1, 7, 10),
            },
        )
        replace_test_moment(
            school=world.school,
            school_year=year,
            subject="begrijpend_lezen",
            moment=moment,
            scale=Scale.LEVELS_ROMAN,
            aggregates=groups,
            by=world.leader,
        )

    return add
