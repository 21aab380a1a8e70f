"""Two people (or two windows) edit the same text: the second save is told and sees both
texts; nobody's words are lost. One test per editable text, each through the real pages:
both open the form, the first saves, the second saves what it had."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from inquiries.models import CycleTemplate
from inquiries.services import copy_template
from reflections.models import Reflection
from tests.page_forms import form_with


@dataclass
class Case:
    url: str
    field: str  # the text both edit
    first: object  # who saves first
    second: object  # who saves second, with what they had opened
    saved: Callable[[], str]  # the text as stored


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ons_verhaal(world) -> Case:
    return Case(
        reverse("teams:edit_school"),
        "school-vision",
        world.leader,
        world.leader,
        lambda: type(world.school).objects.get(pk=world.school.pk).vision,
    )


def team_description(world) -> Case:
    return Case(
        reverse("teams:edit_team", args=[world.team.pk]),
        "description",
        world.leader,
        world.leader,
        lambda: type(world.team).objects.get(pk=world.team.pk).description,
    )


def template_copy(world) -> Case:
    builtin = CycleTemplate.objects.get(builtin_key="datateam")
    copy = copy_template(template=builtin, school=world.school)
    return Case(
        reverse("inquiries:edit_template", args=[copy.pk]),
        "template-description",
        world.leader,
        world.leader,
        lambda: CycleTemplate.objects.get(pk=copy.pk).description,
    )


def template_phase(world) -> Case:
    builtin = CycleTemplate.objects.get(builtin_key="datateam")
    copy = copy_template(template=builtin, school=world.school)
    return Case(
        reverse("inquiries:edit_template", args=[copy.pk]),
        "phases-0-guiding_questions",
        world.leader,
        world.leader,
        lambda: copy.phases.order_by("position").first().guiding_questions,
    )


def reflection(world) -> Case:
    mine = Reflection.objects.create(
        school=world.school, author=world.teacher, title="Rekenles", proud_of="Eerste versie"
    )
    return Case(
        reverse("reflections:edit_reflection", args=[mine.pk]),
        "proud_of",
        world.teacher,  # on the laptop
        world.teacher,  # and in an old tab on the phone
        lambda: Reflection.objects.get(pk=mine.pk).proud_of,
    )


def initiative_text(world) -> Case:
    from inquiries.models import Initiative
    from inquiries.services import join_initiative
    from tests.factories import start_test_initiative

    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    join_initiative(initiative=initiative, user=world.colleague)
    return Case(
        reverse("inquiries:edit_initiative", args=[initiative.pk]),
        "question",
        world.teacher,
        world.colleague,  # two members sharpen the question at once
        lambda: Initiative.objects.get(pk=initiative.pk).question,
    )


def profile(world) -> Case:
    # The teacher edits her own profile while the staff admin edits her in the staff list.
    return Case(
        reverse("teams:edit_staff", args=[world.teacher.pk]),
        "name",
        world.admin,
        world.teacher,
        lambda: type(world.teacher).objects.get(pk=world.teacher.pk).name,
    )


@pytest.mark.parametrize(
    "make_case",
    [
        ons_verhaal,
        team_description,
        template_copy,
        template_phase,
        reflection,
        initiative_text,
        profile,
    ],
)
def test_the_second_save_is_told_and_sees_both_texts(world, make_case):
    case = make_case(world)
    first, second = session(case.first), session(case.second)
    # The profile's second editor uses her own page for the same row.
    second_url = reverse("teams:profile") if make_case is profile else case.url
    first_form = form_with(first.get(case.url).content.decode(), case.field)
    second_form = form_with(second.get(second_url).content.decode(), case.field)

    first_form[case.field] = "Wat de eerste schreef"
    assert first.post(case.url, first_form).status_code == 302
    second_form[case.field] = "Wat de tweede schreef"
    response = second.post(second_url, second_form)

    assert response.status_code == 409
    body = response.content.decode()
    assert "Wat de tweede schreef" in body  # still in the form
    assert "Wat de eerste schreef" in body  # the saved version beside it
    assert case.saved() == "Wat de eerste schreef"  # nothing overwritten
    if make_case is template_phase:
        assert "Fase 1: " in body  # the first phase, by the number people see

    # Saving the form as shown again overwrites knowingly.
    again = form_with(body, case.field)
    assert again[case.field] == "Wat de tweede schreef"
    assert second.post(second_url, again).status_code == 302
    assert case.saved() == "Wat de tweede schreef"


def test_a_save_without_the_version_it_started_from_is_refused(world):
    client = session(world.teacher)
    form = form_with(client.get(reverse("teams:profile")).content.decode(), "name")
    del form["seen_version"]
    form["name"] = "Zonder versie"
    assert client.post(reverse("teams:profile"), form).status_code == 422
    world.teacher.refresh_from_db()
    assert world.teacher.name == "Sanne Leerkracht"


def test_a_confirmed_address_change_is_not_undone_by_a_staff_form_opened_before(world):
    """The admin opens the teacher's staff form; the teacher then confirms a new login
    address; the admin's save must not put the old address back unnoticed."""
    from teams.models import EmailChange
    from teams.services import confirm_email_change

    admin = session(world.admin)
    url = reverse("teams:edit_staff", args=[world.teacher.pk])
    form = form_with(admin.get(url).content.decode(), "email")
    change = EmailChange.objects.create(
        user=world.teacher, new_email="sanne@nieuw.test", requested_by=world.admin
    )
    confirm_email_change(change=change, user=world.teacher)
    form["job_title"] = "leerkracht groep 5"
    response = admin.post(url, form)
    assert response.status_code == 409
    world.teacher.refresh_from_db()
    assert world.teacher.email == "sanne@nieuw.test"
