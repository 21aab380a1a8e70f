"""The leader's dashboard and the team lead's overview in Chromium, on a laptop and a phone."""

import re

from playwright.sync_api import expect

from .conftest import log_in, log_out


def test_leader_dashboard_and_team_overview(page, live_server, demo_school, shoot, console_errors):
    log_in(page, live_server, "directeur@demo.test")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Waar hebben teams ondersteuning nodig?"
    )
    stuck = page.get_by_role("region", name="Vastgelopen: te laat of drie weken stil")
    expect(stuck).to_contain_text("Tweetallen bij begrijpend lezen")
    expect(stuck).to_contain_text("te laat sinds")
    shoot("40-dashboard-laptop")

    # A support request answered in place, without a reload.
    page.evaluate("window.noReloadMarker = 'here'")
    support = page.get_by_role("region", name="Open hulpvragen")
    item = support.get_by_role("listitem").filter(has_text="toetsresultaten samen te analyseren")
    item.get_by_label("Gepland").check()
    item.get_by_label("Toelichting").fill("Woensdagmiddag, ik neem de groepen over.")
    item.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Woensdagmiddag, ik neem de groepen over.")).to_be_visible()
    assert page.evaluate("window.noReloadMarker") == "here"

    # Filter by team: only the bovenbouw remains.
    page.get_by_label("Team", exact=True).select_option(label="Bovenbouw")
    teams = page.get_by_role("region", name="Initiatieven per team, per fase")
    expect(teams.get_by_role("heading", level=3)).to_have_count(1)
    expect(teams).to_contain_text("Bovenbouw")
    expect(page).to_have_url(re.compile(r"team=\d+"))
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot("41-dashboard-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    log_out(page)

    # The middenbouw lead sees the team overview.
    log_in(page, live_server, "middenbouw@demo.test")
    page.goto(f"{live_server.url}/teams/")
    page.get_by_role("link", name="Middenbouw", exact=True).click()
    team_url = page.url
    page.goto(team_url.replace("/teams/", "/dashboard/team/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht Middenbouw")
    expect(
        page.get_by_role("region", name="Vastgelopen: te laat of drie weken stil")
    ).to_contain_text("Tweetallen bij begrijpend lezen")
    expect(page.get_by_role("region", name="Hulpvragen en antwoorden")).to_contain_text(
        "gepland: Woensdagmiddag"
    )
    shoot("42-team-overview")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot("43-team-overview-phone")
    assert console_errors == []
