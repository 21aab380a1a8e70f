"""Reflection, peer feedback and a lesson visit in Chromium."""

import datetime
import re

from playwright.sync_api import expect

from reflections.models import LessonVisit

from .conftest import log_in, log_out


def test_reflect_share_ask_feedback_and_visit_a_lesson(
    page, live_server, demo_school, shoot, console_errors
):
    # The teacher writes a reflection with the prompts and shares it with her team.
    log_in(page, live_server, "leerkracht@demo.test")
    page.get_by_role("link", name="Reflecties", exact=True).click()
    page.get_by_role("link", name="Een reflectie schrijven").click()
    page.get_by_label("Titel").fill("Samen lezen in duo's")
    page.get_by_label("Wat vond ik moeilijk of spannend?").fill(
        "Spannend om de duo's zelf te laten kiezen."
    )
    page.get_by_label("Waar ben ik trots op?").fill("Iedereen las twintig minuten door.")
    page.get_by_label("Mijn team").check()
    page.get_by_label("Welk team").select_option(label="Middenbouw")
    shoot("20-write-reflection")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen lezen in duo's")
    sharing = page.get_by_role("region", name="Wie het mag lezen")
    expect(sharing).to_contain_text("Team Middenbouw")

    # She asks the middenbouw lead for feedback, in place.
    sharing.get_by_label("Youssef Amrani").check()
    sharing.get_by_role("button", name="Om feedback vragen").click()
    expect(page.get_by_role("region", name="Wie het mag lezen")).to_contain_text(
        "Wacht op feedback van: Youssef Amrani"
    )
    shoot("21-feedback-asked")
    log_out(page)

    # The colleague sees the request on his home page and answers.
    log_in(page, live_server, "middenbouw@demo.test")
    asked = page.get_by_role("region", name="Wacht op jou")
    asked.get_by_role("link", name="Samen lezen in duo's").click()
    page.get_by_label("Wat me opviel").fill("De duo's hielpen elkaar bij moeilijke woorden.")
    page.get_by_label("Een suggestie").fill("Laat de duo's na afloop één zin over het boek delen.")
    shoot("22-give-feedback")
    page.get_by_role("button", name="Feedback versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Dank je")
    log_out(page)

    # The teacher sees the feedback with her reflection.
    log_in(page, live_server, "leerkracht@demo.test")
    page.get_by_role("link", name="Reflecties", exact=True).click()
    page.get_by_role("link", name="Samen lezen in duo's").click()
    expect(page.get_by_role("region", name="Feedback")).to_contain_text(
        "De duo's hielpen elkaar bij moeilijke woorden."
    )

    # She invites the lead to observe a lesson, on a day both of them work.
    page.get_by_role("link", name="Mijn reflecties").click()
    page.get_by_role("link", name="Lesbezoeken").click()
    page.get_by_role("link", name="Een collega uitnodigen in je les").click()
    page.get_by_label("Welke collega komt kijken?").select_option(label="Youssef Amrani")
    days = page.get_by_role("group", name="Dagen waarop jullie allebei werken")
    expect(days).to_be_visible()
    first_day = days.get_by_role("radio").first
    day_label = first_day.evaluate("el => el.parentElement.textContent.trim()")
    assert re.match(r"(Maandag|Dinsdag|Donderdag) ", day_label), day_label  # her working days
    first_day.check()
    page.get_by_label("Focusvraag over de leerlingen").fill(
        "Hoe helpen de kinderen elkaar tijdens het duo-lezen?"
    )
    page.get_by_label("Welke les").fill("groep 4, lezen, 10.30 uur")
    shoot("23-invite-visit")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lesbezoek bij Sanne Bakker")
    visit_url = page.url
    log_out(page)

    # The colleague accepts, writes observation notes and reflects.
    log_in(page, live_server, "middenbouw@demo.test")
    page.goto(visit_url)
    page.get_by_role("button", name="Accepteren").click()
    notes = page.get_by_label("Observatieaantekeningen")
    notes.fill("Vijf duo's lazen om de beurt; twee kinderen legden een woord uit aan hun maatje.")
    page.get_by_role("button", name="Aantekeningen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Je aantekeningen zijn opgeslagen.")
    # The day of the visit comes (a visit cannot be marked as held before it).
    LessonVisit.objects.filter(pk=int(visit_url.rstrip("/").split("/")[-1])).update(
        planned_on=datetime.date.today()
    )
    page.reload()
    page.get_by_role("button", name="Het bezoek heeft plaatsgevonden").click()
    page.get_by_label("Mijn reflectie op ons gesprek").fill("Ik neem de duo's over in groep 5.")
    page.get_by_role("button", name="Mijn reflectie opslaan").click()
    expect(page.get_by_role("region", name="Terugkijken op ons gesprek")).to_contain_text(
        "Ik neem de duo's over in groep 5."
    )
    log_out(page)

    # The teacher reflects too; the visit is complete.
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(visit_url)
    page.get_by_label("Mijn reflectie op ons gesprek").fill(
        "Ik zag meer samenwerking dan ik dacht."
    )
    page.get_by_role("button", name="Mijn reflectie opslaan").click()
    expect(page.get_by_text("Nabesproken")).to_be_visible()
    shoot("24-visit-reflected")
    assert console_errors == []
