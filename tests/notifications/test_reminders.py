"""Reminders with a fixed clock: working days, holidays, daylight saving, preferences,
the digest, the language, exactly once, and privacy."""

import datetime
import threading
import zoneinfo

import pytest
from django.core import mail
from django.db import connection

from inquiries.models import Initiative, LearningCard
from inquiries.services import change_state
from notifications.models import Delivery, Notification, Preference
from notifications.reminders import send_due_reminders
from reflections.models import Reflection
from reflections.services import ask_feedback, change_visibility
from teams.models import Holiday, SchoolYear
from tests.factories import start_test_initiative

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in Amsterdam local time."""
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), AMS
    )


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


@pytest.fixture
def asked_on_wednesday(world):
    """The colleague asks the teacher (works Mon, Tue, Thu) for feedback."""
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="Mijn leesles",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    ask_feedback(reflection=reflection, colleagues=[world.teacher])
    return reflection


def test_a_part_time_teacher_gets_wednesdays_reminder_on_thursday(world, asked_on_wednesday):
    assert world.teacher.working_weekdays == [0, 1, 3]
    send_due_reminders(at("2026-11-25", 9))  # Wednesday: her day off
    assert mails_to(world.teacher) == []
    send_due_reminders(at("2026-11-26", 6, 59))  # Thursday, before 07:00
    assert mails_to(world.teacher) == []
    send_due_reminders(at("2026-11-26", 7, 0))  # Thursday morning
    [email] = mails_to(world.teacher)
    assert "Eva Collega vraagt je feedback op een reflectie." in email.subject
    assert "/reflecties/feedback/" in email.body


def test_in_the_holidays_nobody_gets_email_and_it_waits_for_the_first_day_back(
    world, asked_on_wednesday
):
    year = SchoolYear.objects.create(
        school=world.school, name="2026-2027", starts_on="2026-08-24", ends_on="2027-07-09"
    )
    Holiday.objects.create(
        school_year=year, name="Kerstvakantie", starts_on="2026-12-19", ends_on="2027-01-03"
    )
    send_due_reminders(at("2026-12-21", 9))  # a Monday in the Christmas holiday
    send_due_reminders(at("2026-12-22", 9))
    assert mail.outbox == []
    send_due_reminders(at("2027-01-04", 7, 30))  # back at school, a Monday
    assert len(mails_to(world.teacher)) == 1


@pytest.mark.parametrize(
    "sunday,monday,utc_hour",
    [
        ("2027-03-28", "2027-03-29", 5),  # summer time from 28 March: 07:00 is 05:00 UTC
        ("2027-10-31", "2027-11-01", 6),  # winter time from 31 October: 07:00 is 06:00 UTC
    ],
)
def test_the_morning_is_07_00_amsterdam_across_daylight_saving(
    world, asked_on_wednesday, sunday, monday, utc_hour
):
    utc = datetime.UTC
    send_due_reminders(datetime.datetime.fromisoformat(f"{sunday}T12:00").replace(tzinfo=utc))
    assert mail.outbox == []  # the change happens on a Sunday: nobody works
    day = datetime.date.fromisoformat(monday)
    just_before = datetime.datetime.combine(day, datetime.time(utc_hour - 1, 59), utc)
    on_time = datetime.datetime.combine(day, datetime.time(utc_hour, 0), utc)
    send_due_reminders(just_before)
    assert mail.outbox == []
    send_due_reminders(on_time)
    assert len(mails_to(world.teacher)) == 1


def test_a_reminder_switched_off_stays_in_the_app_but_sends_no_email(world, asked_on_wednesday):
    Preference.objects.create(user=world.teacher, kind="feedback_asked", mode="off")
    send_due_reminders(at("2026-11-26", 8))
    assert mails_to(world.teacher) == []
    assert Notification.objects.filter(user=world.teacher, kind="feedback_asked").exists()


def test_digest_only_reminders_arrive_in_the_weekly_digest(world, asked_on_wednesday):
    Preference.objects.create(user=world.teacher, kind="feedback_asked", mode="digest")
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Duo-lezen")
    change_state(initiative=initiative, user=world.teacher, action="start")
    Initiative.objects.filter(pk=initiative.pk).update(phase_due_on="2026-12-03")
    done = start_test_initiative(starter=world.colleague, team=world.team, title="Voorlezen")
    change_state(
        initiative=done,
        user=world.colleague,
        action="stop",
        card=LearningCard(learned="Voorlezen werkt."),
    )
    Reflection.objects.create(
        school=world.school,
        author=world.lead,
        title="Gedeeld met iedereen",
        proud_of="y",
        visibility="school",
    )
    Reflection.objects.create(
        school=world.school,
        author=world.lead,
        title="Geheim van de coördinator",
        proud_of="z",
    )
    send_due_reminders(at("2026-11-26", 8))  # Thursday: the digest is not due then
    send_due_reminders(at("2026-11-30", 7, 5))  # Monday: her first working day of the week
    digests = [m for m in mails_to(world.teacher) if "Je week in de leergemeenschap" in m.subject]
    assert len(digests) == 1
    body = digests[0].body
    assert "Duo-lezen" in body  # what is due
    assert "Eva Collega vraagt je feedback op een reflectie." in body  # digest-only reminder
    assert "Gedeeld met iedereen" in body  # shared with her
    assert "Voorlezen werkt." in body  # a new learning card
    assert "Geheim van de coördinator" not in body  # private
    assert not any("vraagt je feedback" in m.subject for m in mails_to(world.teacher))


def test_the_email_speaks_the_recipients_language(world, asked_on_wednesday):
    world.teacher.language = "en"
    world.teacher.save()
    send_due_reminders(at("2026-11-26", 8))
    [email] = mails_to(world.teacher)
    assert "Eva Collega asks for your feedback on a reflection." in email.subject
    assert "Hello Sanne Leerkracht," in email.body


def test_the_tick_twice_sends_one_email(world, asked_on_wednesday):
    send_due_reminders(at("2026-11-26", 8))
    send_due_reminders(at("2026-11-26", 8, 5))
    send_due_reminders(at("2026-11-30", 8))
    assert len([m for m in mails_to(world.teacher) if "feedback" in m.subject]) == 1
    assert Delivery.objects.filter(user=world.teacher, kind="feedback_asked").count() == 1


def test_a_send_that_fails_once_is_retried_and_sent_once(world, asked_on_wednesday, monkeypatch):
    from notifications import reminders

    real_send_one = reminders.send_one
    calls = {"n": 0}

    def flaky_send_one(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("mail server away")
        return real_send_one(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_one", flaky_send_one)
    with pytest.raises(RuntimeError, match="will be retried"):
        send_due_reminders(at("2026-11-26", 8))
    assert mails_to(world.teacher) == []
    assert Delivery.objects.get(user=world.teacher).status == "failed"
    send_due_reminders(at("2026-11-26", 8, 5))  # the retry
    send_due_reminders(at("2026-11-26", 8, 10))
    assert len(mails_to(world.teacher)) == 1
    assert Delivery.objects.get(user=world.teacher).status == "sent"


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_the_same_time_send_one_email_on_postgresql(world_tx):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent ticks are checked on PostgreSQL (CI runs it there).")
    world = world_tx
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="Samen",
        proud_of="x",
        visibility="school",
    )
    ask_feedback(reflection=reflection, colleagues=[world.teacher])
    barrier = threading.Barrier(2)
    errors = []

    def tick():
        try:
            barrier.wait()
            send_due_reminders(at("2026-11-26", 8))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(mails_to(world.teacher)) == 1


def test_no_reminder_reveals_a_private_reflection_or_another_school(world, asked_on_wednesday):
    change_visibility(reflection=asked_on_wednesday, visibility="private", team=None)
    outsider_reflection = Reflection.objects.create(
        school=world.other_school,
        author=world.outsider,
        title="Andere school",
        proud_of="x",
        visibility="school",
    )
    assert outsider_reflection.pk
    send_due_reminders(at("2026-11-26", 8))
    send_due_reminders(at("2026-11-30", 8))
    everything = " ".join(m.subject + m.body for m in mail.outbox)
    assert "Mijn leesles" not in everything
    assert "Andere school" not in everything
    assert not Notification.objects.filter(user=world.teacher, kind="feedback_asked").exists()


def test_phase_due_overdue_stalled_and_support_reminders(world):
    from inquiries.models import SupportRequest
    from inquiries.services import request_support

    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Lezen")
    change_state(initiative=initiative, user=world.teacher, action="start")
    request_support(
        initiative=initiative,
        requested_by=world.teacher,
        request=SupportRequest(kind="time", what="Een middag"),
        submission_key="s",
    )
    SupportRequest.objects.update(created_at=at("2026-11-10", 9))
    # After the request: asking for support counts as activity.
    Initiative.objects.filter(pk=initiative.pk).update(
        phase_due_on="2026-11-27",
        last_activity_at=at("2026-10-20", 9),
    )
    send_due_reminders(at("2026-11-24", 8))  # Tuesday: due Friday, 3 school days ahead
    kinds = set(Delivery.objects.values_list("user__email", "kind"))
    assert (world.teacher.email, "phase_due") in kinds
    assert (world.teacher.email, "stalled") in kinds
    assert (world.lead.email, "stalled") in kinds  # the team lead too
    assert (world.leader.email, "support_waiting") in kinds
    send_due_reminders(at("2026-11-30", 8))  # Monday: now overdue
    assert (world.teacher.email, "phase_overdue") in set(
        Delivery.objects.values_list("user__email", "kind")
    )


def test_someone_who_left_the_school_gets_no_reminders(world):
    from inquiries.services import join_initiative

    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Lezen")
    change_state(initiative=initiative, user=world.teacher, action="start")
    join_initiative(initiative=initiative, user=world.colleague)
    Initiative.objects.filter(pk=initiative.pk).update(
        phase_due_on="2026-11-20", last_activity_at=at("2026-10-20", 9)
    )
    world.colleague.is_active = False
    world.colleague.save()
    world.lead.is_active = False  # the middenbouw's lead left too
    world.lead.save()
    send_due_reminders(at("2026-11-24", 8))
    kinds = set(Delivery.objects.values_list("user__email", "kind"))
    assert (world.teacher.email, "phase_overdue") in kinds
    assert (world.teacher.email, "stalled") in kinds
    assert not {email for email, _kind in kinds} & {world.colleague.email, world.lead.email}
    assert not Notification.objects.filter(user__in=[world.colleague, world.lead]).exists()


def test_both_get_a_reminder_on_their_working_day_before_a_lesson_visit(world):
    from reflections.models import LessonVisit

    # Thursday 3 December: the teacher's next working day after Tuesday 1 December.
    LessonVisit.objects.create(
        host=world.teacher,
        observer=world.colleague,
        focus_question="F",
        lesson="L",
        planned_on=datetime.date(2026, 12, 3),
        state="accepted",
    )
    send_due_reminders(at("2026-12-01", 8))  # Tuesday: Thursday is her next working day
    assert len(mails_to(world.teacher)) == 1
    assert mails_to(world.colleague) == []  # he works Wednesday too: not yet
    send_due_reminders(at("2026-12-02", 8))  # Wednesday
    assert len(mails_to(world.colleague)) == 1
    assert "donderdag 3 december" in mails_to(world.colleague)[0].subject
    assert len(mails_to(world.teacher)) == 1


def test_what_falls_due_at_once_arrives_as_one_email(world, asked_on_wednesday):
    second = Reflection.objects.create(
        school=world.school, author=world.lead, title="Rekenles", proud_of="x", visibility="school"
    )
    ask_feedback(reflection=second, colleagues=[world.teacher])
    send_due_reminders(at("2026-11-26", 8))
    [email] = mails_to(world.teacher)
    assert "2 herinneringen voor vandaag" in email.subject
    assert "Eva Collega vraagt je feedback" in email.body
    assert f"{world.lead.name} vraagt je feedback" in email.body
    assert email.body.count("/reflecties/feedback/") == 2
    assert set(Delivery.objects.filter(user=world.teacher).values_list("kind", "status")) == {
        ("feedback_asked", "sent")
    }
    assert Delivery.objects.filter(user=world.teacher).count() == 2
    send_due_reminders(at("2026-11-26", 8, 5))
    assert len(mails_to(world.teacher)) == 1


def test_the_digest_shares_team_reflections_with_the_team_only_and_caps_the_cards(world):
    for i in range(11):
        Reflection.objects.create(
            school=world.school,
            author=world.colleague,
            title=f"Gedeeld {i}",
            proud_of="x",
            visibility="school",
        )
    # The newest first: the team's reflection is among the ten listed.
    Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="Voor de middenbouw",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    world.other_lead.language = "en"
    world.other_lead.save()
    for i in range(12):
        done = start_test_initiative(starter=world.colleague, team=world.team, title=f"Kaart {i}")
        change_state(
            initiative=done, user=world.colleague, action="stop", card=LearningCard(learned="L")
        )
    send_due_reminders(at("2026-11-30", 8))
    [teacher_digest] = [m for m in mails_to(world.teacher) if "Je week" in m.subject]
    [other_digest] = [m for m in mails_to(world.other_lead) if "Your week" in m.subject]
    assert "Voor de middenbouw" in teacher_digest.body
    assert "Voor de middenbouw" not in other_digest.body  # he is not in the middenbouw
    # Twelve shared with her, eleven with him: ten listed, the rest behind a link.
    assert teacher_digest.body.count("- Eva Collega: ") == 10
    assert "En nog 2 op de pagina met gedeelde reflecties:" in teacher_digest.body
    assert other_digest.body.count("- Eva Collega: ") == 10
    assert "And 1 more on the shared reflections page:" in other_digest.body
    assert teacher_digest.body.count("- Kaart ") == 10
    assert "En nog 2 in de bibliotheek:" in teacher_digest.body
    # The school's cards are written once per language, each in its own.
    assert "Nieuwe leerkaarten" in teacher_digest.body
    assert "New learning cards in the school" in other_digest.body
    assert "And 2 more in the library:" in other_digest.body


def test_a_digest_that_failed_is_sent_on_the_next_tick(world, monkeypatch):
    from notifications import reminders

    done = start_test_initiative(starter=world.colleague, team=world.team, title="Voorlezen")
    change_state(
        initiative=done, user=world.colleague, action="stop", card=LearningCard(learned="L")
    )
    real_send_one = reminders.send_one

    def away(mail, subject, message, address):
        if address == world.teacher.email:
            raise ConnectionError("mail server away")
        return real_send_one(mail, subject, message, address)

    monkeypatch.setattr(reminders, "send_one", away)
    with pytest.raises(RuntimeError, match="will be retried"):  # the task retries
        send_due_reminders(at("2026-11-30", 8))
    assert Delivery.objects.get(user=world.teacher, kind="digest").status == "failed"
    monkeypatch.setattr(reminders, "send_one", real_send_one)
    send_due_reminders(at("2026-11-30", 8, 5))
    send_due_reminders(at("2026-11-30", 8, 10))
    assert len([m for m in mails_to(world.teacher) if "Je week" in m.subject]) == 1
    assert Delivery.objects.get(user=world.teacher, kind="digest").status == "sent"
