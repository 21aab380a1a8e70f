"""The school board in Chromium: a teacher finds what another school of the board learned
and asks its team a question, which reaches the member who allowed it on her bell; the
board's quality officer sees the schools in figures and no school page."""

import re

from playwright.sync_api import expect

from .conftest import log_in, log_out
from .test_accessibility import violations

CARD = "Leesmotivatie met een boekenkring"
QUESTION = "Hoe kiezen jullie de drie kinderen die vertellen? Bij ons willen ze allemaal."


def test_a_teacher_finds_another_schools_card_and_its_team_gets_her_question(
    page, live_server, demo_school, shoot, console_errors
):
    log_in(page, live_server, "leerkracht@demo.test")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Wat we leerden"
    ).click()
    page.get_by_role("navigation", name="Welke leerkaarten").get_by_role(
        "link", name="Alle scholen van het bestuur"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wat de scholen van het bestuur leerden"
    )
    # "lezen" is no word of the card: the Dutch search finds it through "leesmotivatie".
    page.get_by_label("Zoeken").fill("lezen")
    page.get_by_label("Zoeken").press("Enter")
    expect(page).to_have_url(re.compile(r"bereik=bestuur.*zoek=lezen|zoek=lezen.*bereik=bestuur"))
    results = page.locator("#library-results")
    card = results.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=CARD, exact=True)
    )
    expect(card).to_contain_text("Basisschool De Vlinder ·")
    expect(card).to_contain_text("Femke de Wit")  # named, as she allowed
    shoot("40-board-library-search")
    # The school pages' crawl (test_accessibility) never reaches these: ?bereik= is a query.
    assert violations(page) == []

    card.get_by_role("link", name=CARD).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CARD)
    expect(page.get_by_text("Basisschool De Vlinder ·")).to_be_visible()
    ask = page.get_by_role("region", name="Stel het team een vraag")
    ask.get_by_label("Je vraag").fill(QUESTION)
    ask.get_by_role("button", name="Vraag versturen").click()
    expect(page.locator("#messages")).to_contain_text("Je vraag is naar het team gestuurd.")
    shoot("41-board-card-question-sent")
    log_out(page)

    # Femke de Wit started the card and allowed questions from the board.
    log_in(page, live_server, "bovenbouw@devlinder.test")
    bell = page.get_by_role("link", name=re.compile("^Meldingen"))
    expect(bell).to_have_attribute("aria-label", re.compile(r"Meldingen: [1-9]\d* ongelezen"))
    unread = int(re.search(r"(\d+)", bell.get_attribute("aria-label")).group(1))
    bell.click()
    text = (
        f"Sanne Bakker (Basisschool De Vlinderboom) stelt een vraag over jullie leerkaart “{CARD}”."
    )
    item = page.locator("li.unread").filter(has=page.get_by_role("link", name=text))
    expect(item).to_contain_text("nieuw")
    shoot("42-board-question-notification")
    item.get_by_role("link", name=text).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Een vraag over een leerkaart")
    question = page.get_by_role("region", name=CARD)
    expect(question).to_contain_text("Sanne Bakker (Basisschool De Vlinderboom) vroeg op")
    expect(question.locator("blockquote")).to_have_text(QUESTION)
    answer = question.get_by_role("link", name="Antwoord Sanne Bakker per e-mail")
    expect(answer).to_have_attribute("href", "mailto:leerkracht@demo.test")
    shoot("43-board-question")
    assert violations(page) == []
    bell = page.get_by_role("link", name=re.compile("^Meldingen"))
    expect(bell).to_have_attribute("aria-label", re.compile(rf"Meldingen: {unread - 1} ongelezen"))
    assert console_errors == []


def test_the_board_officer_sees_the_schools_in_figures_and_no_school_page(
    page, live_server, demo_school, shoot, console_errors
):
    log_in(page, live_server, "kwaliteit@samenleren.test")
    expect(page).to_have_url(f"{live_server.url}/bestuur/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stichting Samen Leren")
    expect(page.get_by_role("link", name=re.compile("^Meldingen"))).to_have_count(0)
    whole = page.get_by_role("region", name="Het hele bestuur")
    expect(whole).to_contain_text("Gedeelde leerkaarten2 · lees ze in de bibliotheek")
    for school in ("Basisschool De Vlinderboom", "Basisschool De Vlinder"):
        row = page.get_by_role("listitem").filter(
            has=page.get_by_role("heading", name=school, exact=True)
        )
        expect(row).to_contain_text("Initiatieven")
        expect(row).to_contain_text("Hulpvragen")
        expect(row).to_contain_text("Gedeelde leerkaarten")
    vlinder = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Basisschool De Vlinder", exact=True)
    )
    expect(vlinder).to_contain_text("Afgerond: 2")  # the two cards it shared
    expect(vlinder).to_contain_text("0% van 7 teamleden")
    expect(vlinder.get_by_role("link", name=CARD)).to_be_visible()
    expect(vlinder.get_by_role("link", name="Rekenmaatjes in groep 7")).to_be_visible()
    expect(page.get_by_text("Femke de Wit")).to_have_count(0)  # figures, never a person
    shoot("44-board-overview")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot("45-board-overview-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.set_viewport_size({"width": 1280, "height": 720})

    # A shared card opens for her; a school's pages answer her "not found", as to an outsider.
    vlinder.get_by_role("link", name=CARD).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CARD)
    assert console_errors == []
    for path in ("/initiatieven/", "/school/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
