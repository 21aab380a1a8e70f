"""The benchmark's pages and fragments, pinned to the number of queries found.

Each count is the same with a little data and with a lot: what a page costs does not grow
with the school. Sessions live in the database (one query on every page); here they come
from a signed cookie, which costs none, so BENCHMARKS.md reports these counts plus one. A
change that adds a query fails here: find where it comes from, or raise the pin knowingly.
"""

import datetime

import pytest
from django.urls import reverse

from inquiries.models import Entry, Initiative, LearningCard, SupportRequest
from inquiries.services import (
    add_comment,
    add_entry,
    change_state,
    join_initiative,
    request_support,
    set_board_consent,
    share_card,
)
from notifications.models import Notification
from reflections.models import Reflection
from results.imports import GroupAggregate, replace_test_moment
from results.models import GoalIndicator
from results.voice import answer_round, close_round, open_round
from teams.models import Board, SchoolYear
from tests.factories import (
    MembershipFactory,
    SchoolFactory,
    SharedGoalFactory,
    TeamFactory,
    TeamNormFactory,
    UserFactory,
    start_test_initiative,
)
from tests.helpers import HTMX

# page: (persona, url, htmx, queries); a page may cost at most 15
PAGES = {
    "home": ("teacher", lambda w: reverse("home"), False, 9),
    "team page": ("teacher", lambda w: reverse("teams:team_detail", args=[w.team.pk]), False, 6),
    # A colleague from another team: not a member, not its reviewer (as in the benchmark).
    # + its goal's indicator and the results it counts (the goal's results before/after),
    # + the pupils' voice rounds tied to it that one may follow, with their tallies
    "initiative page": ("other_lead", lambda w: w.running.get_absolute_url(), False, 14),
    "review list": (
        "lead",
        lambda w: reverse("inquiries:review_list"),
        False,
        4,
    ),  # + the led teams, for their overviews
    "library search": (
        "colleague",
        lambda w: reverse("inquiries:library") + "?zoek=lezen",
        False,
        8,
    ),
    "library search (htmx)": (
        "colleague",
        lambda w: reverse("inquiries:library") + "?zoek=lezen",
        True,
        4,
    ),
    "reflections journal": ("teacher", lambda w: reverse("reflections:journal"), False, 3),
    "leader dashboard": (
        "leader",
        lambda w: reverse("dashboard:leader_dashboard"),
        False,
        13,
    ),  # + meetings and decisions per team, + the results the goals' indicators count
    "goal page": ("teacher", lambda w: w.goal.get_absolute_url(), False, 7),
    "notifications": ("teacher", lambda w: reverse("notifications:notification_list"), False, 2),
}
ADD_ENTRY = 8
# The test's transaction turns the two atomic blocks of adding an entry into SAVEPOINT and
# RELEASE statements; in production each is a transaction of its own, which costs no query.
SAVEPOINTS = 4


