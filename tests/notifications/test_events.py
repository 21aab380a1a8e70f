"""Every event that asks or answers someone reaches them: a line on the bell that names the
item and links to it, and an email on their next working morning (never before 07:00),
unless they opened the item in the app first."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from culture.models import Round
from culture.services import open_round
from inquiries.models import SupportRequest
from inquiries.services import (
    add_comment,
    add_feedback,
    answer_support_request,
    change_state,
    invite_colleague,
    join_initiative,
    move_phase,
    request_support,
)
from notifications.models import Notification
from notifications.reminders import send_due_reminders
from reflections.models import LessonVisit
from reflections.services import change_visit, invite_to_visit
from tests.factories import start_test_initiative
from tests.notifications.test_reminders import at

TITLE = "Leesplezier in groep 5"


@pytest.fixture
def initiative(world):
    """The teacher's running initiative; the colleague is in it too."""
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title=TITLE)
    join_initiative(initiative=initiative, user=world.colleague)
    change_state(initiative=initiative, user=world.teacher, action="start")
    return initiative


def invited(world, initiative):
    outsider_of_it = world.lead
    invite_colleague(initiative=initiative, invited_by=world.teacher, invitee=outsider_of_it)
    return outsider_of_it, "Sanne Leerkracht nodigt je uit om mee te doen aan “Leesplezier"


def joined(world, initiative):
    invite_colleague(initiative=initiative, invited_by=world.teacher, invitee=world.lead)
    join_initiative(initiative=initiative, user=world.lead)
    return world.teacher, "Youssef Coördinator doet mee aan “Leesplezier"


def commented(world, initiative):
    add_comment(initiative=initiative, author=world.leader, text="Mooi!", submission_key="c")
    return world.teacher, "Marieke Directeur reageerde op “Leesplezier"


def phase_feedback(world, initiative):
    add_feedback(initiative=initiative, author=world.lead, text="Tip", submission_key="f")
    return world.colleague, "Youssef Coördinator gaf feedback op de fase"


def support_answered(world, initiative):
    request = SupportRequest(kind="time", what="Een middag")
    request_support(
        initiative=initiative, requested_by=world.teacher, request=request, submission_key="s"
    )
    answer_support_request(
        support_request=request, leader=world.leader, status="planned", answer="Woensdag"
    )
    return world.colleague, "De schoolleider beantwoordde de hulpvraag van “Leesplezier"


def phase_moved(world, initiative):
    phases = list(initiative.template.phases.order_by("position"))
    move_phase(
        initiative=initiative,
        user=world.teacher,
        to_phase=phases[1],
        seen_phase_id=initiative.current_phase_id,
        learned="",
    )
    return world.colleague, "Sanne Leerkracht zette “Leesplezier"


def visit_invited(world, initiative):
    visit = LessonVisit(
        host=world.teacher,
        observer=world.colleague,
        focus_question="Wie praat er?",
        lesson="groep 5, lezen",
        planned_on=datetime.date(2026, 12, 17),
        submission_key="v",
    )
    invite_to_visit(visit=visit)
    return (
        world.colleague,
        "Sanne Leerkracht nodigt je uit voor een lesbezoek op donderdag 17 december",
    )


def visit_answered(world, initiative):
    visit = LessonVisit(
        host=world.teacher,
        observer=world.colleague,
        focus_question="Wie praat er?",
        lesson="groep 5, lezen",
        planned_on=datetime.date(2026, 12, 17),
        submission_key="v",
    )
    invite_to_visit(visit=visit)
    change_visit(visit=visit, user=world.colleague, action="accept")
    return world.teacher, "Eva Collega gaf antwoord op je uitnodiging voor een lesbezoek"


def round_opened(world, initiative):
    today = timezone.localdate()
    open_round(
        round=Round(
            school=world.school,
            kind="pulse",
            title="Peiling december",
            opens_on=today,
            closes_on=today + datetime.timedelta(days=14),
        )
    )
    return world.teacher, "Er is een nieuwe ronde voor iedereen: “Peiling december”"


