"""Anonymous means anonymous: no result while a round is open, and no figure that can be
derived from others (the privacy officer's findings, turned into tests)."""

import json
from statistics import mean

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from culture.models import MIN_GROUP, PULSE_STATEMENTS, Answer, Participation
from culture.services import answer_round, pulse_trend, results
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.helpers import text

from .figures import SCHOOL, assert_no_small_group_derivable, read_figures, without_tokens

KEYS = [key for key, _statement in PULSE_STATEMENTS]


def same(value):
    return {key: value for key in KEYS}


def mixed(first, second):
    """first on the even statements, second on the odd ones."""
    return {key: first if i % 2 == 0 else second for i, key in enumerate(KEYS)}


def truth(answers: list[dict]) -> dict:
    """What a group answered, as the page would show it were it shown: per statement."""
    with translation.override("nl"):
        rows = {
            str(statement): [mean(a[key] for a in answers)] for key, statement in PULSE_STATEMENTS
        }
    return {"count": len(answers), "rows": rows}


def personas(world):
    return [world.teacher, world.colleague, world.lead, world.leader, world.admin, world.other_lead]


def test_an_open_round_shows_no_results_to_anyone(world, client_for, open_round):
    pulse = open_round()
    for _ in range(6):  # enough for a team result, had the round been closed
        person = UserFactory(school=world.school)
        MembershipFactory(team=world.team, user=person)
        answer_round(round=pulse, user=person, team=world.team, scores=same(4))
    pages = {
        "results": reverse("culture:round_results", args=[pulse.pk]),
        "home": reverse("culture:culture_home"),
    }

    def read_all():
        seen = {}
        for persona in personas(world):
            client = client_for(persona)
            for name, url in pages.items():
                response = client.get(url)
                assert response.status_code == 200
                seen[persona.name, name] = without_tokens(text(response))
        return seen

    before = read_all()
    answer_round(round=pulse, user=world.colleague, team=world.team, scores=same(1))
    after = read_all()

    for (persona, page), body in before.items():
        if (persona, page) == (world.colleague.name, "home"):
            continue  # only the colleague's own list of rounds to answer changes
        assert after[persona, page] == body, f"{page} changed for {persona}"
    for persona in personas(world):
        body = before[persona.name, "results"]
        assert read_figures(body) == {}
        assert "antwoorden" not in body  # no live count either
        assert "Deze ronde loopt tot en met" in body
        assert "De uitkomsten verschijnen na de sluitingsdatum" in body
    assert results(pulse) is None
    assert pulse_trend(world.school.pk) == []


def one_team_under_five(world):
    onderbouw = TeamFactory(school=world.school, name="Onderbouw", first_group=1, last_group=2)
    return {
        onderbouw: [same(1)] * 4,
        world.team: [mixed(3, 4)] * 7,
        world.other_team: [mixed(4, 3)] * 6,
    }, {"Onderbouw"}


def two_teams_under_five(world):
    onderbouw = TeamFactory(school=world.school, name="Onderbouw", first_group=1, last_group=2)
    lezen = TeamFactory(
        school=world.school,
        name="Werkgroep lezen",
        kind="working_group",
        first_group=None,
        last_group=None,
    )
    return {
        onderbouw: [same(1)] * 3,
        lezen: [same(5)],
        world.team: [mixed(3, 4)] * 7,
        world.other_team: [mixed(4, 3)] * 6,
    }, {"Onderbouw", "Werkgroep lezen"}


def one_team_under_five_and_one_answer_for_the_whole_school(world):
    answers, small = one_team_under_five(world)
    return {**answers, None: [same(5)]}, small


