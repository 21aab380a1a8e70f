"""The bell in Chromium: a colleague asks for feedback, the bell shows it, opening reads it."""

import re

from playwright.sync_api import expect

from reflections.models import Reflection
from teams.models import Team, User

from .conftest import log_in, log_out


def test_the_bell_shows_a_feedback_request_and_opening_it_marks_it_read(
    page, live_server, demo_school, shoot, console_errors
):
    teacher = User.objects.get(email="leerkracht@demo.test")
    reflection = Reflection.objects.create(
        school=teacher.school,
        author=teacher,
        title="Voorlezen met stemmen",
        proud_of="De hele klas luisterde.",
        visibility="team",
        team=Team.objects.get(school=teacher.school, name="Middenbouw"),
    )
    log_in(page, live_server, "middenbouw@demo.test")
    bell = page.get_by_role("link", name=re.compile("^Meldingen"))
    before = bell.get_attribute("aria-label")
    log_out(page)

    # The teacher asks the lead for feedback.
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(f"{live_server.url}{reflection.get_absolute_url()}")
    page.get_by_role("region", name="Wie het mag lezen").get_by_label("Youssef Amrani").check()
    page.get_by_role("button", name="Om feedback vragen").click()
    expect(page.get_by_role("region", name="Wie het mag lezen")).to_contain_text(
        "Wacht op feedback"
    )
    log_out(page)

    # The lead's bell shows one more unread notification.
    log_in(page, live_server, "middenbouw@demo.test")
    bell = page.get_by_role("link", name=re.compile("^Meldingen"))
    expect(bell).not_to_have_attribute("aria-label", before)
    unread = int(re.search(r"(\d+)", bell.get_attribute("aria-label")).group(1))
    assert unread >= 1
    shoot("30-bell-unread")
    bell.click()
    item = page.get_by_role("link", name="Sanne Bakker vraagt je feedback op een reflectie.")
    expect(item).to_be_visible()
    shoot("31-notifications")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback voor Sanne Bakker")
    bell = page.get_by_role("link", name=re.compile("^Meldingen"))
    expect(bell).to_have_attribute("aria-label", re.compile(rf"Meldingen: {unread - 1} ongelezen"))
    assert console_errors == []