EVENTS = [
    invited,
    joined,
    commented,
    phase_feedback,
    support_answered,
    phase_moved,
    visit_invited,
    visit_answered,
    round_opened,
]


def lines_of(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user).exclude(kind="feedback_asked"))


@pytest.mark.parametrize("event", EVENTS)
def test_the_person_it_concerns_gets_a_line_that_names_the_item(world, initiative, event):
    Notification.objects.all().delete()
    recipient, line = event(world, initiative)
    [notification] = [n for n in lines_of(recipient) if line in n.text]
    assert notification.url  # it links to the item
    assert notification.read_at is None


@pytest.mark.parametrize("event", [commented, phase_feedback, phase_moved])
def test_who_did_it_gets_no_line_about_it(world, initiative, event):
    Notification.objects.all().delete()
    event(world, initiative)
    doers = {commented: world.leader, phase_feedback: world.lead, phase_moved: world.teacher}
    assert lines_of(doers[event]) == []


@pytest.mark.parametrize("event", EVENTS)
def test_the_email_comes_on_a_working_morning_with_a_link_that_opens_the_item(
    world, initiative, event, client_for, settings
):
    settings.PLC_BASE_URL = "https://plg.school.test"
    Notification.objects.all().delete()
    recipient, line = event(world, initiative)
    notification = next(n for n in lines_of(recipient) if line in n.text)
    mail.outbox.clear()
    send_due_reminders(at("2026-12-10", 6, 30))  # a Thursday, before seven
    assert [m for m in mail.outbox if recipient.email in m.to] == []
    send_due_reminders(at("2026-12-10", 8))
    [message] = [m for m in mail.outbox if recipient.email in m.to]
    assert line in message.body
    link = f"https://plg.school.test{notification.url}"
    assert link in message.body
    assert client_for(recipient).get(notification.url).status_code == 200
    send_due_reminders(at("2026-12-10", 8, 5))
    assert len([m for m in mail.outbox if recipient.email in m.to]) == 1  # once


def test_opening_the_item_marks_its_line_read_and_then_no_email_is_sent(
    world, initiative, client_for
):
    commented(world, initiative)
    [notification] = [n for n in lines_of(world.teacher) if n.kind == "comment"]
    client_for(world.teacher).get(notification.url)  # she saw it in the app
    notification.refresh_from_db()
    assert notification.read_at is not None
    mail.outbox.clear()
    send_due_reminders(at("2026-12-10", 8))
    assert not any("reageerde" in m.body for m in mail.outbox if world.teacher.email in m.to)


def test_what_happens_in_the_afternoon_is_emailed_on_the_next_working_morning(world, initiative):
    commented(world, initiative)  # the teacher works on Monday, Tuesday and Thursday
    mail.outbox.clear()

    def to_her():
        return [m for m in mail.outbox if world.teacher.email in m.to]

    send_due_reminders(at("2026-12-10", 15))  # Thursday afternoon: not at night, not now
    send_due_reminders(at("2026-12-10", 22, 44))
    send_due_reminders(at("2026-12-11", 8))  # Friday: her day off
    assert to_her() == []
    send_due_reminders(at("2026-12-14", 7, 5))  # Monday morning
    assert len(to_her()) == 1


def test_lines_about_the_same_item_are_one_line_on_the_bell_page(world, initiative, client_for):
    from django.urls import reverse

    for n in range(3):
        add_comment(
            initiative=initiative, author=world.leader, text=f"Punt {n}", submission_key=f"g{n}"
        )
    page = client_for(world.teacher).get(reverse("notifications:notification_list"))
    body = page.content.decode()
    assert body.count("Marieke Directeur reageerde op") == 1
    assert "en nog 2 hierover" in body
    # Opening the initiative marks all three read.
    client_for(world.teacher).get(initiative.get_absolute_url())
    assert not Notification.objects.filter(user=world.teacher, kind="comment", read_at=None)
