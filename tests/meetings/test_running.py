"""A meeting as it happens and after: decisions into the initiative's phase, actions with
who and by when, the notes to the team, a moment to reflect for whoever was there, and the
meeting in each member's calendar feed."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Entry
from inquiries.services import change_state
from meetings.models import AgendaItem, Meeting, Outcome
from meetings.services import plan_meeting
from notifications.models import CalendarFeed, Notification
from notifications.reminders import send_due_reminders
from tests.factories import start_test_initiative
from tests.helpers import text
from tests.notifications.test_reminders import at

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def own_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def meeting(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Leesplezier")
    change_state(initiative=initiative, user=world.teacher, action="start")
    initiative.phase_due_on = timezone.localdate()
    initiative.save(update_fields=["phase_due_on"])
    return plan_meeting(
        meeting=Meeting(
            team=world.team,
            kind=Meeting.Kind.AGE_BAND,
            starts_at=timezone.now() + datetime.timedelta(hours=1),
            created_by=world.lead,
        )
    )


def item_about_initiative(meeting) -> AgendaItem:
    return meeting.items.get(initiative__isnull=False)


def test_a_decision_about_an_initiative_lands_in_its_current_phase(world, meeting):
    item = item_about_initiative(meeting)
    lead = own_client(world.lead)
    url = reverse("meetings:new_outcome", args=[item.pk])
    data = {
        f"outcome-{item.pk}-kind": "decision",
        f"outcome-{item.pk}-text": "We lezen elke ochtend tien minuten vrij.",
        f"outcome-{item.pk}-submission_key": "k1",
    }
    assert lead.post(url, data).status_code == 302
    assert lead.post(url, data).status_code == 302  # a second click writes nothing more
    outcome = Outcome.objects.get()
    entry = Entry.objects.get(kind="decision")
    assert outcome.entry == entry and entry.initiative == item.initiative
    assert entry.phase_id == item.initiative.current_phase_id
    assert "We lezen elke ochtend tien minuten vrij." in entry.text
    assert entry.url.endswith(meeting.get_absolute_url())  # linked back to the meeting
    page = text(own_client(world.teacher).get(item.initiative.get_absolute_url()))
    assert "Besloten in de bouwvergadering" in page


def test_an_action_says_who_does_it(world, meeting):
    item = item_about_initiative(meeting)
    lead = own_client(world.lead)
    url = reverse("meetings:new_outcome", args=[item.pk])
    data = {f"outcome-{item.pk}-kind": "action", f"outcome-{item.pk}-text": "Boeken bestellen"}
    response = lead.post(url, data)
    assert response.status_code == 422 and "Zeg wie het doet." in text(response)
    assert "Boeken bestellen" in text(response)  # what was typed stays
    data[f"outcome-{item.pk}-owner"] = world.teacher.pk
    assert lead.post(url, data).status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.owner == world.teacher and outcome.entry is None


def test_only_the_lead_and_the_leader_run_the_meeting(world, meeting):
    run = reverse("meetings:run_meeting", args=[meeting.pk])
    assert own_client(world.lead).get(run).status_code == 200
    assert own_client(world.leader).get(run).status_code == 200
    assert own_client(world.teacher).get(run).status_code == 403
    assert own_client(world.other_lead).get(run).status_code == 404
    item = meeting.items.first()
    data = {f"outcome-{item.pk}-kind": "decision", f"outcome-{item.pk}-text": "Ingebroken"}
    for who, status in ((world.teacher, 403), (world.outsider, 404)):
        assert (
            own_client(who).post(reverse("meetings:new_outcome", args=[item.pk]), data).status_code
            == status
        )
    assert not Outcome.objects.exists()


def test_after_the_meeting_the_team_gets_the_notes_and_whoever_was_there_a_prompt(
    world, meeting, settings
):
    settings.PLC_BASE_URL = "https://plg.school.test"
    lead = own_client(world.lead)
    finish = reverse("meetings:finish", args=[meeting.pk])
    attended = {"attendance-attendees": [world.teacher.pk, world.lead.pk]}
    assert lead.post(finish, attended).status_code == 302
    assert lead.post(finish, attended).status_code == 302  # once
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD
    notes = Notification.objects.filter(kind="meeting_notes")
    assert {n.user for n in notes} == {
        world.teacher,
        world.colleague,
    }  # not the lead: she wrote them
    prompts = Notification.objects.filter(kind="meeting_reflect")
    assert {n.user for n in prompts} == {world.teacher, world.lead}  # only who was there
    prompt = prompts.get(user=world.teacher)
    assert "privé" in prompt.text
    # Emailed on her next working morning, not before seven; the link opens a new reflection.
    mail.outbox.clear()
    send_due_reminders(at("2026-12-10", 6, 30))
    assert not [m for m in mail.outbox if world.teacher.email in m.to]
    send_due_reminders(at("2026-12-10", 8))
    bodies = "\n".join(m.body for m in mail.outbox if world.teacher.email in m.to)
    assert "Een moment voor jezelf" in bodies
    assert f"https://plg.school.test{prompt.url}" in bodies
    page = text(own_client(world.teacher).get(prompt.url))
    assert 'value="Na de bouwvergadering van' in page


def test_planning_tells_the_members_on_their_bell(world, client_for):
    client = client_for(world.lead)
    url = reverse("meetings:new_meeting", args=[world.team.pk])
    from tests.page_forms import form_with

    form = form_with(text(client.get(url)), "day")
    form.update({"kind": "bouw", "time": "15:15", "duration": "60"})
    client.post(url, form)
    told = {n.user for n in Notification.objects.filter(kind="meeting_planned")}
    assert told == {world.teacher, world.colleague}


def test_a_meeting_on_the_day_summer_time_starts_is_in_the_feed_at_its_local_time(world):
    local = datetime.datetime(2027, 3, 28, 10, 0, tzinfo=AMSTERDAM)  # clocks go forward at 2:00
    plan_meeting(
        meeting=Meeting(
            team=world.team,
            kind=Meeting.Kind.STUDY_DAY,
            starts_at=local,
            created_by=world.lead,
            duration=90,
            place="Aula",
        )
    )
    feed = CalendarFeed.objects.create(user=world.teacher)
    body = Client().get(reverse("notifications:calendar_feed", args=[feed.token])).content
    calendar = icalendar.Calendar.from_ical(body)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("meeting-")]
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(hours=2)
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2027, 3, 28, 8, 0, tzinfo=datetime.UTC
    )
    assert b"TZID=Europe/Amsterdam:20270328T100000" in body and b"BEGIN:VTIMEZONE" in body
    assert str(event["location"]) == "Aula"
    # Someone outside the team has no such event.
    other = CalendarFeed.objects.create(user=world.other_lead)
    assert (
        b"meeting-"
        not in Client().get(reverse("notifications:calendar_feed", args=[other.token])).content
    )


def test_the_dashboard_counts_meetings_and_decisions_carried_per_team(world, meeting):
    item = item_about_initiative(meeting)
    lead = own_client(world.lead)
    lead.post(
        reverse("meetings:new_outcome", args=[item.pk]),
        {f"outcome-{item.pk}-kind": "decision", f"outcome-{item.pk}-text": "Vaste duo's"},
    )
    lead.post(
        reverse("meetings:finish", args=[meeting.pk]), {"attendance-attendees": [world.teacher.pk]}
    )
    page = text(own_client(world.leader).get(reverse("dashboard:leader_dashboard")))
    row = page.split('<td data-label="Team">Middenbouw</td>')[-1].split("</tr>")[0]
    assert '<td data-label="Vergaderingen gehouden">1</td>' in row
    assert '<td data-label="Besluiten in initiatieven">1</td>' in row


def test_each_member_gets_the_invitation_with_the_meeting_attached(
    world, client_for, django_capture_on_commit_callbacks
):
    from tests.page_forms import form_with

    client = client_for(world.lead)
    url = reverse("meetings:new_meeting", args=[world.team.pk])
    form = form_with(text(client.get(url)), "day")
    form.update({"kind": "bouw", "time": "15:15", "duration": "60", "place": "Aula"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form)
    invited = {m.to[0]: m for m in mail.outbox if m.subject.startswith("[PLG] Uitnodiging")}
    assert set(invited) == {world.teacher.email, world.colleague.email, world.lead.email}
    message = invited[world.teacher.email]
    assert "Plaats: Aula" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == "vergadering.ics" and mimetype == "text/calendar"
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(AMSTERDAM).time() == datetime.time(15, 15)


def test_a_mail_server_that_is_down_costs_only_the_attachment(world, meeting, settings):
    from meetings.services import send_invitations
    from tests.smtp_sink import SmtpSink

    settings.MAILERS = SmtpSink().mailer_settings()  # nobody listening: refused
    assert send_invitations(meeting=meeting, members=[world.teacher]) == 0  # no crash
    # The bell line and the calendar feed still carry the meeting.


def test_whoever_takes_on_an_action_hears_it_on_their_bell(world, meeting):
    item = item_about_initiative(meeting)
    own_client(world.lead).post(
        reverse("meetings:new_outcome", args=[item.pk]),
        {
            f"outcome-{item.pk}-kind": "action",
            f"outcome-{item.pk}-text": "Leesboeken bestellen",
            f"outcome-{item.pk}-owner": world.teacher.pk,
            f"outcome-{item.pk}-due_on": (
                timezone.localdate() + datetime.timedelta(days=7)
            ).isoformat(),
        },
    )
    [line] = Notification.objects.filter(kind="meeting_action")
    assert line.user == world.teacher
    assert "Leesboeken bestellen" in line.text and "(vóór" in line.text
