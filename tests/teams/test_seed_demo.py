import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from demo.board import BOARD_NAME, OFFICER_EMAIL
from demo.board import SCHOOL_NAME as SECOND_SCHOOL
from demo.management.commands.seed_demo import SCHOOL_NAME
from inquiries.models import (
    Comment,
    Entry,
    Initiative,
    InitiativeMember,
    LearningCard,
    SupportRequest,
)
from inquiries.search import SEARCHED_FIELDS, search_cards
from results.models import GoalIndicator, GroupResult, TestMoment, VoiceRound
from signin.models import SignInPolicy
from teams.models import Board, Membership, School, SharedGoal, Team, TeamNorm, User


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    models = (School, User, Team, Membership, SharedGoal, TeamNorm, Initiative, Entry, Comment)
    models += (TestMoment, GroupResult, VoiceRound, Board, LearningCard, SignInPolicy)
    return [m.objects.count() for m in models]


def demo_school() -> School:
    return School.objects.get(name=SCHOOL_NAME)


def test_seed_demo_loads_a_school_with_three_age_band_teams_and_about_24_staff(db):
    output = run_seed()
    school = demo_school()
    assert school.teams.filter(kind=Team.Kind.AGE_BAND).count() == 3
    assert 20 <= school.staff.count() <= 30
    for login in ("directeur@demo.test", "middenbouw@demo.test", "leerkracht@demo.test"):
        assert login in output
    assert "demo" in output
    assert school.core_values.first().name == "intrinsieke motivatie"


def test_running_seed_demo_twice_duplicates_nothing(db):
    run_seed()
    first = counts()
    shared = list(LearningCard.objects.filter(shared_at__isnull=False).values("pk", "shared_at"))
    run_seed()
    assert counts() == first
    assert Board.objects.get().name == BOARD_NAME
    again = LearningCard.objects.filter(shared_at__isnull=False).values("pk", "shared_at")
    assert list(again) == shared  # not shared a second time either


def test_demo_logins_work_with_password_demo_and_have_their_roles(db):
    run_seed()
    teacher = User.objects.get(email="leerkracht@demo.test")
    assert teacher.working_days_display == "ma, di, do"
    assert teacher.teams.filter(name="Middenbouw").exists()
    assert User.objects.get(email="directeur@demo.test").is_leader
    for team in ("onderbouw", "middenbouw", "bovenbouw"):
        lead = User.objects.get(email=f"{team}@demo.test")
        assert lead.memberships.get(team__name__iexact=team).role == Membership.Role.LEAD
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "leerkracht@demo.test", "password": "demo"}
    )
    assert response.status_code == 302


