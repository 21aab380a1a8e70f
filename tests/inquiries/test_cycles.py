"""Cycle templates and the state changes of an initiative."""

import pytest
from django.core.exceptions import ValidationError

from inquiries.models import CycleTemplate, Initiative, LearningCard
from inquiries.services import change_state, join_initiative, leave_initiative, move_phase
from tests.factories import start_test_initiative
from tests.helpers import seen

PHASE_ORDERS = {
    "spiral": ["scanning", "focusing", "hunch", "learning", "action", "checking"],
    "datateam": [
        "problem",
        "hypotheses",
        "collection",
        "quality",
        "analysis",
        "interpretation",
        "measures",
        "evaluation",
    ],
    "pdca": ["plan", "do", "check", "act", "secure"],
    "lessonstudy": ["study", "plan_lesson", "teach", "reflect", "revise"],
    "plcatwork": ["learn", "know", "not_learned", "already_can"],
}


@pytest.mark.parametrize("key,order", PHASE_ORDERS.items())
def test_each_builtin_template_has_its_phases_in_order(db, key, order):
    template = CycleTemplate.objects.get(builtin_key=key, school=None)
    assert [p.key for p in template.phases.order_by("position")] == order
    assert all(p.guiding_questions and p.produces for p in template.phases.all())


def test_builtin_template_texts_are_dutch_by_default_and_english_on_request(db):
    from django.utils import translation

    template = CycleTemplate.objects.get(builtin_key="datateam")
    phase = template.phases.get(key="problem")
    with translation.override("nl"):
        assert template.display_name == "Datateam-methode"
        assert phase.display_name == "Probleemdefinitie"
    with translation.override("en"):
        assert template.display_name == "Data team method"
        assert phase.display_name == "Problem definition"


def running(world, key="spiral"):
    initiative = start_test_initiative(starter=world.teacher, team=world.team, template_key=key)
    change_state(initiative=initiative, user=world.teacher, action="start")
    initiative.refresh_from_db()
    return initiative


def move_to(initiative, user, key, learned="We zagen iets."):
    phase = initiative.template.phases.get(key=key)
    return move_phase(
        initiative=initiative,
        user=user,
        to_phase=phase,
        seen_phase_id=initiative.current_phase_id,
        learned=learned,
    )


