"""The inquiry-cycle journey in Chromium, from a teacher's idea to a learning card."""

import re

from playwright.sync_api import expect

from .conftest import log_in, log_out

EMPTY_PHASE = "Nog niets toegevoegd aan deze fase."


def test_from_idea_to_learning_card(page, live_server, demo_school, shoot, console_errors):
    # A teacher starts an initiative: no approval step.
    log_in(page, live_server, "leerkracht@demo.test")
    page.get_by_role("link", name="Initiatieven", exact=True).click()
    page.get_by_role("link", name="Een initiatief starten").click()
    page.get_by_label("Titel").fill("Woordspelletjes bij de start van de dag")
    page.get_by_label("Onze vraag").fill(
        "Hoe kunnen wij met korte woordspelletjes de woordenschat in groep 4 vergroten?"
    )
    page.get_by_label("Waarom het ertoe doet voor de kinderen").fill(
        "Een grotere woordenschat helpt bij begrijpend lezen."
    )
    page.get_by_label("Welke kinderen").fill("groep 4, 26 leerlingen")
    page.get_by_label("Begrijpend lezen met meer gesprek").check()
    page.get_by_label("PLC at Work: vier vragen").check()
    shoot("10-start-initiative")
    page.get_by_role("button", name="Het initiatief starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Woordspelletjes bij de start van de dag"
    )
    expect(page.get_by_text("Idee: collega's verzamelen")).to_be_visible()
    initiative_url = page.url
    log_out(page)

    # A colleague joins with one click.
    log_in(page, live_server, "fleur.peters@demo.test")
    page.goto(initiative_url)
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_role("region", name="Wie doen er mee")).to_contain_text("Fleur Peters")
    log_out(page)

    # The teacher starts the cycle and adds an observation and a measurement in place.
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(initiative_url)
    page.get_by_role("button", name="Start de cyclus").click()
    phase = page.get_by_role("region", name=re.compile("Huidige fase"))
    expect(phase).to_contain_text("Wat moeten leerlingen leren?")
    page.evaluate("window.noReloadMarker = 'here'")
    phase.get_by_label("Observatie").check()
    phase.get_by_label("Wat er gebeurde").fill(
        "De kinderen raadden enthousiast mee met 'wie ben ik'."
    )
    phase.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("region", name=re.compile("Huidige fase"))).to_contain_text(
        "raadden enthousiast mee"
    )
    # The entry is appended to the list; the form is fresh and "nothing yet" has gone.
    expect(phase.get_by_label("Wat er gebeurde")).to_have_value("")
    expect(phase.get_by_text(EMPTY_PHASE)).to_be_hidden()
    phase = page.get_by_role("region", name=re.compile("Huidige fase"))
    phase.get_by_label("Meting", exact=True).check()
    phase.get_by_label("Wat we meten").fill("Kinderen die de tien themawoorden kennen")
    phase.get_by_label("Percentage van de groep").check()
    phase.get_by_label("Beginmeting").fill("40")
    phase.get_by_label("Doel:", exact=True).fill("80")
    phase.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("region", name=re.compile("Huidige fase"))).to_contain_text(
        "beginmeting 40%"
    )
    assert page.evaluate("window.noReloadMarker") == "here"
    shoot("11-entries-added")

    # The phase moves on, with what was learned.
    move = page.get_by_role("region", name="Naar een andere fase")
    move.get_by_label("Wat we in deze fase leerden").fill(
        "De themawoorden moeten vooraf vastliggen."
    )
    move.get_by_role("button", name="Verplaatsen").click()
    expect(page.get_by_role("region", name=re.compile("Huidige fase"))).to_contain_text(
        "Hoe weten we dat ze het geleerd hebben?"
    )
    expect(page.get_by_role("region", name="Tijdlijn")).to_contain_text(
        "De themawoorden moeten vooraf vastliggen."
    )
    assert page.evaluate("window.noReloadMarker") == "here"
    shoot("12-phase-moved")
    log_out(page)

    # The middenbouw lead leaves feedback on the phase.
    log_in(page, live_server, "middenbouw@demo.test")
    page.get_by_role("link", name="Initiatieven", exact=True).click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bespreken").click()
    expect(page.get_by_role("table")).to_contain_text("Woordspelletjes bij de start van de dag")
    shoot("13-review-list")
    page.get_by_role("link", name="Woordspelletjes bij de start van de dag").click()
    page.get_by_label("Je feedback op deze fase").fill(
        "Mooi! Gebruik dezelfde toets aan het eind, dan zie je de groei."
    )
    page.get_by_role("button", name="Feedback geven").click()
    expect(page.get_by_role("region", name="Tijdlijn")).to_contain_text("dan zie je de groei")
    log_out(page)

    # The teacher asks the school leader for support.
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(initiative_url)
    support = page.get_by_role("region", name="Ondersteuning van de schoolleider")
    support.get_by_text("Om ondersteuning vragen").click()
    support.get_by_label("Tijd").check()
    support.get_by_label("Wat heb je precies nodig").fill(
        "Een uur om samen de woordlijst te maken."
    )
    support.get_by_role("button", name="Naar de schoolleider sturen").click()
    expect(page.get_by_role("region", name="Ondersteuning van de schoolleider")).to_contain_text(
        "Wacht op antwoord"
    )
    log_out(page)

    # The leader answers it in place.
    log_in(page, live_server, "directeur@demo.test")
    page.get_by_role("link", name="Initiatieven", exact=True).click()
    page.get_by_role("link", name="Hulpvragen").click()
    card = page.get_by_role("listitem").filter(has_text="Een uur om samen de woordlijst te maken.")
    card.get_by_label("Gepland").check()
    card.get_by_label("Toelichting").fill(
        "Donderdag na schooltijd, ik neem de klas van Fleur over."
    )
    card.get_by_role("button", name="Antwoord versturen").click()
    expect(
        page.get_by_role("listitem").filter(has_text="Een uur om samen de woordlijst te maken.")
    ).to_contain_text("Gepland")
    shoot("14-support-answered")
    log_out(page)

    # The teacher sees the answer, walks the last phases and completes the initiative.
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(initiative_url)
    expect(page.get_by_role("region", name="Ondersteuning van de schoolleider")).to_contain_text(
        "Donderdag na schooltijd"
    )
    for learned in ["De toets werkt.", "Herhalen helpt."]:
        move = page.get_by_role("region", name="Naar een andere fase")
        move.get_by_label("Wat we in deze fase leerden").fill(learned)
        move.get_by_role("button", name="Verplaatsen").click()
        expect(page.get_by_role("region", name="Tijdlijn")).to_contain_text(learned)
    page.get_by_text("Het initiatief afronden").click()
    page.get_by_label("Wat we probeerden").fill("Elke ochtend vijf minuten woordspelletjes.")
    page.get_by_label("Wat we zagen bij de kinderen").fill("Van 40% naar 85% die de woorden kent.")
    page.get_by_label("Wat we leerden").fill("Korte, dagelijkse herhaling met spel werkt.")
    page.get_by_label("Wat we collega's aanraden").fill("Kies de woorden samen met het thema.")
    page.get_by_role("button", name="Afronden").click()
    expect(page.get_by_text("Afgerond", exact=True)).to_be_visible()
    shoot("15-completed")

    # Its learning card is found by searching a word from it.
    page.get_by_role("link", name="Wat we leerden").click()
    page.get_by_label("Zoeken").fill("woordspelletje")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("#library-results")
    expect(results).to_contain_text("Woordspelletjes bij de start van de dag")
    expect(results).to_contain_text("Korte, dagelijkse herhaling met spel werkt.")
    expect(results).not_to_contain_text("Feedback met twee tips en een top")
    shoot("16-library-search")

    assert console_errors == []
