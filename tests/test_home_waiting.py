"""Home shows each person what waits for them, by role, and the menu offers each role its
way in: an open pulse round for everyone until they answered, news to review for a team
lead, support requests for the leader, lesson visits this week for both colleagues."""

import datetime

from django.urls import reverse
from django.utils import timezone

from culture.models import PULSE_STATEMENTS, Round
from culture.services import answer_round
from inquiries.models import SupportRequest
from inquiries.services import add_comment, change_state, request_support
from reflections.models import LessonVisit
from tests.factories import start_test_initiative
from tests.helpers import text


def home(client_for, person) -> str:
    return text(client_for(person).get(reverse("home")))


def test_an_open_pulse_round_is_on_home_until_answered(world, client_for):
    today = timezone.localdate()
    pulse = Round.objects.create(
        school=world.school,
        kind="pulse",
        title="Peiling december",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
    )
    page = home(client_for, world.teacher)
    assert "De cultuurpeiling staat open" in page
    assert reverse("culture:answer", args=[pulse.pk]) in page
    scores = {key: 4 for key, _statement in PULSE_STATEMENTS}
    answer_round(round=pulse, user=world.teacher, team=None, scores=scores)
    assert "Peiling december" not in home(client_for, world.teacher)
    assert "Peiling december" not in home(client_for, world.outsider)  # another school


def test_a_team_lead_sees_news_to_review_and_the_review_menu(world, client_for):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    add_comment(initiative=initiative, author=world.teacher, text="Nieuw", submission_key="c")
    page = home(client_for, world.lead)
    assert "1 initiatief heeft nieuws om te bespreken" in page
    assert f'href="{reverse("inquiries:review_list")}"' in page
    assert ">Bespreken<" in page
    teacher_page = home(client_for, world.teacher)
    assert "nieuws om te bespreken" not in teacher_page and ">Bespreken<" not in teacher_page
    assert ">Cultuur<" in teacher_page


def test_the_leader_sees_support_requests_waiting(world, client_for):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    request_support(
        initiative=initiative,
        requested_by=world.teacher,
        request=SupportRequest(kind="time", what="Een middag"),
        submission_key="s",
    )
    assert "1 hulpvraag wacht op je antwoord" in home(client_for, world.leader)
    assert "hulpvraag wacht" not in home(client_for, world.lead)


def test_a_lesson_visit_this_week_is_on_both_homes(world, client_for):
    LessonVisit.objects.create(
        host=world.teacher,
        observer=world.colleague,
        focus_question="Wie praat er?",
        lesson="groep 5",
        planned_on=timezone.localdate() + datetime.timedelta(days=2),
        state=LessonVisit.State.ACCEPTED,
    )
    assert "Eva Collega bezoekt je les" in home(client_for, world.teacher)
    assert "Je bezoekt de les van Sanne Leerkracht" in home(client_for, world.colleague)
