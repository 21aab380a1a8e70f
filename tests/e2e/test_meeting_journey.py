"""A bouwvergadering in Chromium: the lead plans it on a day the app suggests, with an
agenda drafted from the cycles, runs it on a phone, records a decision that lands in the
initiative's phase; an attendee gets the prompt to reflect on her next working morning."""

import datetime
import re

from django.core import mail
from playwright.sync_api import expect

from meetings.models import Meeting
from notifications.reminders import send_due_reminders
from teams.models import User
from tests.notifications.test_reminders import AMS

from .conftest import log_in, log_out


def next_working_morning(user: User, after: datetime.date) -> datetime.datetime:
    day = after + datetime.timedelta(days=1)
    while not user.works_on(day):
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(8, 0), AMS)


def test_a_lead_plans_and_runs_a_bouwvergadering_on_a_phone(page, live_server, demo_school, shoot):
    Meeting.objects.all().delete()  # the demo's own upcoming meetings
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "middenbouw@demo.test")
    page.goto(f"{live_server.url}/teams/")
    page.get_by_role("link", name="Middenbouw").first.click()
    page.get_by_role("link", name="Vergaderingen").click()
    page.get_by_role("link", name="Een vergadering plannen").click()

    page.get_by_role("radio", name="Bouwvergadering").check()
    days = page.get_by_role("group", name="Dag").get_by_role("radio")
    expect(days.first).to_be_checked()  # the day most of the team works
    page.get_by_label("Plaats").fill("Teamkamer")
    page.get_by_role("button", name="De vergadering plannen").click()

    agenda = page.get_by_role("region", name="Agenda")
    expect(agenda).to_contain_text("Tweetallen bij begrijpend lezen")
    expect(agenda).to_contain_text("moest klaar zijn op")  # why it is on the agenda
    shoot("meeting-agenda-phone")

    page.get_by_role("link", name="De vergadering houden").click()
    item = page.locator("li.run__item", has_text="Tweetallen bij begrijpend lezen")
    item.get_by_role("button", name=re.compile("^Start")).click()
    item.get_by_label("Aantekeningen").fill("De duo's lezen hardop; twee kinderen haken af.")
    item.get_by_role("button", name="Aantekeningen opslaan").click()
    item = page.locator("li.run__item", has_text="Tweetallen bij begrijpend lezen")
    item.get_by_text("Een besluit of actie opschrijven").click()
    item.get_by_role("textbox", name="Wat").fill("Vanaf maandag vaste leesduo's voor vier weken.")
    item.get_by_role("button", name="Opschrijven").click()
    item = page.locator("li.run__item", has_text="Tweetallen bij begrijpend lezen")
    expect(item).to_contain_text("Vanaf maandag vaste leesduo's voor vier weken.")
    shoot("meeting-run-phone")

    attendees = page.get_by_role("group", name="Wie er waren")
    for box in attendees.get_by_role("checkbox").all():
        box.uncheck()
    attendees.get_by_label("Sanne Bakker").check()
    attendees.get_by_label("Youssef Amrani").check()
    page.get_by_role("button", name="De vergadering is gehouden").click()
    expect(page.get_by_text("De vergadering is gehouden")).to_be_visible()

    # The decision is in the initiative's current phase.
    page.goto(f"{live_server.url}/initiatieven/")
    page.get_by_role("link", name="Tweetallen bij begrijpend lezen").first.click()
    expect(page.locator("#phase-panel")).to_contain_text("Vanaf maandag vaste leesduo's")
    log_out(page)

    # Sanne was there: on her next working morning the prompt to reflect is in her mail.
    sanne = User.objects.get(email="leerkracht@demo.test")
    mail.outbox.clear()
    send_due_reminders(next_working_morning(sanne, datetime.date.today()))
    [message] = [m for m in mail.outbox if m.to == [sanne.email] and "moment voor jezelf" in m.body]
    link = re.search(r"https?://\S+/reflecties/nieuw/\S+", message.body).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(f"{live_server.url}/{path}")
    expect(page.get_by_label("Titel")).to_have_value(re.compile("^Na de bouwvergadering van"))
