"""The pupils' voice in Chromium on a 390 px touch phone: a teacher opens a round, five
children answer through the code on devices of their own (no login, one without JavaScript),
each once; the result appears at five answers after closing, not at four; a closed round's
code refuses answers; the children's pages pass axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, log_in

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "locale": "nl-NL",
    "timezone_id": "Europe/Amsterdam",
}
AXE = Axe()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The teacher's `page` is a phone with a touch screen too."""
    return {**browser_context_args, **PHONE}


def nl(msgid: str) -> str:
    """What the Dutch page says for `msgid` (the English until it is translated)."""
    with translation.override("nl"):
        return gettext(msgid)


def violations(page) -> list[str]:
    found = AXE.run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found]


class Child:
    """A child on a classroom device of its own: a fresh browser, no login."""

    def __init__(self, browser, base: str, *, javascript: bool = True):
        self.context = browser.new_context(**PHONE, java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.page.on("console", self._console)

    def _console(self, msg) -> None:
        # A closed round (410) and an unknown code (404) are pages the child is meant to see.
        expected = "status of 404" in msg.text or "status of 410" in msg.text
        if msg.type == "error" and not expected:
            self.errors.append(msg.text)

    def type_code(self, code: str) -> None:
        self.page.goto(f"{self.base}/stem/")
        field = self.page.get_by_label(nl("The code from the board"))
        field.tap()
        field.fill(code.lower())  # small letters: the page makes capitals of them
        self.page.get_by_role("button", name=nl("Go")).tap()

    def choose(self, sentence: str, face: str) -> None:
        group = self.page.get_by_role("group", name=sentence)
        group.get_by_role("radio", name=nl(face), exact=True).tap()


def test_a_teacher_hears_her_group_through_a_code_and_sees_the_result_from_five_answers(
    page, live_server, demo_school, browser, shoot, console_errors
):
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(f"{live_server.url}/leerlingstem/")
    form = page.get_by_role("form", name=nl("Open a new round"))
    form.get_by_role("textbox", name=nl("Group")).fill("groep 4b")
    form.get_by_role("group", name=nl("Grade (groep 1 to 8)")).get_by_role(
        "radio", name=nl("group %(n)s") % {"n": 4}
    ).tap()
    questions = form.get_by_role("group", name=nl("Questions"))
    expect(questions.get_by_role("checkbox", name=nl("I like reading."))).to_be_checked()
    questions.get_by_role("checkbox", name=nl("I like maths.")).tap()  # not this time
    expect(questions.get_by_role("checkbox", name=nl("I like maths."))).not_to_be_checked()
    form.get_by_label(nl("Shared goal")).select_option(index=1)
    form.get_by_role("button", name=nl("Open the round")).tap()

    board = page.get_by_role("region", name=nl("The code for the children"))
    expect(board).to_contain_text("/stem/")
    code = board.locator(".voice-board__code").inner_text().strip()
    assert len(code) == 6
    shoot("pupil-voice-code-phone")
    assert violations(page) == []
    sentences = [
        nl("I like reading."),
        nl("I dare to say what I find difficult."),
        nl("My teacher helps me when I am stuck."),
        nl("I feel safe in my group."),
    ]

    children = []
    for n in range(5):
        if n == 4:  # the fifth comes after the teacher has looked at four
            expect(page.locator("#voice-count")).to_contain_text("4", timeout=10_000)
            expect(page.get_by_role("region", name=nl("What the children answered"))).to_have_count(
                0
            )
            expect(page.get_by_text("%")).to_have_count(0)
        child = Child(browser, live_server.url, javascript=n != 3)
        children.append(child)
        if n == 0:
            child.page.goto(f"{live_server.url}/stem/")
            child.page.screenshot(
                path=SCREENSHOTS / "pupil-voice-enter-code-phone.png", caret="initial"
            )
        child.type_code(code)
        answer_page = child.page
        expect(answer_page.get_by_role("heading", name=nl("What do you think?"))).to_be_visible()
        if n == 0:
            assert violations(answer_page) == []
            for face in ("Yes", "Sometimes", "No"):
                box = (
                    answer_page.get_by_role("group", name=sentences[0])
                    .get_by_role("radio", name=nl(face), exact=True)
                    .bounding_box()
                )
                assert box["width"] >= 48 and box["height"] >= 48, face
        for sentence in sentences:
            child.choose(sentence, "No" if n == 4 and sentence == sentences[0] else "Yes")
        if n == 1:
            child.choose(sentences[1], "Sometimes")  # changing one's mind is fine
            answer_page.screenshot(
                path=SCREENSHOTS / "pupil-voice-answer-phone.png", full_page=True, caret="initial"
            )
        answer_page.get_by_role("button", name=nl("Send")).tap()
        expect(answer_page.get_by_role("heading", name=nl("Thank you!"))).to_be_visible()

    expect(page.locator("#voice-count")).to_contain_text("5", timeout=10_000)
    expect(page.get_by_text("%")).to_have_count(0)  # open: still no result
    page.get_by_role("button", name=nl("Close the round")).tap()
    result = page.get_by_role("region", name=nl("What the children answered"))
    expect(result).to_be_visible()
    reading = result.locator(".voice-result", has_text=sentences[0])
    expect(reading).to_contain_text("(80%)")  # four of five: yes
    expect(reading).to_contain_text("(20%)")  # one: no
    helps = result.locator(".voice-result", has_text=sentences[2])
    expect(helps).to_contain_text("(100%)")
    shoot("pupil-voice-result-phone")
    assert violations(page) == []
    page.get_by_role("link", name=nl("Pupils' voice")).tap()
    over_time = page.get_by_role("region", name=nl("The groups over time"))
    ours = over_time.get_by_role("region", name="groep 4b")
    expect(ours.get_by_role("figure", name=sentences[0])).to_contain_text("80%")
    shoot("pupil-voice-list-phone")
    assert violations(page) == []

    # A device that answered is told so, also now the round is closed.
    first = children[0]
    first.page.goto(f"{live_server.url}/stem/{code}/")
    expect(first.page.get_by_role("heading", name=nl("You already answered"))).to_be_visible()
    expect(first.page.get_by_role("button", name=nl("Send"))).to_have_count(0)

    # A new device with the closed round's code is refused, without a form.
    late = Child(browser, live_server.url)
    late.page.goto(f"{live_server.url}/stem/")
    assert violations(late.page) == []
    response = late.page.goto(f"{live_server.url}/stem/{code}/")
    assert response.status == 410
    expect(late.page.get_by_role("heading", name=nl("The questions are closed"))).to_be_visible()
    expect(late.page.get_by_role("radio")).to_have_count(0)

    # An unknown code: a friendly page to try again.
    late.type_code("QQQQQQ")
    expect(late.page.get_by_role("heading", name=nl("This code does not work"))).to_be_visible()
    late.page.get_by_role("link", name=nl("Type the code again")).tap()
    expect(late.page.get_by_label(nl("The code from the board"))).to_be_visible()

    for child in [*children, late]:
        assert child.errors == []
        child.context.close()
    assert console_errors == []
