"""The pupils' voice: a teacher opens a round, the children answer with a code and no name,
each device once and only while the round is open; a result only after closing and from
five answers; every page fetched through the one rule of who may follow a round."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from results.models import VoiceDevice, VoiceRound, VoiceTally
from results.voice import (
    CODE_ALPHABET,
    CODE_LENGTH,
    QUESTIONS,
    AlreadyAnswered,
    RoundClosed,
    UnknownRound,
    answer_round,
    close_round,
    group_series,
    open_round,
    round_results,
    series_of,
)
from results.voice_views import DEVICE_COOKIE
from teams.models import Membership
from tests.factories import (
    MembershipFactory,
    SharedGoalFactory,
    TeamFactory,
    UserFactory,
    start_test_initiative,
)
from tests.helpers import HTMX, assert_fragment, text, unchanged

QUESTIONS_ASKED = ["reading_fun", "dare_hard", "safe"]


def nl(msgid: str) -> str:
    """What a Dutch page says for `msgid` (the English until it is translated)."""
    with translation.override("nl"):
        return gettext(msgid)


def open_for(user, *, group="groep 4a", grade=4, questions=QUESTIONS_ASKED, **links):
    return open_round(by=user, group=group, grade=grade, questions=questions, **links)


def answered(voice: VoiceRound, n: int, *, face: int = 1, start: int = 0) -> VoiceRound:
    """`n` devices answer every question with `face`."""
    for i in range(start, start + n):
        answer_round(
            code=voice.code,
            token=f"device-{i:02d}-abcdefghijklmnopqrstuvwxyz",
            answers=dict.fromkeys(voice.questions, face),
        )
    voice.refresh_from_db()
    return voice


def tallies(voice: VoiceRound) -> dict[tuple[str, int], int]:
    return {(t.question, t.face): t.count for t in VoiceTally.objects.filter(round=voice)}


def answer_url(voice: VoiceRound) -> str:
    return reverse("results:voice_answer", args=[voice.code])


def round_url(voice: VoiceRound) -> str:
    return reverse("results:voice_round", args=[voice.pk])


# --- opening a round ------------------------------------------------------------------------


def test_a_teacher_opens_a_round_for_a_grade_she_teaches_and_gets_a_code_easy_to_type(
    world, client_for
):
    goal = SharedGoalFactory(school=world.school, team=world.team)
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    response = client_for(world.teacher).post(
        reverse("results:open_voice_round"),
        {
            "round-group": "  groep 4a ",
            "round-grade": "4",
            "round-questions": ["safe", "reading_fun"],
            "round-goal": goal.pk,
            "round-initiative": initiative.pk,
        },
    )
    voice = VoiceRound.objects.get()
    assert response.status_code == 302 and response["Location"] == round_url(voice)
    assert (voice.group, voice.grade, voice.school, voice.opened_by) == (
        "groep 4a",
        4,
        world.school,
        world.teacher,
    )
    assert voice.questions == ["reading_fun", "safe"]  # in the library's order
    assert (voice.goal, voice.initiative) == (goal, initiative)
    assert len(voice.code) == CODE_LENGTH and set(voice.code) <= set(CODE_ALPHABET)
    assert not set(voice.code) & set("0O1IL")
    assert voice.is_open and voice.answers == 0
    assert set(tallies(voice).values()) == {0} and len(tallies(voice)) == 2 * 3


def test_the_form_offers_only_the_grades_one_teaches_and_the_own_schools_goals(world, client_for):
    own = SharedGoalFactory(school=world.school, title="Leesplezier omhoog")
    theirs = SharedGoalFactory(school=world.other_school, title="Ander doel")
    page = text(client_for(world.teacher).get(reverse("results:open_voice_round")))
    grades = re.findall(r'name="round-grade" value="(\d)"', page)
    assert grades == ["3", "4", "5"]
    assert own.title in page and theirs.title not in page
    for value in QUESTIONS.values():
        assert str(value) in page


def test_a_grade_one_does_not_teach_or_another_schools_goal_is_refused(world, client_for):
    theirs = SharedGoalFactory(school=world.other_school)
    client = client_for(world.teacher)
    data = {"round-group": "groep 7a", "round-grade": "7", "round-questions": ["safe"]}
    with unchanged(VoiceRound):
        assert client.post(reverse("results:open_voice_round"), data).status_code == 422
        data.update({"round-grade": "4", "round-goal": theirs.pk})
        assert client.post(reverse("results:open_voice_round"), data).status_code == 422


def test_an_empty_form_comes_back_saying_what_is_missing(world, client_for):
    response = client_for(world.teacher).post(reverse("results:open_voice_round"), {})
    assert response.status_code == 422
    page = text(response)
    assert nl("Choose at least one question.") in page
    assert "Dit veld is verplicht." not in page


def test_someone_who_teaches_no_grade_may_not_open_a_round(world, client_for):
    caretaker = UserFactory(school=world.school, name="Gerrit Conciërge")
    client = client_for(caretaker)
    assert client.get(reverse("results:open_voice_round")).status_code == 403
    with unchanged(VoiceRound):
        data = {"round-group": "groep 4a", "round-grade": "4", "round-questions": ["safe"]}
        assert client.post(reverse("results:open_voice_round"), data).status_code == 403
    page = text(client.get(reverse("results:voice_list")))
    assert 'action="/leerlingstem/nieuw/"' not in page


def test_the_leader_may_open_a_round_for_any_grade(world, client_for):
    data = {"round-group": "groep 8", "round-grade": "8", "round-questions": ["safe"]}
    response = client_for(world.leader).post(reverse("results:open_voice_round"), data)
    assert response.status_code == 302
    assert VoiceRound.objects.get().grade == 8


def test_opening_the_same_group_twice_a_double_click_gives_the_one_open_round(world):
    first = open_for(world.teacher)
    again = open_for(world.teacher, group="Groep 4A", questions=["safe"])
    assert again.pk == first.pk and VoiceRound.objects.count() == 1
    close_round(round=first, by=world.teacher)
    assert open_for(world.teacher).pk != first.pk  # closed: a new round, a new code


# --- answering ------------------------------------------------------------------------------


def test_a_child_answers_through_the_code_without_a_login_once_per_device(world):
    voice = open_for(world.teacher)
    child = Client()
    page = child.get(answer_url(voice))
    assert page.status_code == 200
    cookie = page.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/stem/"
    assert not cookie["secure"]  # plain http here; Secure whenever the request is
    answers = {"reading_fun": 1, "dare_hard": 2, "safe": 3}
    response = child.post(answer_url(voice), answers)
    assert response.status_code == 302 and response["Location"] == f"{answer_url(voice)}?klaar=1"
    assert nl("Thank you!") in text(child.get(response["Location"]))
    voice.refresh_from_db()
    assert voice.answers == 1
    counts = tallies(voice)
    assert counts[("reading_fun", 1)] == counts[("dare_hard", 2)] == counts[("safe", 3)] == 1
    assert sum(counts.values()) == 3
    device = VoiceDevice.objects.get()
    assert device.token_hash != child.cookies[DEVICE_COOKIE].value  # only a hash is kept

    with unchanged(VoiceTally, VoiceDevice, VoiceRound):
        again = child.post(answer_url(voice), {"reading_fun": 3, "dare_hard": 3, "safe": 3})
        assert again.status_code == 200
        assert nl("You already answered") in text(again)
        assert "<form" not in text(again)
        assert nl("You already answered") in text(child.get(answer_url(voice)))


def test_a_secure_request_gets_a_secure_device_cookie(world):
    voice = open_for(world.teacher)
    page = Client().get(answer_url(voice), secure=True)
    assert page.cookies[DEVICE_COOKIE]["secure"]


def test_a_double_submit_counts_once(world):
    voice = open_for(world.teacher)
    answers = dict.fromkeys(voice.questions, 1)
    token = "the-same-device-abcdefghijklmnop"
    answer_round(code=voice.code, token=token, answers=answers)
    with unchanged(VoiceTally, VoiceDevice, VoiceRound), pytest.raises(AlreadyAnswered):
        answer_round(code=voice.code.lower(), token=token, answers=answers)
    assert tallies(voice)[("safe", 1)] == 1


def test_an_answer_without_the_device_cookie_is_refused_and_asks_to_reload(world):
    voice = open_for(world.teacher)
    child = Client()  # posts without having been shown the page
    with unchanged(VoiceTally, VoiceDevice, VoiceRound):
        response = child.post(answer_url(voice), dict.fromkeys(voice.questions, 1))
    assert response.status_code == 400
    assert nl("Your answers were not sent. Reload the page and try again.") in text(response)
    assert DEVICE_COOKIE in response.cookies  # the next try carries it
    assert child.post(answer_url(voice), dict.fromkeys(voice.questions, 1)).status_code == 302


def test_a_skipped_question_comes_back_with_the_faces_chosen_and_counts_nothing(world):
    voice = open_for(world.teacher)
    child = Client()
    child.get(answer_url(voice))
    with unchanged(VoiceTally, VoiceDevice, VoiceRound):
        response = child.post(answer_url(voice), {"reading_fun": 2, "safe": 5})
    assert response.status_code == 422
    page = text(response)
    assert page.count(nl("Choose a face.")) == 2  # the skipped one, and 5 is no face
    assert re.search(r'value="2"[^>]*checked', page)  # what the child chose stays


def test_a_closed_round_refuses_answers_and_shows_no_form(world):
    voice = open_for(world.teacher)
    child = Client()
    child.get(answer_url(voice))
    close_round(round=voice, by=world.teacher)
    with unchanged(VoiceTally, VoiceDevice, VoiceRound):
        response = child.post(answer_url(voice), dict.fromkeys(voice.questions, 1))
        assert response.status_code == 410
        with pytest.raises(RoundClosed):
            answer_round(code=voice.code, token="x" * 30, answers=dict.fromkeys(voice.questions, 1))
    fresh = Client().get(answer_url(voice))
    assert fresh.status_code == 410 and "<form" not in text(fresh)
    assert nl("The questions are closed") in text(fresh)


def test_an_unknown_code_is_a_friendly_404_without_a_form(db):
    response = Client().get(reverse("results:voice_answer", args=["ZZZZZZ"]))
    assert response.status_code == 404
    assert "<form" not in text(response)
    assert nl("This code does not work") in text(response)
    with pytest.raises(UnknownRound):
        answer_round(code="ZZZZZZ", token="x" * 30, answers={})


def test_the_code_page_leads_to_the_round_however_the_code_was_typed(db):
    client = Client()
    page = client.get(reverse("results:voice_code"))
    assert page.status_code == 200 and 'method="get"' in text(page)
    response = client.get(reverse("results:voice_code"), {"code": " ab c-d23 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("results:voice_answer", args=["ABCD23"])
    empty = client.get(reverse("results:voice_code"), {"code": " - "})
    assert empty.status_code == 200 and nl("Type the code from the board.") in text(empty)


def test_the_answer_page_is_one_fieldset_per_question_with_labelled_faces(world):
    voice = open_for(world.teacher)
    page = text(Client().get(answer_url(voice)))
    assert page.count("<fieldset") == page.count("<legend") == len(voice.questions)
    assert page.count('type="radio"') == 3 * len(voice.questions)
    for word in ("Yes", "Sometimes", "No"):
        assert f'<span class="face__label">{nl(word)}</span>' in page
    assert "csrfmiddlewaretoken" in page
    assert "<script" not in page and "style=" not in page


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_childrens_pages_show_nothing_but_the_questions(world, client, logged_in):
    voice = open_for(world.teacher, group="groep 4a Zonnebloem")
    if logged_in:  # the teacher's own laptop, passed round the class
        client.force_login(world.teacher)
    pages = [
        client.get(reverse("results:voice_code")),
        client.get(answer_url(voice)),
    ]
    client.post(answer_url(voice), dict.fromkeys(voice.questions, 1))
    pages.append(client.get(f"{answer_url(voice)}?klaar=1"))
    close_round(round=voice, by=world.teacher)
    pages.append(Client().get(answer_url(voice)))
    for page in pages:
        html = text(page)
        for secret in (
            "Zonnebloem",
            "groep 4",
            world.school.name,
            world.teacher.name,
            world.teacher.email,
        ):
            assert secret not in html, (page.wsgi_request.path, secret)


# --- results --------------------------------------------------------------------------------


def test_no_result_while_the_round_is_open_even_with_five_answers(world, client_for):
    voice = answered(open_for(world.teacher), 6)
    assert round_results(voice) is None
    page = text(client_for(world.teacher).get(round_url(voice)))
    assert voice.code in page
    assert nl("What the children answered") not in page and "100%" not in page
    count = text(client_for(world.teacher).get(round_url(voice), **HTMX))
    assert "6" in count and "<html" not in count
    # Nor for the school leader, who may see every round.
    leader_page = text(client_for(world.leader).get(round_url(voice)))
    assert nl("What the children answered") not in leader_page and "100%" not in leader_page


def test_no_result_for_a_round_closed_with_four_answers(world, client_for):
    voice = answered(open_for(world.teacher), 4)
    close_round(round=voice, by=world.teacher)
    assert round_results(voice) is None
    page = text(client_for(world.leader).get(round_url(voice)))
    assert nl("Too few answers to show anything") in page
    assert nl("What the children answered") not in page and "100%" not in page


def test_the_result_appears_at_five_answers_after_closing(world, client_for):
    voice = answered(open_for(world.teacher), 4, face=1)
    voice = answered(voice, 1, face=3, start=4)
    close_round(round=voice, by=world.teacher)
    results = round_results(voice)
    assert [r.key for r in results] == QUESTIONS_ASKED
    safe = results[-1]
    assert [(f.face.value, f.count, f.share) for f in safe.faces] == [
        (1, 4, 80),
        (2, 0, 0),
        (3, 1, 20),
    ]
    assert safe.happy_share == 80
    page = text(client_for(world.teacher).get(round_url(voice)))
    assert nl("What the children answered") in page and "(80%)" in page
    assert voice.code not in page  # the code of a closed round is of no use any more


def test_a_round_is_never_opened_again_closing_twice_changes_nothing(world, client_for):
    voice = open_for(world.teacher)
    close_round(round=voice, by=world.teacher)
    closed_at = voice.closed_at
    client = client_for(world.teacher)
    response = client.post(reverse("results:close_voice_round", args=[voice.pk]))
    assert response.status_code == 302
    voice.refresh_from_db()
    assert voice.closed_at == closed_at


def test_the_count_is_asked_again_and_answers_nothing_while_it_has_not_changed(world, client_for):
    voice = answered(open_for(world.teacher), 2)
    client = client_for(world.teacher)
    page = text(client.get(round_url(voice)))
    assert f'hx-get="{round_url(voice)}?n=2"' in page
    assert client.get(f"{round_url(voice)}?n=2", **HTMX).status_code == 204
    answered(voice, 1, start=2)
    fragment = client.get(f"{round_url(voice)}?n=2", **HTMX)
    assert_fragment(fragment, "voice-count")
    assert "?n=3" in text(fragment)


def test_the_closed_partial_says_so_instead_of_counting_on(world, client_for):
    voice = open_for(world.teacher)
    client = client_for(world.teacher)
    assert_fragment(client.get(round_url(voice), **HTMX), "voice-count")
    close_round(round=voice, by=world.teacher)
    fragment = client.get(round_url(voice), **HTMX)
    assert_fragment(fragment, "voice-count")
    assert "hx-trigger" not in text(fragment)


def test_the_list_shows_the_open_rounds_first(world, client_for):
    older_open = open_for(world.teacher, group="groep 3a", grade=3)
    closed = open_for(world.teacher, group="groep 4a")
    close_round(round=closed, by=world.teacher)
    newer_open = open_for(world.colleague, group="groep 5a", grade=5)
    page = text(client_for(world.teacher).get(reverse("results:voice_list")))
    positions = [page.index(round_url(v)) for v in (newer_open, older_open, closed)]
    assert positions == sorted(positions)


def test_the_groups_over_time_show_closed_rounds_of_five_answers_and_only_groups_one_may_see(
    world, client_for
):
    first = answered(open_for(world.teacher), 5, face=1)
    close_round(round=first, by=world.teacher)
    second = answered(open_for(world.teacher, group="Groep 4A"), 3, face=1)
    second = answered(second, 2, face=2, start=3)
    close_round(round=second, by=world.teacher)
    few = answered(open_for(world.teacher), 4)
    close_round(round=few, by=world.teacher)
    answered(open_for(world.colleague, group="groep 5b", grade=5), 7)  # still open
    seventh = answered(open_for(world.other_lead, group="groep 7", grade=7), 5)
    close_round(round=seventh, by=world.other_lead)

    series = group_series(world.teacher)
    assert [s.group for s in series] == ["Groep 4A"]  # one group, as last spelled
    lines = {line.key: [p.share for p in line.points] for line in series[0].lines}
    assert lines == {"reading_fun": [100, 60], "dare_hard": [100, 60], "safe": [100, 60]}
    assert [s.group for s in group_series(world.leader)] == ["Groep 4A", "groep 7"]
    assert [s.group for s in group_series(world.other_lead)] == ["groep 7"]
    assert group_series(world.outsider) == []
    page = text(client_for(world.teacher).get(reverse("results:voice_list")))
    assert "60%" in page and "groep 7" not in page


def test_the_series_can_use_tallies_loaded_another_way(world):
    voice = answered(open_for(world.teacher), 5, face=2)
    close_round(round=voice, by=world.teacher)
    loaded = {voice.pk: list(VoiceTally.objects.filter(round=voice))}
    fresh = VoiceRound.objects.get(pk=voice.pk)
    series = series_of([fresh], tallies=lambda r: loaded[r.pk])
    assert [p.share for p in series[0].lines[0].points] == [0]
    assert series_of([fresh])[0].lines[0].points[0].share == 0


# --- who may see what -------------------------------------------------------------------------

SEES = {
    "teacher": 200,  # opened it
    "colleague": 200,  # the same bouw
    "lead": 200,
    "other_lead": 404,  # another bouw: grade 4 is not theirs
    "leader": 200,
    "admin": 200,
    "outsider": 404,  # another school
}


@pytest.mark.parametrize("persona", SEES)
def test_who_sees_a_round_and_its_result(world, client_for, persona):
    voice = answered(open_for(world.teacher), 5)
    close_round(round=voice, by=world.teacher)
    client = client_for(getattr(world, persona))
    assert client.get(round_url(voice)).status_code == SEES[persona]
    assert client.get(round_url(voice), **HTMX).status_code == SEES[persona]
    listed = round_url(voice) in text(client.get(reverse("results:voice_list")))
    assert listed == (SEES[persona] == 200)


CLOSES = {
    "teacher": 302,  # opened it
    "colleague": 403,
    "lead": 403,
    "other_lead": 404,
    "leader": 302,
    "admin": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("persona", CLOSES)
def test_only_the_opener_or_the_leader_closes_a_round(world, client_for, persona):
    voice = open_for(world.teacher)
    client = client_for(getattr(world, persona))
    response = client.post(reverse("results:close_voice_round", args=[voice.pk]))
    assert response.status_code == CLOSES[persona]
    voice.refresh_from_db()
    assert voice.is_open == (CLOSES[persona] != 302)


@pytest.mark.parametrize("persona", ["colleague", "admin"])
def test_who_may_not_close_gets_no_close_button(world, client_for, persona):
    voice = open_for(world.teacher)
    page = text(client_for(getattr(world, persona)).get(round_url(voice)))
    assert voice.code in page
    assert reverse("results:close_voice_round", args=[voice.pk]) not in page


def test_a_round_opened_for_another_grade_stays_visible_to_whoever_opened_it(world, client_for):
    world.team.memberships.filter(user=world.teacher).delete()
    MembershipFactory(
        team=TeamFactory(school=world.school, first_group=6, last_group=8),
        user=world.teacher,
        role=Membership.Role.MEMBER,
    )
    voice = open_for(world.leader, group="groep 4a", grade=4)
    assert client_for(world.teacher).get(round_url(voice)).status_code == 404
    own = open_for(world.teacher, group="groep 7a", grade=7)
    world.teacher.memberships.all().delete()  # moved on, still followed their own round
    assert client_for(world.teacher).get(round_url(own)).status_code == 200


def test_the_rounds_a_teacher_follows_are_those_of_the_grades_she_teaches_one_rule_two_forms(
    world,
):
    from results.trends import visible_grades

    world.teacher.memberships.all().delete()
    for first, last in ((3, 5), (7, None)):  # a team of one group has no last group
        MembershipFactory(
            team=TeamFactory(school=world.school, first_group=first, last_group=last),
            user=world.teacher,
            role=Membership.Role.MEMBER,
        )
    rounds = {
        grade: open_for(world.leader, group=f"groep {grade}x", grade=grade) for grade in range(1, 9)
    }
    seen = set(VoiceRound.objects.seen_by(world.teacher).values_list("grade", flat=True))
    assert seen == visible_grades(world.teacher) == {3, 4, 5, 7}
    assert set(VoiceRound.objects.seen_by(world.leader)) == set(rounds.values())


@pytest.mark.parametrize(
    "url",
    [
        lambda v: reverse("results:voice_list"),
        lambda v: reverse("results:open_voice_round"),
        lambda v: round_url(v),
    ],
)
def test_an_anonymous_visitor_is_sent_to_log_in_for_the_teachers_pages(world, client, url):
    voice = open_for(world.teacher)
    response = client.get(url(voice))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    with unchanged(VoiceRound):
        closing = client.post(reverse("results:close_voice_round", args=[voice.pk]))
    assert closing.status_code == 302 and "/accounts/login/" in closing["Location"]


# --- what the pages cost ----------------------------------------------------------------------


def closed_rounds(world, n: int, *, start: int = 0) -> list[VoiceRound]:
    rounds = []
    for i in range(start, start + n):
        voice = answered(open_for(world.teacher, group=f"groep 4{chr(97 + i)}"), 5)
        close_round(round=voice, by=world.teacher)
        rounds.append(voice)
    return rounds


@pytest.mark.parametrize("persona", ["teacher", "leader"])
def test_the_list_costs_the_same_queries_for_one_round_and_for_ten(
    world, client_for, django_assert_num_queries, persona
):
    goal = SharedGoalFactory(school=world.school, team=world.team)
    start_test_initiative(starter=world.teacher, team=world.team)
    closed_rounds(world, 1)
    client = client_for(getattr(world, persona))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("results:voice_list")).status_code == 200
    budget = len(one.captured_queries)  # before a request clears the log
    closed_rounds(world, 8, start=1)
    open_for(world.teacher, group="groep 5c", grade=5, goal=goal)
    with django_assert_num_queries(budget):
        page = text(client.get(reverse("results:voice_list")))
    assert "groep 4i" in page and "groep 5c" in page


@pytest.mark.parametrize("closed", [False, True])
def test_the_round_page_costs_the_same_queries_with_one_round_and_with_ten(
    world, client_for, django_assert_num_queries, closed
):
    goal = SharedGoalFactory(school=world.school, team=world.team)
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    voice = answered(open_for(world.teacher, goal=goal, initiative=initiative), 5)
    if closed:
        close_round(round=voice, by=world.teacher)
    client = client_for(world.teacher)
    with CaptureQueriesContext(connection) as one:
        assert client.get(round_url(voice)).status_code == 200
    budget = len(one.captured_queries)  # before a request clears the log
    closed_rounds(world, 9, start=1)
    with django_assert_num_queries(budget):
        page = text(client.get(round_url(voice)))
    assert goal.title in page and initiative.title in page


def test_the_answer_page_costs_the_same_queries_for_three_questions_and_for_seven(
    world, django_assert_num_queries
):
    few = open_for(world.teacher)
    many = open_for(world.teacher, group="groep 5a", grade=5, questions=list(QUESTIONS))
    child = Client()
    child.get(answer_url(few))
    with CaptureQueriesContext(connection) as one:
        assert child.get(answer_url(few)).status_code == 200
    budget = len(one.captured_queries)
    with django_assert_num_queries(budget):
        assert child.get(answer_url(many)).status_code == 200
