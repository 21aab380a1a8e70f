"""Every create form is safe to submit twice (a double click, a retry after a timeout):
the second submit shows the first result, never a duplicate, never a 500. Each form is
posted as the browser would post it, from its page; then twice at once on PostgreSQL."""

import threading
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from culture.models import Round
from inquiries.models import (
    Comment,
    CycleTemplate,
    Entry,
    Initiative,
    PhaseFeedback,
    SupportRequest,
)
from reflections.models import LessonVisit, Reflection
from teams.models import Holiday, Invitation, SchoolYear, SharedGoal, Team, TeamNorm
from tests.page_forms import action_of, form_with


@dataclass
class Case:
    page: str  # where the form is
    field: str  # a field of that form
    values: dict  # what the person types
    rows: object  # the rows the form adds, as a queryset
    who: str = "leader"


def running(world) -> Initiative:
    from inquiries.services import change_state
    from tests.factories import start_test_initiative

    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    return initiative


CASES = {
    "initiative": lambda world: Case(
        reverse("inquiries:new_initiative"),
        "title",
        {
            "title": "Samen lezen",
            "question": "Hoe lezen kinderen meer?",
            "why": "Plezier",
            "children": "groep 4",
            "teams": str(world.team.pk),
            "template": str(CycleTemplate.objects.get(builtin_key="spiral").pk),
        },
        Initiative.objects.filter(title="Samen lezen"),
        "teacher",
    ),
    "reflection": lambda world: Case(
        reverse("reflections:new_reflection"),
        "title",
        {"title": "Mijn rekenles", "proud_of": "Iedereen deed mee.", "visibility": "private"},
        Reflection.objects.filter(title="Mijn rekenles"),
        "teacher",
    ),
    "culture round": lambda world: Case(
        reverse("culture:culture_home"),
        "round-title",
        {
            "round-kind": "pulse",
            "round-title": "Peiling december",
            "round-opens_on": "2026-12-01",
            "round-closes_on": "2026-12-15",
        },
        Round.objects.filter(title="Peiling december"),
    ),
    "school year": lambda world: Case(
        reverse("teams:school_years"),
        "year-name",
        {"year-name": "2027-2028", "year-starts_on": "2027-08-16", "year-ends_on": "2028-07-14"},
        SchoolYear.objects.filter(name="2027-2028"),
    ),
    "holiday": lambda world: Case(
        reverse(
            "teams:add_holiday",
            args=[
                SchoolYear.objects.create(
                    school=world.school,
                    name="2026-2027",
                    starts_on="2026-08-17",
                    ends_on="2027-07-16",
                ).pk
            ],
        ),
        "name",
        {"name": "Kerstvakantie", "starts_on": "2026-12-21", "ends_on": "2027-01-01"},
        Holiday.objects.filter(name="Kerstvakantie"),
    ),
    "team": lambda world: Case(
        reverse("teams:add_team"),
        "name",
        {"name": "Werkgroep Rekenen", "kind": "working_group"},
        Team.objects.filter(name="Werkgroep Rekenen"),
    ),
    "colleague": lambda world: Case(
        reverse("teams:add_staff"),
        "email",
        {"name": "Noor Visser", "email": "noor@school.test", "working_days": ["0", "1"]},
        Invitation.objects.filter(email="noor@school.test"),
    ),
    "team goal": lambda world: Case(
        reverse("teams:team_detail", args=[world.team.pk]),
        "new-goal-title",
        {"new-goal-title": "Meer leesplezier"},
        SharedGoal.objects.filter(title="Meer leesplezier"),
        "lead",
    ),
    "agreement": lambda world: Case(
        reverse("teams:team_detail", args=[world.team.pk]),
        "new-norm-text",
        {"new-norm-text": "We beginnen op tijd."},
        TeamNorm.objects.filter(text="We beginnen op tijd."),
        "lead",
    ),
    "entry": lambda world: Case(
        running(world).get_absolute_url(),
        "entry-text",
        {"entry-kind": "note", "entry-text": "Groep 5 las twintig minuten."},
        Entry.objects.filter(text="Groep 5 las twintig minuten."),
        "teacher",
    ),
    "comment": lambda world: Case(
        running(world).get_absolute_url(),
        "comment-text",
        {"comment-text": "Mooi idee!"},
        Comment.objects.filter(text="Mooi idee!"),
        "leader",
    ),
    "phase feedback": lambda world: Case(
        running(world).get_absolute_url(),
        "feedback-text",
        {"feedback-text": "Kijk ook naar de jongens."},
        PhaseFeedback.objects.filter(text="Kijk ook naar de jongens."),
        "lead",
    ),
    "support request": lambda world: Case(
        running(world).get_absolute_url(),
        "support-what",
        {"support-kind": "time", "support-what": "Een middag om samen te kijken."},
        SupportRequest.objects.filter(what="Een middag om samen te kijken."),
        "teacher",
    ),
    "lesson visit": lambda world: Case(
        reverse("reflections:new_visit"),
        "focus_question",
        {
            "observer": str(world.colleague.pk),
            "focus_question": "Wie komt er aan het woord?",
            "lesson": "groep 5, lezen, 10.30 uur",
            "planned_on": "2026-12-17",
        },
        LessonVisit.objects.filter(focus_question="Wie komt er aan het woord?"),
        "teacher",
    ),
    "cycle copy": lambda world: Case(
        reverse("inquiries:template_list"),
        "submission_key",
        {},
        CycleTemplate.objects.filter(school__isnull=False),
    ),
}


def opened(world, name: str) -> tuple[Case, Client, str, dict]:
    """The form as the person's browser has it, filled in."""
    case = CASES[name](world)
    client = Client()
    client.force_login(getattr(world, case.who))
    page = client.get(case.page).content.decode()
    data = {**form_with(page, case.field), **case.values}
    return case, client, action_of(page, case.field) or case.page, data


@pytest.mark.parametrize("name", CASES)
def test_a_second_submit_shows_the_first_result(world, name):
    case, client, url, data = opened(world, name)
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[-3000:]
    second = client.post(url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert case.rows.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", CASES)
def test_two_submits_at_the_same_moment_make_one_on_postgresql(world_tx, name):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent saves are checked on PostgreSQL (CI runs it there).")
    case, _client, url, data = opened(world_tx, name)
    statuses = []
    start = threading.Barrier(2)

    def submit():
        client = Client()
        client.force_login(getattr(world_tx, case.who))
        start.wait()
        statuses.append(client.post(url, data).status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert case.rows.count() == 1
