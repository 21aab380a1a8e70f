"""The school leader invites a new colleague; she opens the link from her email on her phone,
chooses a password and is in, with the team the leader gave her."""

import re

from django.core import mail
from playwright.sync_api import expect

from .conftest import log_in, log_out


def test_a_new_colleague_is_invited_and_signs_in_through_the_link(
    page, live_server, demo_school, shoot, console_errors
):
    log_in(page, live_server, "directeur@demo.test")
    page.get_by_role("link", name="Personeel", exact=True).click()
    page.get_by_role("link", name="Een collega toevoegen").click()
    page.get_by_label("Naam").fill("Noor Visser")
    page.get_by_label("E-mailadres").fill("noor.visser@demo.test")
    page.get_by_label("Functie").fill("leerkracht groep 3")
    for day in ("dinsdag", "woensdag"):
        page.get_by_label(day).check()
    page.get_by_role("group", name="Teams").get_by_label("Middenbouw").check()
    page.get_by_role("button", name="Uitnodiging versturen").click()

    expect(page.get_by_text("Noor Visser is uitgenodigd")).to_be_visible()
    invited = page.get_by_role("region", name="Uitgenodigd")
    expect(invited.get_by_role("cell", name="noor.visser@demo.test")).to_be_visible()
    shoot("70-staff-list-with-invitation")
    log_out(page)

    [message] = [m for m in mail.outbox if m.to == ["noor.visser@demo.test"]]
    link = re.search(r"/uitnodiging/\S+/", message.body).group(0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Welkom bij Basisschool De Vlinderboom"
    )
    page.get_by_label("Kies een wachtwoord").fill("Leesplezier-in-groep-3")
    page.get_by_label("Nogmaals hetzelfde wachtwoord").fill("Leesplezier-in-groep-3")
    shoot("71-accept-invitation-phone")
    page.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()

    expect(page.get_by_text("Welkom, Noor Visser.")).to_be_visible()
    page.goto(live_server.url + "/profiel/")
    expect(page.get_by_label("Naam")).to_have_value("Noor Visser")
    assert console_errors == []
