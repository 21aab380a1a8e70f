"""The bell, the notifications page, email preferences and the calendar feed."""

import datetime
import zoneinfo

import icalendar
from django.urls import reverse

from inquiries.models import Initiative
from inquiries.services import change_state
from notifications.models import CalendarFeed, Notification, Preference
from reflections.models import LessonVisit, Reflection
from reflections.services import ask_feedback
from tests.factories import start_test_initiative
from tests.helpers import text
from tests.page_forms import form_with


def test_the_bell_counts_unread_notifications_and_opening_one_marks_it_read(world, client_for):
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="Vraag",
        proud_of="x",
        visibility="school",
    )
    ask_feedback(reflection=reflection, colleagues=[world.teacher])
    client = client_for(world.teacher)
    assert 'class="bell__count">1<' in text(client.get(reverse("home")))
    notification = Notification.objects.get(user=world.teacher)
    response = client.get(reverse("notifications:open_notification", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/reflecties/feedback/")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "bell__count" not in text(client.get(reverse("home")))


def test_nobody_opens_someone_elses_notification(world, client_for):
    notification = Notification.objects.create(
        user=world.teacher, kind="stalled", key="1", text="Iets", url="/"
    )
    for persona in ["colleague", "leader", "outsider"]:
        response = client_for(getattr(world, persona)).get(
            reverse("notifications:open_notification", args=[notification.pk])
        )
        assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_preferences_are_saved_per_kind(world, client_for):
    client = client_for(world.teacher)
    page = client.get(reverse("notifications:preferences"))
    assert "Een fase moet over drie werkdagen klaar zijn" in text(page)
    data = form_with(text(page), "phase_due")  # every kind, as the page offers them
    assert "Een collega nodigt je uit voor een initiatief" in text(page)
    data.update(
        {"stalled": "off", "feedback_given": "digest", "comment": "digest", "digest": "off"}
    )
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    modes = dict(Preference.objects.filter(user=world.teacher).values_list("kind", "mode"))
    assert modes["stalled"] == "off" and modes["feedback_given"] == "digest"
    assert modes["digest"] == "off" and modes["comment"] == "digest"


def test_the_calendar_feed_parses_with_local_times_and_an_old_link_stops_working(
    world, client, client_for
):
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Lezen")
    change_state(initiative=initiative, user=world.teacher, action="start")
    Initiative.objects.filter(pk=initiative.pk).update(phase_due_on="2027-03-29")
    LessonVisit.objects.create(
        host=world.teacher,
        observer=world.colleague,
        focus_question="Wat doen ze?",
        lesson="groep 4",
        planned_on=datetime.date(2027, 3, 29),
        starts_at=datetime.time(10, 30),
        state="accepted",
    )
    feed = CalendarFeed.objects.create(user=world.teacher)
    response = client.get(reverse("notifications:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    due = next(e for name, e in events.items() if "Lezen" in name)
    assert due.decoded("dtstart") == datetime.date(2027, 3, 29)
    visit = next(e for name, e in events.items() if "Lesbezoek" in name or "Lesson visit" in name)
    start = visit.decoded("dtstart")
    # The day after summer time began: 10:30 in Amsterdam is 08:30 UTC.
    assert start.tzinfo is not None
    assert start.astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam")).time() == datetime.time(10, 30)
    assert start.astimezone(datetime.UTC).time() == datetime.time(8, 30)
    assert "TZID=Europe/Amsterdam" in response.content.decode()
    old = feed.token
    client_for(world.teacher).post(reverse("notifications:renew_calendar"))
    client.logout()
    assert client.get(reverse("notifications:calendar_feed", args=[old])).status_code == 404
    feed.refresh_from_db()
    assert client.get(reverse("notifications:calendar_feed", args=[feed.token])).status_code == 200


def test_the_calendar_shows_nothing_of_someone_elses_visits(world, client):
    LessonVisit.objects.create(
        host=world.colleague,
        observer=world.lead,
        focus_question="Geheim bezoek",
        lesson="groep 5",
        planned_on=datetime.date(2027, 3, 30),
        state="accepted",
    )
    feed = CalendarFeed.objects.create(user=world.teacher)
    body = client.get(reverse("notifications:calendar_feed", args=[feed.token])).content.decode()
    assert "Geheim bezoek" not in body


def test_a_deactivated_colleagues_calendar_link_stops_working(world, client):
    feed = CalendarFeed.objects.create(user=world.teacher)
    world.teacher.deactivate()
    assert client.get(reverse("notifications:calendar_feed", args=[feed.token])).status_code == 404