def test_a_new_initiative_is_an_idea_without_approval_and_its_starter_is_a_member(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    assert initiative.state == Initiative.State.IDEA
    assert initiative.current_phase is None
    assert initiative.memberships.get().user == world.teacher


def test_starting_puts_the_initiative_in_the_first_phase(world):
    initiative = running(world)
    assert initiative.state == Initiative.State.RUNNING
    assert initiative.current_phase.key == "scanning"


def test_a_running_initiative_moves_forward_and_back_when_the_template_allows(world):
    initiative = running(world, "spiral")
    initiative = move_to(initiative, world.teacher, "focusing")
    assert [p.key for p in initiative.phase_moves()] == ["hunch", "scanning"]
    initiative = move_to(initiative, world.teacher, "scanning")
    assert initiative.current_phase.key == "scanning"


def test_data_team_loops_back_from_a_rejected_hypothesis_but_not_one_step_back(world):
    initiative = running(world, "datateam")
    for key in ["hypotheses", "collection", "quality", "analysis", "interpretation"]:
        initiative = move_to(initiative, world.teacher, key)
    assert [p.key for p in initiative.phase_moves()] == ["measures", "hypotheses"]
    initiative = move_to(initiative, world.teacher, "hypotheses", "Hypothese verworpen.")
    assert initiative.current_phase.key == "hypotheses"
    # Elsewhere the data-team method only goes forward.
    assert [p.key for p in initiative.phase_moves()] == ["collection"]
    with pytest.raises(ValidationError):
        move_to(initiative, world.teacher, "problem")


def test_someone_else_moving_first_is_refused_with_a_clear_message(world):
    initiative = running(world)
    seen = initiative.current_phase_id
    move_to(initiative, world.teacher, "focusing")
    with pytest.raises(ValidationError, match="Iemand anders heeft het initiatief intussen"):
        move_phase(
            initiative=initiative,
            user=world.colleague,
            to_phase=initiative.template.phases.get(key="focusing"),
            seen_phase_id=seen,
            learned="",
        )
    assert initiative.moves.count() == 2  # the start and the one real move


@pytest.mark.parametrize(
    "state,allowed",
    [
        ("idea", {"start", "stop"}),
        ("running", {"pause", "stop"}),
        ("paused", {"resume", "stop"}),
        ("completed", set()),
        ("stopped", set()),
    ],
)
def test_state_changes_allowed_and_refused(world, state, allowed):
    for action in ["start", "pause", "resume", "stop", "complete"]:
        initiative = start_test_initiative(starter=world.teacher, team=world.team)
        Initiative.objects.filter(pk=initiative.pk).update(
            state=state, current_phase=initiative.template.phases.first()
        )
        initiative.refresh_from_db()
        card = LearningCard(learned="Kinderen kozen vaker zelf een boek.")
        if action in allowed:
            change_state(initiative=initiative, user=world.teacher, action=action, card=card)
        else:
            with pytest.raises(ValidationError):
                change_state(initiative=initiative, user=world.teacher, action=action, card=card)
            initiative.refresh_from_db()
            assert initiative.state == state


def test_completing_needs_the_last_phase_and_a_learning_card(world):
    initiative = running(world, "plcatwork")
    card = LearningCard(learned="Samen toetsen helpt.")
    with pytest.raises(ValidationError, match="laatste fase"):
        change_state(initiative=initiative, user=world.teacher, action="complete", card=card)
    for key in ["know", "not_learned", "already_can"]:
        initiative = move_to(initiative, world.teacher, key)
    with pytest.raises(ValidationError, match="Schrijf op wat jullie leerden"):
        change_state(
            initiative=initiative, user=world.teacher, action="complete", card=LearningCard()
        )
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.RUNNING
    change_state(initiative=initiative, user=world.teacher, action="complete", card=card)
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.COMPLETED
    assert initiative.learning_card.learned == "Samen toetsen helpt."


def test_stopping_asks_what_was_learned_not_why_it_failed(world):
    initiative = running(world)
    with pytest.raises(ValidationError):
        change_state(initiative=initiative, user=world.teacher, action="stop", card=None)
    change_state(
        initiative=initiative,
        user=world.teacher,
        action="stop",
        card=LearningCard(learned="De groep had meer structuur nodig."),
    )
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.STOPPED
    assert initiative.learning_card.learned == "De groep had meer structuur nodig."


def test_the_last_member_cannot_leave_an_open_initiative_and_the_starter_hands_over(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    with pytest.raises(ValidationError):
        leave_initiative(initiative=initiative, user=world.teacher)
    join_initiative(initiative=initiative, user=world.colleague)
    leave_initiative(initiative=initiative, user=world.teacher)
    assert initiative.memberships.get().user == world.colleague
    assert initiative.memberships.get().role == "starter"


# --- a school's own copy of a cycle ----------------------------------------------------------


def test_the_leader_copies_a_template_and_adapts_its_phases(world, client_for):
    from django.urls import reverse

    builtin = CycleTemplate.objects.get(builtin_key="datateam")
    client = client_for(world.leader)
    response = client.post(reverse("inquiries:copy_template", args=[builtin.pk]))
    copy = CycleTemplate.objects.get(school=world.school)
    assert response["Location"] == reverse("inquiries:edit_template", args=[copy.pk])
    assert copy.name == "Datateam-methode (onze versie)"
    phases = list(copy.phases.order_by("position"))
    assert phases[0].name == "Probleemdefinitie"  # in the school's language
    interpretation = copy.phases.get(key="interpretation")
    assert interpretation.loops_back_to == copy.phases.get(key="hypotheses")
    # Rename a phase, drop the last one, add one.
    data = {
        "template-name": "Ons datateam",
        "template-description": "Zoals wij het doen.",
        "template-allows_step_back": "on",
        "template-is_active": "on",
        "phases-TOTAL_FORMS": str(len(phases) + 1),
        "phases-INITIAL_FORMS": str(len(phases)),
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
    }
    for i, phase in enumerate(phases):
        data[f"phases-{i}-id"] = phase.pk
        data[f"phases-{i}-position"] = phase.position
        data[f"phases-{i}-name"] = phase.name
        data[f"phases-{i}-guiding_questions"] = phase.guiding_questions
        data[f"phases-{i}-produces"] = phase.produces
    data["phases-0-name"] = "Wat is het probleem?"
    data[f"phases-{len(phases) - 1}-DELETE"] = "on"
    data[f"phases-{len(phases)}-position"] = "99"
    data[f"phases-{len(phases)}-name"] = "Delen met het team"
    response = client.post(
        reverse("inquiries:edit_template", args=[copy.pk]), {**data, **seen(copy, "template")}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    names = list(copy.phases.order_by("position").values_list("name", flat=True))
    assert names[0] == "Wat is het probleem?"
    assert "Evaluatie" not in names
    assert names[-1] == "Delen met het team"
    assert list(copy.phases.order_by("position").values_list("position", flat=True)) == list(
        range(1, len(names) + 1)
    )
    # The built-in template is untouched, and the copy can be chosen for an initiative.
    assert builtin.phases.count() == 8
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    initiative.template = copy
    initiative.save()


def test_only_the_leader_copies_and_edits_and_never_a_builtin_or_another_schools(world, client_for):
    from django.urls import reverse

    builtin = CycleTemplate.objects.get(builtin_key="pdca")
    for persona in ["teacher", "lead", "admin"]:
        client = client_for(getattr(world, persona))
        assert client.post(reverse("inquiries:copy_template", args=[builtin.pk])).status_code == 403
    leader = client_for(world.leader)
    assert leader.get(reverse("inquiries:edit_template", args=[builtin.pk])).status_code == 404
    client_for(world.outsider).post(reverse("inquiries:copy_template", args=[builtin.pk]))
    theirs = CycleTemplate.objects.get(school=world.other_school)
    leader = client_for(world.leader)  # one test client: log the leader in again
    assert leader.get(reverse("inquiries:edit_template", args=[theirs.pk])).status_code == 404
    assert leader.post(reverse("inquiries:copy_template", args=[theirs.pk])).status_code == 404


def test_a_phase_in_use_cannot_be_removed(world, client_for):
    from django.urls import reverse

    from inquiries.services import copy_template

    copy = copy_template(
        template=CycleTemplate.objects.get(builtin_key="pdca"), school=world.school
    )
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    Initiative.objects.filter(pk=initiative.pk).update(template=copy)
    change_state(initiative=initiative, user=world.teacher, action="start")
    phases = list(copy.phases.order_by("position"))
    data = {
        "template-name": copy.name,
        "template-is_active": "on",
        "phases-TOTAL_FORMS": str(len(phases)),
        "phases-INITIAL_FORMS": str(len(phases)),
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
    }
    for i, phase in enumerate(phases):
        data.update(
            {
                f"phases-{i}-id": phase.pk,
                f"phases-{i}-position": phase.position,
                f"phases-{i}-name": phase.name,
            }
        )
    data["phases-0-DELETE"] = "on"
    response = client_for(world.leader).post(
        reverse("inquiries:edit_template", args=[copy.pk]), data
    )
    assert response.status_code == 422
    assert "is in gebruik" in response.content.decode()
    assert copy.phases.count() == len(phases)
