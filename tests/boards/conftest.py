from dataclasses import dataclass

import pytest

from inquiries.models import Initiative, LearningCard
from inquiries.services import change_state
from teams.models import Board, School, Team, User
from tests.factories import (
    MembershipFactory,
    SchoolFactory,
    TeamFactory,
    UserFactory,
    start_test_initiative,
)
from tests.test_headers import objects  # noqa: F401 (a fixture: one of everything)


@dataclass
class BoardWorld:
    """The world's school and a second school, De Vlinder, in one board; the world's
    other school stays outside it. Board staff: a quality officer."""

    board: Board
    vlinder: School
    vlinder_team: Team
    author: User  # De Vlinder's teacher, who wrote the card
    partner: User  # a second member of that initiative
    vlinder_leader: User
    officer: User
    initiative: Initiative
    card: LearningCard


@pytest.fixture
def board(world) -> BoardWorld:
    board = Board.objects.create(name="Stichting Samen Leren")
    world.school.board = board
    world.school.save()
    vlinder = SchoolFactory(name="De Vlinder")
    vlinder.board = board
    vlinder.save()
    team = TeamFactory(school=vlinder, name="Bovenbouw", first_group=6, last_group=8)
    author = UserFactory(school=vlinder, name="Bo Vlinder")
    partner = UserFactory(school=vlinder, name="Kees Vlinder")
    leader = UserFactory(school=vlinder, name="Dirk Directeur", role=User.Role.LEADER)
    MembershipFactory(team=team, user=author)
    MembershipFactory(team=team, user=partner)
    officer = UserFactory(school=None, board=board, name="Karin Kwaliteit")
    initiative = start_test_initiative(
        starter=author,
        team=team,
        title="Leesmotivatie in groep 6",
        question="Hoe krijgen wij groep 6 weer aan de boeken?",
        why="Kinderen die willen, leren meer.",
        children="groep 6, 28 leerlingen",
    )
    initiative.memberships.create(user=partner)
    change_state(initiative=initiative, user=author, action="start")
    initiative.refresh_from_db()
    change_state(
        initiative=initiative,
        user=author,
        action="stop",
        card=LearningCard(
            learned="Zelf kiezen uit de schoolbibliotheek werkt.", advice="Begin klein."
        ),
    )
    initiative.refresh_from_db()
    return BoardWorld(
        board=board,
        vlinder=vlinder,
        vlinder_team=team,
        author=author,
        partner=partner,
        vlinder_leader=leader,
        officer=officer,
        initiative=initiative,
        card=initiative.learning_card,
    )