def test_seed_demo_refuses_to_run_with_production_settings(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run_seed()
    assert School.objects.count() == 0


def test_demo_initiatives_cover_teams_cycles_and_states(db):
    run_seed()
    initiatives = Initiative.objects.filter(school=demo_school())
    assert 7 <= initiatives.count() <= 10
    assert {i.template.builtin_key for i in initiatives} >= {"spiral", "datateam", "pdca"}
    teams = {t.name for i in initiatives for t in i.teams.all()}
    assert {"Onderbouw", "Middenbouw", "Bovenbouw"} <= teams
    states = {i.state for i in initiatives}
    assert {"idea", "running", "paused", "completed", "stopped"} <= states
    completed = initiatives.get(state="completed")
    assert completed.learning_card.advice
    assert initiatives.get(state="stopped").learning_card.learned
    assert any(i.is_overdue for i in initiatives)
    assert Entry.objects.filter(kind="measurement").exists()
    assert SupportRequest.objects.filter(status="open").exists()
    assert SupportRequest.objects.exclude(status="open").exists()
    # The school's own cards are not shared: the board's library holds the second school's.
    assert not LearningCard.objects.filter(initiative__in=initiatives, shared_at__isnull=False)


def test_demo_reflections_and_visits_cover_each_visibility_and_state(db):
    from reflections.models import FeedbackRequest, LessonVisit, Reflection

    run_seed()
    run_seed()
    assert {r.visibility for r in Reflection.objects.all()} == {"private", "team", "school"}
    assert FeedbackRequest.objects.filter(answered_at__isnull=False).exists()
    assert FeedbackRequest.objects.filter(answered_at__isnull=True).exists()
    assert {v.state for v in LessonVisit.objects.all()} >= {
        "invited",
        "accepted",
        "declined",
        "held",
        "reflected",
        "cancelled",
    }
    assert LessonVisit.objects.count() == 6


def test_seed_scale_builds_a_small_board_repeatably_and_refuses_production(db, settings):
    from inquiries.models import Initiative as Ini

    call_command(
        "seed_scale",
        "--schools",
        "2",
        "--staff",
        "12",
        "--initiatives",
        "6",
        "--entries",
        "2",
        stdout=StringIO(),
    )
    assert School.objects.filter(name__startswith="Schaalschool").count() == 2
    assert Ini.objects.count() == 12
    board = Board.objects.get()
    assert set(School.objects.values_list("board", flat=True)) == {board.pk}
    assert User.objects.get(board=board, school=None).email == "b01.kwaliteit@schaal.test"
    first = sorted(Ini.objects.values_list("title", flat=True))
    call_command(
        "seed_scale",
        "--schools",
        "2",
        "--staff",
        "12",
        "--initiatives",
        "6",
        "--entries",
        "2",
        stdout=StringIO(),
    )
    assert sorted(Ini.objects.values_list("title", flat=True)) == first  # nothing twice
    assert Board.objects.count() == 1
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_scale", stdout=StringIO())


def test_the_demo_has_two_school_years_of_group_results_and_a_pupils_voice_round_per_bouw(db):
    run_seed()
    school = demo_school()
    moments = TestMoment.objects.filter(school=school).select_related("school_year")
    assert sorted({m.school_year.name for m in moments}) == ["2024-2025", "2025-2026"]
    assert TestMoment.objects.filter(school=school).count() == 4 * 2 * 2  # subjects, years, M/E
    assert GoalIndicator.objects.filter(goal__school=school).exists()
    rounds = VoiceRound.objects.filter(school=school)
    bouwen = {
        t.name: range(t.first_group, t.last_group + 1) for t in school.teams.filter(kind="age_band")
    }
    assert all(any(r.grade in grades for r in rounds) for grades in bouwen.values())
    assert all(r.shows_result for r in rounds)  # closed, with at least five answers


def test_the_demo_school_is_in_a_board_with_a_second_small_school_in_the_same_school_year(db):
    run_seed()
    board = Board.objects.get(name=BOARD_NAME)
    school = demo_school()
    second = School.objects.get(name=SECOND_SCHOOL)
    assert school.board == board and second.board == board
    assert second.shares_with_board
    assert 5 <= second.staff.count() <= 10  # enough for the board's figures (five or more)
    kinds = sorted(second.teams.values_list("kind", flat=True))
    assert kinds == [Team.Kind.AGE_BAND, Team.Kind.WHOLE_SCHOOL]
    assert second.current_school_year().name == school.current_school_year().name
    assert second.staff.filter(role=User.Role.LEADER).exists()


def test_two_completed_cards_of_the_second_school_are_in_the_demo_teachers_board_library(db):
    run_seed()
    teacher = User.objects.get(email="leerkracht@demo.test")
    shared = LearningCard.objects.shared_in_board(teacher).select_related("initiative")
    assert shared.count() == 2
    for card in shared:
        assert card.initiative.school.name == SECOND_SCHOOL
        assert card.initiative.state == Initiative.State.COMPLETED
        assert card.shared_by is not None and card.initiative.is_member(card.shared_by)
        members = InitiativeMember.objects.filter(initiative=card.initiative)
        assert members.filter(named_on_board=True, contact_from_board=True).exists()
        assert members.filter(named_on_board=False).exists()  # each member decides


def test_the_reading_card_is_found_by_searching_lezen_only_through_its_stem(db):
    """The browser test searches "lezen"; the card says "leesmotivatie", never "lezen" or
    "lees" as a word, so finding it shows the Dutch stemming at work."""
    run_seed()
    teacher = User.objects.get(email="leerkracht@demo.test")
    found = search_cards(LearningCard.objects.shared_in_board(teacher), "lezen")
    card = found.get()
    fields = [*SEARCHED_FIELDS, "initiative__how_we_see_it"]
    text = " ".join(LearningCard.objects.values_list(*fields).get(pk=card.pk)).lower()
    assert "leesmotivatie" in text
    words = set(re.findall(r"\w+", text))
    assert not words & {"lezen", "lees", "leest", "gelezen", "voorlezen"}


def test_the_board_officer_logs_in_with_demo_and_sees_the_board_overview_only(db):
    output = run_seed()
    assert OFFICER_EMAIL in output
    officer = User.objects.get(email=OFFICER_EMAIL)
    assert officer.is_board_staff and officer.board.name == BOARD_NAME
    client = Client()
    response = client.post(reverse("account_login"), {"login": OFFICER_EMAIL, "password": "demo"})
    assert response.status_code == 302
    page = client.get(reverse("boards:board_overview"))
    assert page.status_code == 200
    assert SCHOOL_NAME in page.text
    assert re.search(rf"{SECOND_SCHOOL}\b", page.text)  # not only as part of De Vlinderboom
    library = client.get(reverse("inquiries:library") + "?zoek=lezen")
    assert "Leesmotivatie met een boekenkring" in library.text
    assert (
        client.get(reverse("teams:team_detail", args=[demo_school().teams.first().pk])).status_code
        == 404
    )


def test_seed_scale_puts_its_schools_in_boards_and_shares_about_a_third_of_the_cards(db):
    call_command(
        "seed_scale",
        "--schools",
        "3",
        "--schools-per-board",
        "2",
        "--staff",
        "8",
        "--initiatives",
        "40",
        "--entries",
        "1",
        stdout=StringIO(),
    )
    boards = list(Board.objects.order_by("name"))
    assert [b.schools.count() for b in boards] == [2, 1]
    assert all(b.staff.filter(school=None).count() == 1 for b in boards)
    cards = LearningCard.objects.all()
    shared = cards.filter(shared_at__isnull=False)
    assert 0.15 < shared.count() / cards.count() < 0.45
    for card in shared.select_related("initiative"):
        assert card.shared_by_id == card.initiative.started_by_id
        starter = card.initiative.memberships.get(user=card.shared_by)
        assert starter.named_on_board and starter.contact_from_board
    assert not InitiativeMember.objects.filter(
        initiative__learning_card__shared_at__isnull=True, named_on_board=True
    ).exists()
    leader = User.objects.get(email="s01.p000@schaal.test")
    assert not SignInPolicy.of(leader.school_id).requires_two_step(leader)  # as the bench logs in
    teacher = User.objects.get(email="s01.p004@schaal.test")
    in_board = LearningCard.objects.shared_in_board(teacher)
    assert in_board.count() == shared.filter(initiative__school__board=boards[0]).count() > 0