def grow(world, n: int, start: int) -> None:
    """n more of everything the pages list: initiatives with members, entries and
    comments, learning cards, support requests, reflections and notifications."""
    values = list(world.school.core_values.all())
    for i in range(start, start + n):
        year, _ = SchoolYear.objects.get_or_create(
            school=world.school,
            name=f"{2000 + i}-{2001 + i}",
            defaults={
                "starts_on": datetime.date(2000 + i, 8, 20),
                "ends_on": datetime.date(2001 + i, 7, 10),
            },
        )
        replace_test_moment(
            school=world.school,
            school_year=year,
            subject="begrijpend_lezen",
            moment="M",
            scale="I-V",
            aggregates=[GroupAggregate(f"{g}A", g, 20, {"II": 12, "IV": 8}) for g in (3, 4, 5)],
            by=world.leader,
        )
        # A pupils' voice round tied to the goal and the running initiative, with a result.
        voice = open_round(
            by=world.teacher,
            group=f"groep {3 + i % 3}{i}",
            grade=3 + i % 3,
            questions=["reading_fun", "safe"],
            goal=world.goal,
            initiative=world.running,
        )
        for child in range(5):
            answer_round(
                code=voice.code, token=f"{i}-{child}", answers={"reading_fun": 1, "safe": 2}
            )
        close_round(round=voice, by=world.teacher)
        goal = SharedGoalFactory(school=world.school, team=world.team if i % 2 else None)
        goal.core_values.set(values[: 1 + i % 3])
        TeamNormFactory(team=world.team)
        initiative = start_test_initiative(
            starter=world.teacher,
            team=world.team,
            title=f"Lezen {i}",
            why="Lezen helpt.",
            goals=[goal],
            core_values=values[:2],
        )
        change_state(initiative=initiative, user=world.teacher, action="start")
        join_initiative(initiative=initiative, user=world.colleague)
        for who, key in ((world.teacher, "a"), (world.colleague, "b")):
            add_entry(
                initiative=initiative,
                author=who,
                submission_key=f"{key}{i}",
                entry=Entry(kind="note", text="Leesplezier groeit."),
            )
            add_entry(
                initiative=world.running,
                author=who,
                submission_key=f"r{key}{i}",
                entry=Entry(kind="measurement", measure="m", unit="number", baseline=i),
            )
        add_comment(
            initiative=world.running, author=world.lead, text=f"Mooi {i}", submission_key=f"c{i}"
        )
        request_support(
            initiative=initiative,
            requested_by=world.teacher,
            request=SupportRequest(kind="time", what="Een middag"),
            submission_key=f"s{i}",
        )
        if i % 2:
            change_state(
                initiative=initiative,
                user=world.teacher,
                action="stop",
                card=LearningCard(learned="Kinderen die kiezen, lezen meer."),
            )
        Reflection.objects.create(
            school=world.school,
            author=world.teacher,
            title=f"R{i}",
            proud_of="x",
            visibility="school" if i % 2 else "private",
        )
        # Unread on the bell; like every real line it links to its item, not to home.
        Notification.objects.create(
            user=world.teacher,
            kind="stalled",
            key=str(i),
            text="t",
            url=initiative.get_absolute_url(),
        )


