"""A team meeting's agenda drafted from the team's own work, the days the team can make,
and who may see and shape it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inquiries.models import Entry, SupportRequest
from inquiries.services import add_entry, answer_support_request, change_state, request_support
from meetings.models import AgendaItem, Meeting
from meetings.services import add_point, plan_meeting, suggest_dates
from teams.models import Holiday, SchoolYear
from tests.factories import SharedGoalFactory, start_test_initiative
from tests.helpers import text
from tests.page_forms import form_with


def running(world, title, *, team=None, due_in=None):
    initiative = start_test_initiative(starter=world.teacher, team=team or world.team, title=title)
    change_state(initiative=initiative, user=world.teacher, action="start")
    if due_in is not None:
        initiative.phase_due_on = timezone.localdate() + datetime.timedelta(days=due_in)
        initiative.save(update_fields=["phase_due_on"])
    return initiative


def entry(world, initiative, text_="Gezien", key="e"):
    add_entry(
        initiative=initiative,
        author=world.teacher,
        entry=Entry(kind="observation", text=text_),
        submission_key=key,
    )


def meeting_in(world, days: int, team=None) -> Meeting:
    return plan_meeting(
        meeting=Meeting(
            team=team or world.team,
            kind=Meeting.Kind.AGE_BAND,
            starts_at=timezone.now() + datetime.timedelta(days=days),
            created_by=world.lead,
        )
    )


def add_item(meeting, title):
    return add_point(meeting=meeting, user=meeting.created_by, title=title, minutes=5)


def django_client(user) -> Client:
    """A client of its own (client_for hands out one shared client)."""
    client = Client()
    client.force_login(user)
    return client


def test_the_agenda_holds_the_initiatives_that_ask_for_a_look_and_says_why(world):
    due = running(world, "Fase loopt af", due_in=3)
    overdue = running(world, "Te laat", due_in=-4)
    busy = running(world, "Druk", due_in=60)
    entry(world, busy, key="b1")
    entry(world, busy, key="b2")
    running(world, "Stil", due_in=60)  # nothing new, not due: not on the agenda
    running(world, "Andere bouw", team=world.other_team, due_in=1)
    stopped = start_test_initiative(starter=world.teacher, team=world.team, title="Gestopt")
    SharedGoalFactory(school=world.school, title="Leesplezier")

    items = {item.title: item for item in meeting_in(world, 2).items.all()}

    assert set(items) == {
        "Fase loopt af",
        "Te laat",
        "Druk",
        "Onze gezamenlijke doelen: waar staan we?",
    }
    assert "moet klaar zijn op" in items["Fase loopt af"].why
    assert "moest klaar zijn op" in items["Te laat"].why
    assert items["Druk"].why == "2 nieuwe bijdragen sinds de vorige vergadering"
    # Why it is there, in the data too (not read back from the Dutch text).
    assert items["Fase loopt af"].source == AgendaItem.Source.PHASE_DUE
    assert items["Druk"].source == AgendaItem.Source.NEWS
    assert items["Fase loopt af"].initiative == due and items["Te laat"].initiative == overdue
    assert stopped.title not in items


def test_news_counts_from_the_teams_last_meeting(world):
    busy = running(world, "Druk", due_in=60)
    entry(world, busy, key="voor")
    earlier = meeting_in(world, -1)
    Meeting.objects.filter(pk=earlier.pk).update(starts_at=timezone.now())
    assert "Druk" in [i.title for i in earlier.items.all()]
    entry(world, busy, key="na")
    later = {i.title: i for i in meeting_in(world, 3).items.all()}
    assert later["Druk"].why == "1 nieuwe bijdrage sinds de vorige vergadering"


def test_an_answered_support_request_is_on_the_agenda(world):
    initiative = running(world, "Tweetallen", due_in=60)
    request_support(
        initiative=initiative,
        requested_by=world.teacher,
        request=SupportRequest(kind="time", what="Een middag"),
        submission_key="s",
    )
    answer_support_request(
        support_request=initiative.support_requests.get(),
        leader=world.leader,
        status="given",
        answer="Woensdagmiddag is vrij.",
    )
    titles = [i.title for i in meeting_in(world, 2).items.all()]
    assert "Ondersteuning voor “Tweetallen”" in titles


def test_the_suggested_days_skip_weekends_and_holidays_and_say_who_does_not_work(world):
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    year = SchoolYear.objects.create(
        school=world.school,
        name="test",
        starts_on=monday - datetime.timedelta(days=200),
        ends_on=monday + datetime.timedelta(days=200),
    )
    Holiday.objects.create(
        school_year=year,
        name="Kerstvakantie",
        starts_on=monday + datetime.timedelta(days=7),
        ends_on=monday + datetime.timedelta(days=11),
    )
    options = suggest_dates(team=world.team, start=monday, days=21, count=15)
    days = [option.day for option in options]
    assert all(day.weekday() < 5 for day in days)
    assert not any(
        monday + datetime.timedelta(days=7) <= d <= monday + datetime.timedelta(days=11)
        for d in days
    )
    by_day = {option.day: option for option in options}
    wednesday = monday + datetime.timedelta(days=2)
    # The teacher works on Monday, Tuesday and Thursday.
    assert world.teacher in by_day[wednesday].absent
    assert world.teacher not in by_day[monday].absent
    best = suggest_dates(team=world.team, start=monday, days=21, count=3)
    assert all(world.teacher not in option.absent for option in best)


def test_a_lead_plans_a_meeting_on_a_suggested_day_and_a_second_click_makes_no_second(
    world, client_for
):
    running(world, "Fase loopt af", due_in=3)
    client = client_for(world.lead)
    url = reverse("meetings:new_meeting", args=[world.team.pk])
    form = form_with(text(client.get(url)), "day")
    form.update({"kind": "bouw", "time": "15:15", "duration": "60", "place": "Teamkamer"})
    first = client.post(url, form)
    assert first.status_code == 302
    assert client.post(url, form).url == first.url
    meeting = Meeting.objects.get()
    assert meeting.items.first().title == "Fase loopt af"
    page = text(client.get(first.url))
    assert "Fase loopt af" in page and "Teamkamer" in page


@pytest.mark.parametrize("who", ["other_lead", "outsider"])
def test_other_teams_and_schools_get_404(world, client_for, who):
    meeting = meeting_in(world, 2)
    client = client_for(getattr(world, who))
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:team_meetings", args=[world.team.pk])).status_code == 404
    point = reverse("meetings:new_point", args=[meeting.pk])
    assert (
        client.post(point, {"point-title": "Ingebroken", "point-minutes": "5"}).status_code == 404
    )
    assert not AgendaItem.objects.filter(title="Ingebroken").exists()


def test_members_add_points_the_lead_orders_times_and_fixes(world, client_for):
    meeting = meeting_in(world, 2)
    member = client_for(world.teacher)
    response = member.post(
        reverse("meetings:new_point", args=[meeting.pk]),
        {"point-title": "Leesouders in de bouw?", "point-minutes": "10"},
    )
    assert response.status_code == 302
    point = AgendaItem.objects.get(title="Leesouders in de bouw?")
    assert point.added_by == world.teacher
    # A member adds, but does not reorder, remove or fix.
    for name in ("move_up", "remove_item"):
        assert member.post(reverse(f"meetings:{name}", args=[point.pk])).status_code == 403
    assert member.post(reverse("meetings:fix", args=[meeting.pk])).status_code == 403
    lead = django_client(world.lead)
    other = add_item(meeting, "Eerste punt")
    lead.post(reverse("meetings:move_up", args=[other.pk]))
    titles = [i.title for i in meeting.items.order_by("position")]
    assert titles.index("Eerste punt") < titles.index("Leesouders in de bouw?")
    lead.post(reverse("meetings:set_minutes", args=[point.pk]), {f"item-{point.pk}-minutes": "25"})
    point.refresh_from_db()
    assert point.minutes == 25
    lead.post(reverse("meetings:fix", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.FIXED
    late = member.post(
        reverse("meetings:new_point", args=[meeting.pk]),
        {"point-title": "Te laat", "point-minutes": "5"},
    )
    assert late.status_code == 403


def test_the_meeting_page_costs_the_same_queries_with_two_items_and_with_twenty(
    world, client_for, django_assert_max_num_queries
):
    meeting = meeting_in(world, 2)
    add_item(meeting, "Een")
    client = client_for(world.lead)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(meeting.get_absolute_url())
    budget = len(few.captured_queries)  # before a request clears the log
    for n in range(18):
        add_item(meeting, f"Punt {n}")
    with django_assert_max_num_queries(budget):
        assert "Punt 17" in text(client.get(meeting.get_absolute_url()))


def test_a_member_puts_their_initiative_on_the_next_meeting_once(world, client_for):
    initiative = running(world, "Leesouders", due_in=60)
    url = reverse("meetings:put_on_agenda", args=[initiative.pk])
    client = client_for(world.teacher)
    response = client.post(url)
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(initiative=initiative).exists()  # no meeting yet
    meeting = meeting_in(world, 3)
    client.post(url)
    client.post(url)  # twice: on the agenda once
    [item] = meeting.items.filter(initiative=initiative)
    assert item.added_by == world.teacher and item.title == "Leesouders"
    # Not a member of the initiative: refused.
    assert client_for(world.lead).post(url).status_code == 403
