"""Reminders arrive even when things break: a worker dies mid-tick, the mail server is
down, one school holds a date at the end of the calendar. (The same with real processes:
tests/production/test_faults.py.)"""

import datetime
import logging

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import models
from django.db.models import F
from django.urls import reverse

from inquiries.models import Initiative
from inquiries.services import change_state
from notifications import reminders
from notifications.models import CalendarFeed, Delivery
from notifications.reminders import MailServerDown, send_due_reminders
from reflections.models import Reflection
from reflections.services import ask_feedback
from teams.models import Holiday, SchoolYear
from tests.factories import MembershipFactory, UserFactory, start_test_initiative
from tests.notifications.test_reminders import at
from tests.smtp_sink import SmtpSink

THURSDAY_MORNING = at("2026-11-26", 8)


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no except catches it."""


@pytest.fixture
def five_asked(world):
    """Five colleagues each asked for feedback: five emails in one tick."""
    reflection = Reflection.objects.create(
        school=world.school, author=world.colleague, title="Leesles", proud_of="x"
    )
    asked = [UserFactory(school=world.school) for _ in range(5)]
    for person in asked:
        MembershipFactory(team=world.team, user=person)
    Reflection.objects.filter(pk=reflection.pk).update(visibility="school")
    ask_feedback(reflection=reflection, colleagues=asked)
    return asked


def lease_runs_out() -> None:
    Delivery.objects.filter(status="sending").update(
        claimed_at=F("claimed_at") - Delivery.LEASE - datetime.timedelta(1)
    )


def received(people) -> list[int]:
    return [len([m for m in mail.outbox if person.email in m.to]) for person in people]


def test_a_worker_killed_mid_tick_leaves_claims_a_later_tick_sends_once_the_lease_ran_out(
    world, five_asked, monkeypatch
):
    real_send_one = reminders.send_one
    sent = []

    def killed_at_the_third(*args, **kwargs):
        if len(sent) == 2:
            raise WorkerKilled
        sent.append(args)
        return real_send_one(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_one", killed_at_the_third)
    with pytest.raises(WorkerKilled):
        send_due_reminders(THURSDAY_MORNING)
    assert sorted(received(five_asked)) == [0, 0, 0, 1, 1]
    # Each email is claimed right before it is sent: the dead worker holds only the one it
    # was sending.
    assert Delivery.objects.filter(status="sending").count() == 1
    monkeypatch.setattr(reminders, "send_one", real_send_one)

    # The next tick comes while the dead worker's lease still runs: it sends what nobody
    # claimed, and leaves the claimed one alone.
    send_due_reminders(at("2026-11-26", 8, 5))
    assert sorted(received(five_asked)) == [0, 1, 1, 1, 1]
    assert Delivery.objects.stuck().count() == 0

    lease_runs_out()
    assert Delivery.objects.stuck().count() == 1  # /healthz/ready shows it
    send_due_reminders(at("2026-11-26", 8, 20))
    assert received(five_asked) == [1, 1, 1, 1, 1]
    send_due_reminders(at("2026-11-26", 8, 25))
    assert received(five_asked) == [1, 1, 1, 1, 1]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_mail_server_that_refuses_connections_costs_no_claim_and_all_arrive_later(
    world, five_asked, settings, caplog
):
    sink = SmtpSink()  # its port, with nobody listening yet: connections are refused
    settings.MAILERS = sink.mailer_settings()
    with caplog.at_level(logging.ERROR), pytest.raises(MailServerDown):
        send_due_reminders(THURSDAY_MORNING)
    assert not Delivery.objects.exists()
    assert "mail server cannot be reached" in caplog.text

    sink.start()
    try:
        send_due_reminders(at("2026-11-26", 8, 5))
        send_due_reminders(at("2026-11-26", 8, 10))
    finally:
        sink.stop()
    assert [sink.received()[person.email] for person in five_asked] == [1, 1, 1, 1, 1]


def test_a_mail_server_that_goes_away_mid_tick_loses_nothing(world, five_asked, settings):
    sink = SmtpSink().start()
    settings.MAILERS = sink.mailer_settings()
    real_send_one = reminders.send_one
    calls = []

    def server_gone_after_two(mail_connection, *args):
        calls.append(1)
        if len(calls) == 3:
            sink.stop()
        return real_send_one(mail_connection, *args)

    try:
        reminders.send_one = server_gone_after_two
        with pytest.raises(RuntimeError, match="will be retried"):
            send_due_reminders(THURSDAY_MORNING)
    finally:
        reminders.send_one = real_send_one
    assert sum(sink.received().values()) == 2
    assert Delivery.objects.filter(status="failed").count() == 3

    sink.start()
    try:
        send_due_reminders(at("2026-11-26", 8, 5))
        send_due_reminders(at("2026-11-26", 8, 10))
    finally:
        sink.stop()
    assert [sink.received()[person.email] for person in five_asked] == [1, 1, 1, 1, 1]


@pytest.fixture
def school_at_the_end_of_the_calendar(world):
    """The other school typed a holiday and a due date in the year 9999."""
    year = SchoolYear.objects.create(
        school=world.other_school,
        name="2026-2027",
        starts_on=datetime.date(2026, 8, 1),
        ends_on=datetime.date(2027, 7, 31),
    )
    Holiday.objects.create(
        school_year=year,
        name="Tikfout",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(9999, 12, 31),
    )
    initiative = start_test_initiative(starter=world.outsider, team=world.other_school_team)
    change_state(initiative=initiative, user=world.outsider, action="start")
    Initiative.objects.filter(pk=initiative.pk).update(phase_due_on=datetime.date(9999, 12, 31))
    return initiative


def test_a_holiday_and_due_date_in_9999_stop_no_school_and_no_feed(
    world, school_at_the_end_of_the_calendar, client
):
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="x",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    ask_feedback(reflection=reflection, colleagues=[world.teacher])
    send_due_reminders(THURSDAY_MORNING)
    assert received([world.teacher]) == [1]
    # The calendar feed of a member of that initiative still answers.
    feed = CalendarFeed.objects.create(user=world.outsider)
    response = client.get(reverse("notifications:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert b"DTSTART;VALUE=DATE:99991231" in response.content


def test_one_schools_error_is_logged_and_the_other_schools_still_get_theirs(
    world, monkeypatch, caplog
):
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="x",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    ask_feedback(reflection=reflection, colleagues=[world.teacher])
    real_collect = reminders.collect

    def broken_for_the_other_school(now, calendar, school_id):
        if school_id == world.other_school.pk:
            raise OverflowError("date value out of range")
        return real_collect(now, calendar, school_id)

    monkeypatch.setattr(reminders, "collect", broken_for_the_other_school)
    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError, match="1 school"):
        send_due_reminders(THURSDAY_MORNING)  # raised at the end: the task retries
    assert received([world.teacher]) == [1]
    assert f"Reminders for school {world.other_school.pk} stopped" in caplog.text


def test_a_send_that_outlasted_its_lease_does_not_overwrite_the_tick_that_took_over(
    world, five_asked, monkeypatch
):
    """A slow mail server: worker A's send takes longer than the lease, tick B claims the
    email again and sends it. When A's send finally fails, B's "sent" stands."""
    real_send_one = reminders.send_one
    state = {"inside": False}

    def slow_then_failing(mail_connection, subject, message, address):
        if address == five_asked[0].email and not state["inside"]:
            state["inside"] = True
            lease_runs_out()  # the send takes longer than the lease…
            send_due_reminders(at("2026-11-26", 8, 20))  # …and tick B takes over
            raise TimeoutError("the mail server never answered")
        return real_send_one(mail_connection, subject, message, address)

    monkeypatch.setattr(reminders, "send_one", slow_then_failing)
    with pytest.raises(RuntimeError):
        send_due_reminders(THURSDAY_MORNING)
    assert Delivery.objects.get(user=five_asked[0]).status == "sent"
    send_due_reminders(at("2026-11-26", 8, 40))
    assert received(five_asked) == [1, 1, 1, 1, 1]


def test_healthz_says_degraded_while_emails_are_stuck_or_failing(world, five_asked, client):
    assert client.get("/healthz/ready").json()["status"] == "ok"
    send_due_reminders(THURSDAY_MORNING)
    Delivery.objects.filter(user=five_asked[0]).update(
        status="sending", claimed_at=F("claimed_at") - Delivery.LEASE - datetime.timedelta(1)
    )
    Delivery.objects.filter(user=five_asked[1]).update(status="failed")
    response = client.get("/healthz/ready")
    assert response.status_code == 200  # the web process keeps serving
    assert response.json()["status"] == "degraded"
    assert response.json()["reminders"] == {"status": "degraded", "stuck": 1, "failed": 1}


@pytest.mark.parametrize("day", ["9999-12-31", "1900-01-01", "20226-01-01"])
def test_a_holiday_far_from_today_is_refused_with_a_clear_message(world, client_for, day):
    year = SchoolYear.objects.create(
        school=world.school,
        name="2026-2027",
        starts_on=datetime.date(2026, 8, 1),
        ends_on=datetime.date(2027, 7, 31),
    )
    response = client_for(world.leader).post(
        reverse("teams:add_holiday", args=[year.pk]),
        {"name": "Kerst", "starts_on": "2026-12-21", "ends_on": day},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Kies een datum tussen" in body or "Voer een geldige datum in." in body
    assert 'value="Kerst"' in body
    assert not Holiday.objects.exists()


def test_date_pickers_offer_only_the_days_the_form_accepts(world, client_for):
    body = client_for(world.leader).get(reverse("teams:school_years")).content.decode()
    assert 'type="date"' in body and 'min="2016-01-01"' in body and 'max="2031-12-31"' in body


def test_every_date_people_type_is_bounded():
    """Each date a form can offer is a core.fields.DayField, never a plain DateField."""
    plain = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in settings.PROJECT_APPS
        for field in model._meta.concrete_fields
        if type(field) is models.DateField and field.editable
    ]
    assert plain == []