@pytest.mark.parametrize(
    ("build", "shown"),
    [
        # 4 hidden: the school minus the teams would be 4, so the bovenbouw (6) goes too.
        (one_team_under_five, {SCHOOL, "Middenbouw"}),
        # 3 + 1 hidden: together 4, so the bovenbouw goes too.
        (two_teams_under_five, {SCHOOL, "Middenbouw"}),
        # 4 hidden and 1 answer for no team: together 5, nothing more to hide.
        (
            one_team_under_five_and_one_answer_for_the_whole_school,
            {SCHOOL, "Middenbouw", "Bovenbouw"},
        ),
    ],
)
def test_no_figure_of_a_team_under_five_can_be_computed_from_the_closed_results(
    world, client_for, answered_round, build, shown
):
    answers, small = build(world)
    pulse = answered_round([(team, a) for team, group in answers.items() for a in group])
    small_truth = {t.name: truth(group) for t, group in answers.items() if t and t.name in small}
    if None in answers:
        small_truth["only for the whole school"] = truth(answers[None])

    for persona in (world.teacher, world.leader):
        body = text(client_for(persona).get(reverse("culture:round_results", args=[pulse.pk])))
        figures = read_figures(body)
        assert {name for name, g in figures.items() if g["rows"]} == shown
        for name in figures.keys() - shown:
            assert figures[name]["count"] is None
        assert_no_small_group_derivable(figures, small_truth)

    # The trend over rounds (one average over all statements) follows the same rule.
    home = read_figures(text(client_for(world.teacher).get(reverse("culture:culture_home"))))
    counts = {name: g["count"] for name, g in figures.items()}
    trend = {
        name: {"count": counts[name], "rows": {"Peiling": g["rows"]["Peiling"]}}
        for name, g in home.items()
        if "Peiling" in g["rows"]
    }
    assert trend.keys() == shown
    overall = {
        name: {
            "count": t["count"],
            "rows": {"Peiling": [mean(mean(r) for r in t["rows"].values())]},
        }
        for name, t in small_truth.items()
    }
    assert_no_small_group_derivable(trend, overall)


def test_the_counts_shown_add_up_to_no_small_team(world, answered_round):
    answers, _small = one_team_under_five(world)
    pulse = answered_round([(team, a) for team, group in answers.items() for a in group])
    groups = {g.name: g for g in results(pulse)}
    assert groups[SCHOOL].count == 17
    assert groups["Middenbouw"].count == 7
    # 17 - 7 = 10 answers not shown: the onderbouw's 4 and the bovenbouw's 6 together.
    assert groups["Onderbouw"].count is None and groups["Bovenbouw"].count is None
    assert groups[SCHOOL].count - groups["Middenbouw"].count >= MIN_GROUP


def test_a_school_under_five_answers_shows_nothing_at_all(world, answered_round):
    pulse = answered_round([(world.team, same(3))] * 4)
    assert all(g.hidden and g.count is None for g in results(pulse))
    assert pulse_trend(world.school.pk) == []


def test_the_results_page_explains_the_rule_in_dutch(world, client_for, answered_round):
    answers, _small = one_team_under_five(world)
    pulse = answered_round([(team, a) for team, group in answers.items() for a in group])
    body = text(client_for(world.teacher).get(reverse("culture:round_results", args=[pulse.pk])))
    assert "verbergen we ook het kleinste getoonde team" in body
    assert "Niet getoond: te weinig antwoorden, of terug te rekenen uit de andere cijfers." in body


def test_no_admin_screen_shows_answers_or_who_answered():
    assert not admin.site.is_registered(Answer)
    assert not admin.site.is_registered(Participation)
    assert "user" not in {f.name for f in Answer._meta.get_fields()}
    assert not {"team", "scores"} & {f.name for f in Participation._meta.get_fields()}


def test_the_stored_answers_cannot_be_paired_with_who_answered(world, open_round):
    """A database dump or backup shows who took part (Participation) and the answers, but
    neither their ids nor their order pairs an answer with a person."""
    from culture.models import PULSE_STATEMENTS, Answer, Participation
    from culture.services import answer_round
    from tests.factories import UserFactory

    pulse = open_round()
    keys = [key for key, _statement in PULSE_STATEMENTS]
    people = [UserFactory(school=world.school) for _ in range(12)]

    def given(n: int) -> dict:
        # Everyone gives a different answer, so in this test an answer names its giver.
        return {**dict.fromkeys(keys, 1 + n % 5), keys[0]: 1 + (n // 5) % 5}

    seen_ids: set[int] = set()
    for number, person in enumerate(people):
        answer_round(round=pulse, user=person, team=None, scores=given(number))
        ids = set(Answer.objects.filter(round=pulse).values_list("pk", flat=True))
        assert not ids & seen_ids  # every answer got a new id: no id tells when it came
        seen_ids |= ids
    joined = [p.user_id for p in Participation.objects.filter(round=pulse).order_by("pk")]
    assert joined == [p.pk for p in people]
    # Compared as sorted JSON: PostgreSQL's jsonb keeps its own key order.
    stored = [
        json.dumps(a.scores, sort_keys=True)
        for a in Answer.objects.filter(round=pulse).order_by("pk")
    ]
    answers = [json.dumps(given(n), sort_keys=True) for n in range(len(people))]
    assert sorted(stored) == sorted(answers)  # nothing lost
    assert stored != answers  # the id order is not the answering order (chance 1 in 12!)
