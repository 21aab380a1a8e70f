"""Stuck is one rule (Initiative.objects.stalled): overdue, or quiet for three weeks, while
running. The dashboard, the team overview and the reminders all follow it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from inquiries.models import Initiative
from inquiries.services import change_state
from notifications.models import Delivery
from notifications.reminders import send_due_reminders
from tests.factories import start_test_initiative
from tests.helpers import text

NOW = datetime.datetime(2026, 11, 24, 8, 0, tzinfo=datetime.UTC)  # a Tuesday morning


def running(world, title: str, **fields) -> Initiative:
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title=title)
    change_state(initiative=initiative, user=world.teacher, action="start")
    Initiative.objects.filter(pk=initiative.pk).update(**fields)
    return initiative


def make_cases(world) -> dict[str, Initiative]:
    recent = NOW - datetime.timedelta(days=2)
    return {
        "overdue": running(
            world, "Te laat", phase_due_on=datetime.date(2026, 11, 20), last_activity_at=recent
        ),
        "quiet": running(world, "Stil", last_activity_at=NOW - datetime.timedelta(days=22)),
        "almost quiet": running(
            world, "Bijna stil", last_activity_at=NOW - datetime.timedelta(days=20)
        ),
        "paused and quiet": running(
            world,
            "Gepauzeerd",
            state=Initiative.State.PAUSED,
            last_activity_at=NOW - datetime.timedelta(days=40),
        ),
    }


def test_stalled_means_overdue_or_quiet_for_three_weeks_while_running(world):
    cases = make_cases(world)
    stalled = set(Initiative.objects.stalled(NOW).values_list("title", flat=True))
    assert stalled == {cases["overdue"].title, cases["quiet"].title}
    quiet = set(Initiative.objects.quiet(NOW).values_list("title", flat=True))
    assert quiet == {cases["quiet"].title}
    annotated = {i.title: i.is_stalled for i in Initiative.objects.with_stalled(NOW)}
    assert {title for title, is_stalled in annotated.items() if is_stalled} == stalled


def test_dashboard_and_team_overview_list_the_same_stuck_initiatives(world, client_for, settings):
    cases = make_cases(world)
    # The pages ask the clock; move the cases so that "now" is the real now.
    shift = timezone.now() - NOW
    for initiative in cases.values():
        Initiative.objects.filter(pk=initiative.pk).update(
            last_activity_at=Initiative.objects.get(pk=initiative.pk).last_activity_at + shift,
            phase_due_on=timezone.localdate() - datetime.timedelta(days=4)
            if initiative.title == "Te laat"
            else None,
        )
    dashboard = text(client_for(world.leader).get(reverse("dashboard:leader_dashboard")))
    overview = text(
        client_for(world.lead).get(reverse("dashboard:team_overview", args=[world.team.pk]))
    )
    for page in (dashboard, overview):
        stuck = page.split('id="stuck-title"', 1)[1].split("</section>", 1)[0]
        assert "Te laat" in stuck and "Stil" in stuck
        assert "Bijna stil" not in stuck and "Gepauzeerd" not in stuck


def test_the_quiet_reminder_goes_only_to_the_quiet_initiative(world):
    cases = make_cases(world)
    send_due_reminders(NOW)
    stalled_keys = set(
        Delivery.objects.filter(user=world.teacher, kind="stalled").values_list("key", flat=True)
    )
    assert {key.split(":")[0] for key in stalled_keys} == {str(cases["quiet"].pk)}
