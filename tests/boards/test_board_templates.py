"""Cycle templates a board offers: its staff copy and adapt one, each school's leader copies
it in turn; nobody outside the board sees it, and a school cannot change the board's."""

from django.urls import reverse

from inquiries.models import CycleTemplate
from teams.models import Board
from tests.factories import UserFactory
from tests.helpers import seen, text


def phases_data(template) -> dict:
    phases = list(template.phases.order_by("position"))
    data = {
        "template-name": "Spiraal van het bestuur",
        "template-description": "Zoals onze scholen samen onderzoeken.",
        "template-allows_step_back": "on",
        "template-is_active": "on",
        "phases-TOTAL_FORMS": str(len(phases)),
        "phases-INITIAL_FORMS": str(len(phases)),
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
    }
    for i, phase in enumerate(phases):
        data |= {
            f"phases-{i}-id": phase.pk,
            f"phases-{i}-position": phase.position,
            f"phases-{i}-name": phase.name,
            f"phases-{i}-guiding_questions": phase.guiding_questions,
            f"phases-{i}-produces": phase.produces,
        }
    data["phases-0-name"] = "Wat zien we bij de kinderen?"
    return {**data, **seen(template, "template")}


def test_the_board_offers_a_cycle_and_a_school_copies_and_adapts_it(world, board, client_for):
    builtin = CycleTemplate.objects.get(builtin_key="spiral")
    officer = client_for(board.officer)
    response = officer.post(reverse("inquiries:copy_template", args=[builtin.pk]))
    offered = CycleTemplate.objects.get(board=board.board)
    assert offered.school is None and offered.name.endswith("(versie van het bestuur)")
    assert response["Location"] == reverse("inquiries:edit_template", args=[offered.pk])
    edit = reverse("inquiries:edit_template", args=[offered.pk])
    assert officer.post(edit, phases_data(offered)).status_code == 302
    offered.refresh_from_db()
    assert offered.name == "Spiraal van het bestuur"

    # The school's leader sees it as the board's, and copies it for the school.
    leader = client_for(world.leader)
    page = text(leader.get(reverse("inquiries:template_list")))
    assert "Spiraal van het bestuur" in page and "aangeboden door het bestuur" in page
    assert leader.get(edit).status_code == 404  # the board's to change, not the school's
    leader.post(reverse("inquiries:copy_template", args=[offered.pk]))
    own = CycleTemplate.objects.get(school=world.school)
    assert own.based_on == offered and own.name == "Spiraal van het bestuur (onze versie)"
    assert own.phases.order_by("position").first().name == "Wat zien we bij de kinderen?"
    # An initiative follows the school's copy; the board's own is there to copy.
    available = CycleTemplate.objects.available_to(world.teacher)
    assert own in available and offered not in available


def test_nobody_outside_the_board_sees_or_copies_its_cycle(world, board, client_for):
    builtin = CycleTemplate.objects.get(builtin_key="spiral")
    client_for(board.officer).post(reverse("inquiries:copy_template", args=[builtin.pk]))
    offered = CycleTemplate.objects.get(board=board.board)
    outsider = client_for(world.outsider)
    assert offered.name not in text(outsider.get(reverse("inquiries:template_list")))
    assert outsider.post(reverse("inquiries:copy_template", args=[offered.pk])).status_code == 404
    other_officer = UserFactory(school=None, board=Board.objects.create(name="Ander bestuur"))
    client = client_for(other_officer)
    assert client.get(reverse("inquiries:edit_template", args=[offered.pk])).status_code == 404
    # A teacher of the board's school sees it but copies nothing: that is the leader's.
    teacher = client_for(world.teacher)
    assert teacher.post(reverse("inquiries:copy_template", args=[offered.pk])).status_code == 403
    assert not CycleTemplate.objects.filter(school=world.school).exists()
