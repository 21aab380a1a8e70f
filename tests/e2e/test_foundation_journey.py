"""The foundation journey in Chromium: log in, teams, in-place norm editing, English."""

import re

from playwright.sync_api import expect

from .conftest import log_in, log_out


def test_teacher_lead_and_language_journey(page, live_server, demo_school, shoot, console_errors):
    # The teacher logs in and sees her teams.
    log_in(page, live_server, "leerkracht@demo.test")
    expect(page.get_by_role("heading", name="Welkom, Sanne Bakker")).to_be_visible()
    my_teams = page.get_by_role("region", name="Mijn teams")
    expect(my_teams.get_by_role("link", name="Middenbouw")).to_be_visible()
    expect(my_teams.get_by_role("link", name="Werkgroep Lezen")).to_be_visible()
    expect(page.get_by_role("region", name="Onze gezamenlijke doelen")).to_contain_text(
        "Leesmotivatie"
    )
    shoot("01-teacher-home")

    # She opens the middenbouw page: members with working days, goals and agreements.
    my_teams.get_by_role("link", name="Middenbouw").click()
    expect(page.get_by_role("heading", level=1, name="Middenbouw")).to_be_visible()
    members = page.get_by_role("table")
    expect(members.get_by_role("row", name=re.compile("Sanne Bakker"))).to_contain_text(
        "ma, di, do"
    )
    expect(page.get_by_role("region", name="Onze werkafspraken")).to_be_visible()
    # A teacher cannot edit the agreements.
    expect(
        page.get_by_role("region", name="Onze werkafspraken").get_by_role("link", name="Bewerken")
    ).to_have_count(0)
    shoot("02-middenbouw-team-page")
    log_out(page)

    # The middenbouw lead edits an agreement in place, without a page reload.
    log_in(page, live_server, "middenbouw@demo.test")
    page.get_by_role("link", name="Teams", exact=True).click()
    page.get_by_role("link", name="Middenbouw", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Middenbouw")).to_be_visible()
    page.evaluate("window.noReloadMarker = 'still here'")
    norms = page.get_by_role("region", name="Onze werkafspraken")
    norms.get_by_role(
        "link", name=re.compile(r"Bewerken\s?: We bereiden de bouwvergadering")
    ).click()
    field = norms.get_by_label("Afspraak:", exact=True)
    expect(field).to_have_value(re.compile("We bereiden de bouwvergadering voor"))
    field.fill("We bereiden de bouwvergadering samen voor: iedereen neemt één leervraag mee.")
    shoot("03-lead-editing-norm")
    norms.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Afspraak opgeslagen.")
    expect(page.get_by_role("region", name="Onze werkafspraken")).to_contain_text(
        "We bereiden de bouwvergadering samen voor"
    )
    assert page.evaluate("window.noReloadMarker") == "still here"  # no reload happened
    shoot("04-lead-norm-saved")

    # An agreement of only spaces gets a Dutch message, in place.
    norms = page.get_by_role("region", name="Onze werkafspraken")
    norms.get_by_label("Nieuwe afspraak").fill("   ")
    norms.get_by_role("button", name="Afspraak toevoegen").click()
    expect(page.get_by_role("region", name="Onze werkafspraken")).to_contain_text(
        "Schrijf de afspraak op."
    )
    assert page.evaluate("window.noReloadMarker") == "still here"
    log_out(page)

    # The teacher switches the interface to English on her profile.
    log_in(page, live_server, "leerkracht@demo.test")
    page.get_by_role("link", name="Sanne Bakker").click()
    page.get_by_label("Taal van de app en e-mails").select_option("en")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    expect(page.get_by_role("link", name="My learning community")).to_be_visible()
    page.get_by_role("link", name="My learning community").click()
    expect(page.get_by_role("heading", name="Welcome, Sanne Bakker")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shoot("05-teacher-home-english")

    assert console_errors == []


def test_team_page_on_a_phone(page, live_server, demo_school, shoot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "middenbouw@demo.test")
    page.goto(f"{live_server.url}/teams/")
    page.get_by_role("link", name="Middenbouw", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Middenbouw")).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shoot("06-team-page-phone")


def test_keyboard_user_reaches_the_content_and_edits_a_norm(page, live_server, demo_school):
    log_in(page, live_server, "middenbouw@demo.test")
    page.goto(f"{live_server.url}/teams/")
    team_url = page.get_by_role("link", name="Middenbouw", exact=True).get_attribute("href")
    # A fresh page load, so the first Tab starts from the top of the document.
    page.goto(f"{live_server.url}{team_url}", wait_until="load")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    edit = page.get_by_role("link", name=re.compile(r"Bewerken\s?: We geven feedback"))
    edit.focus()
    page.keyboard.press("Enter")
    field = page.get_by_label("Afspraak:", exact=True)
    expect(field).to_be_visible()
    field.fill("We geven feedback op wat we zagen, met een open vraag erbij.")
    field.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Afspraak opgeslagen.")
