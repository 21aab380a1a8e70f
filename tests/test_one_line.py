"""One-line fields hold one line, and no email header is built from raw text."""

import datetime

from django.core import mail
from django.urls import reverse

from inquiries.models import CycleTemplate, Initiative
from inquiries.services import change_state
from notifications.reminders import send_due_reminders
from tests.factories import start_test_initiative

HOSTILE = "Lezen\r\nBcc: iedereen@example.org\n\tmet plezier"


def test_a_title_with_line_breaks_is_saved_on_one_line(world, client_for):
    template = CycleTemplate.objects.filter(school__isnull=True).first()
    response = client_for(world.teacher).post(
        reverse("inquiries:new_initiative"),
        {
            "title": HOSTILE,
            "question": "Hoe?",
            "why": "Omdat.",
            "children": "groep 5\r\n27 leerlingen",
            "template": template.pk,
            "teams": [world.team.pk],
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.title == "Lezen Bcc: iedereen@example.org met plezier"
    assert initiative.children == "groep 5 27 leerlingen"


def test_a_name_with_a_line_break_is_folded_in_the_profile(world, client_for):
    client_for(world.teacher).post(
        reverse("teams:profile"),
        {"name": "Sanne\nLeerkracht", "language": "nl", "working_days": ["0", "1"]},
    )
    world.teacher.refresh_from_db()
    assert world.teacher.name == "Sanne Leerkracht"


def test_an_old_title_with_a_line_break_does_not_stop_the_reminders(world):
    # Saved before titles were folded: the tick still sends, with a one-line subject.
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Lezen")
    change_state(initiative=initiative, user=world.teacher, action="start")
    Initiative.objects.filter(pk=initiative.pk).update(
        title=HOSTILE, phase_due_on=datetime.date(2026, 11, 20)
    )
    now = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=datetime.UTC)
    assert send_due_reminders(now) >= 1
    subjects = [m.subject for m in mail.outbox if world.teacher.email in m.to]
    assert subjects
    assert all("\n" not in s and "\r" not in s for s in subjects)
    assert not any("Bcc" in header for m in mail.outbox for header in m.extra_headers)
