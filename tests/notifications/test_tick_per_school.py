"""The beat's tick hands each school to the workers as a task of its own: more workers
finish a bigger board sooner, and one school's trouble holds up no other school."""

import pytest
from django.core import mail

from notifications import reminders
from notifications.tasks import send_due_reminders_task, send_school_reminders_task
from reflections.models import Reflection
from reflections.services import ask_feedback
from tests.factories import MembershipFactory, UserFactory
from tests.notifications.test_reminders import at

THURSDAY_MORNING = at("2026-11-26", 8)


def ask_for_feedback(school, team, author) -> list:
    reflection = Reflection.objects.create(
        school=school, author=author, title="Leesles", proud_of="x", visibility="school"
    )
    asked = [UserFactory(school=school) for _ in range(2)]
    for person in asked:
        MembershipFactory(team=team, user=person)
    ask_feedback(reflection=reflection, colleagues=asked)
    return asked


@pytest.fixture
def queued(monkeypatch):
    """The school tasks the tick queues, kept instead of sent to a broker."""
    tasks = []
    monkeypatch.setattr(
        send_school_reminders_task, "apply_async", lambda kwargs, queue=None: tasks.append(kwargs)
    )
    return tasks


def test_the_tick_queues_one_task_per_school_and_each_sends_its_schools_reminders(world, queued):
    ours = ask_for_feedback(world.school, world.team, world.colleague)
    theirs = ask_for_feedback(world.other_school, world.other_school_team, world.outsider)
    send_due_reminders_task.apply(kwargs={"now": THURSDAY_MORNING.isoformat()})
    assert sorted(task["school_id"] for task in queued) == sorted(
        [world.school.pk, world.other_school.pk]
    )
    assert mail.outbox == []  # the tick itself sends nothing
    first = next(task for task in queued if task["school_id"] == world.school.pk)
    send_school_reminders_task.apply(kwargs=first)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in ours)
    for task in queued:
        send_school_reminders_task.apply(kwargs=task)
    everyone = sorted(p.email for p in ours + theirs)
    assert sorted(m.to[0] for m in mail.outbox) == everyone  # each once, the repeat sent nothing


def test_one_schools_failure_is_retried_on_its_own_and_the_others_are_sent(
    world, queued, monkeypatch
):
    ask_for_feedback(world.school, world.team, world.colleague)
    theirs = ask_for_feedback(world.other_school, world.other_school_team, world.outsider)
    real = reminders.send_school_reminders

    def broken_for_ours(school_id, *args, **kwargs):
        if school_id == world.school.pk:
            raise RuntimeError("bad data at De Linde")
        return real(school_id, *args, **kwargs)

    monkeypatch.setattr(reminders, "send_school_reminders", broken_for_ours)
    send_due_reminders_task.apply(kwargs={"now": THURSDAY_MORNING.isoformat()})
    results = {task["school_id"]: send_school_reminders_task.apply(kwargs=task) for task in queued}
    # Raised, so Celery retries it (run eagerly here, the retries too, and they fail again).
    assert not results[world.school.pk].successful()
    assert results[world.other_school.pk].successful()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in theirs)