@pytest.fixture
def budget_world(world, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    # A goal with an indicator in the test results, shown on the goal page, the dashboard
    # and the initiative serving it (grow() adds test moments).
    world.goal = SharedGoalFactory(school=world.school, title="Begrijpend lezen")
    GoalIndicator.objects.create(
        goal=world.goal,
        subject="begrijpend_lezen",
        first_grade=3,
        last_grade=5,
        baseline=50,
        target=70,
    )
    world.running = start_test_initiative(
        starter=world.teacher, team=world.team, title="Lopend", goals=[world.goal]
    )
    change_state(initiative=world.running, user=world.teacher, action="start")
    join_initiative(initiative=world.running, user=world.colleague)
    return world


# Not "page": that is Playwright's fixture, and the name would pull the test among the
# browser tests.
@pytest.mark.parametrize("name", PAGES)
def test_each_page_costs_the_pinned_queries_however_much_data(
    budget_world, client_for, django_assert_num_queries, name
):
    persona, url, htmx, pinned = PAGES[name]
    assert pinned <= 15
    client = client_for(getattr(budget_world, persona))
    headers = HTMX if htmx else {}

    def load():
        address = url(budget_world)
        with django_assert_num_queries(pinned):
            response = client.get(address, **headers)
        assert response.status_code == 200, address

    grow(budget_world, 2, 0)
    load()
    grow(budget_world, 20, 2)
    load()


def test_adding_an_entry_costs_the_pinned_queries_however_long_the_phase(
    budget_world, client_for, django_assert_num_queries
):
    client = client_for(budget_world.teacher)
    url = reverse("inquiries:new_entry", args=[budget_world.running.pk])

    def add(key):
        data = {"entry-kind": "note", "entry-text": "Gezien", "entry-submission_key": key}
        with django_assert_num_queries(ADD_ENTRY + SAVEPOINTS) as captured:
            response = client.post(url, data, **HTMX)
        assert response.status_code == 200
        savepoints = [q for q in captured if "SAVEPOINT" in q["sql"]]
        assert len(savepoints) == SAVEPOINTS

    add("k0")
    grow(budget_world, 20, 0)
    add("k1")


# The board library: a teacher searches the cards that the board's schools shared, as in the
# benchmark. (htmx, queries): the person; the count and the page of cards with school,
# cycle and school year; their teams and named members; the page adds the filters' choices
# (school, goal, cycle, school year), which the fragment does not show and does not ask.
BOARD_LIBRARY = {
    "board library search": (False, 9),
    "board library search (htmx)": (True, 5),
}


@pytest.fixture
def board_world(budget_world):
    """The budget world's school in a board, with a second school of the board."""
    board = Board.objects.create(name="Stichting Samen Leren")
    budget_world.school.board = board
    budget_world.school.save()
    second = SchoolFactory(name="De Vlinder")
    second.board = board
    second.save()
    budget_world.second_team = TeamFactory(school=second, name="Bovenbouw")
    budget_world.second_staff = [UserFactory(school=second) for _ in range(3)]
    for user in budget_world.second_staff:
        MembershipFactory(team=budget_world.second_team, user=user)
    return budget_world


def share_more(world, n: int, start: int) -> None:
    """n more shared cards: most from the board's other school, each with its goal, school
    year and members named (some contactable), and some of the world's own school."""
    author, partner, third = world.second_staff
    for i in range(start, start + n):
        school = author.school
        year, _ = SchoolYear.objects.get_or_create(
            school=school,
            name=f"{2000 + i}-{2001 + i}",
            defaults={
                "starts_on": datetime.date(2000 + i, 8, 20),
                "ends_on": datetime.date(2001 + i, 7, 10),
            },
        )
        own = i % 5 == 0
        starter = world.colleague if own else author
        initiative = start_test_initiative(
            starter=starter,
            team=world.team if own else world.second_team,
            title=f"Leesmotivatie {i}",
            template_key=["spiral", "pdca", "datateam"][i % 3],
            goals=[SharedGoalFactory(school=starter.school, title=f"Doel {i % 4}")],
        )
        Initiative.objects.filter(pk=initiative.pk).update(school_year=year if not own else None)
        change_state(initiative=initiative, user=starter, action="start")
        others = [world.lead] if own else [partner, third]
        for other in others:
            join_initiative(initiative=initiative, user=other)
        change_state(
            initiative=initiative,
            user=starter,
            action="stop",
            card=LearningCard(learned="Kinderen die kiezen, lezen meer.", advice="Begin klein."),
        )
        card = LearningCard.objects.get(initiative=initiative)
        share_card(card=card, user=starter, named=True, contact=i % 2 == 0)
        for other in others:
            set_board_consent(card=card, user=other, named=i % 3 == 0, contact=False)


@pytest.mark.parametrize("name", BOARD_LIBRARY)
def test_the_board_library_search_costs_the_pinned_queries_however_many_cards_are_shared(
    board_world, client_for, django_assert_num_queries, name
):
    htmx, pinned = BOARD_LIBRARY[name]
    assert pinned <= 15
    client = client_for(board_world.teacher)
    address = reverse("inquiries:library") + "?bereik=bestuur&zoek=lezen"
    headers = HTMX if htmx else {}

    def load(expected: int):
        with django_assert_num_queries(pinned):
            response = client.get(address, **headers)
        assert response.status_code == 200
        assert response.content.decode().count('class="card learning-card"') == expected

    share_more(board_world, 2, 0)
    load(2)
    share_more(board_world, 30, 2)
    load(20)  # a page of twenty, of 32
