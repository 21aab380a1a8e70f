"""axe-core in Chromium: no violations on any page a person can reach from home, nor after
the htmx swaps, on a laptop (1280 px) and a phone (390 px)."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import log_in, log_out

AXE = Axe()
WIDTHS = {"laptop": 1280, "phone": 390}
# Links that are not pages: downloads, feeds, the admin (Django's own), leaving.
NOT_PAGES = re.compile(
    r"/beheer/|/bestanden/|\.(ics|zip|csv|pdf)|/export|/accounts/logout|/agenda/"
)


def violations(page) -> list[str]:
    """What axe-core finds on the page as it stands: rule, and where (a few nodes)."""
    found = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes'][:3]]}" for v in found
    ]


# Pages of one shape (/initiatieven/12/, /initiatieven/13/) share a template: two of each
# (say a running and an ended initiative) find what the rest would, in far less time.
PER_SHAPE = 2


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/)", "/<n>", path)


def crawl(page, base: str, start: str = "/", limit: int = 80) -> dict[str, list[str]]:
    """Every kind of page reachable from `start` through links (PER_SHAPE of each), with
    what axe-core finds on each."""
    seen: dict[str, list[str]] = {}
    shapes: dict[str, int] = {}
    queue = [f"{base}{start}"]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or shapes.get(shape(path), 0) >= PER_SHAPE:
            continue
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        response = page.goto(url)
        if response is None or response.status != 200 or urlsplit(page.url).path != path:
            seen[path] = []
            continue
        seen[path] = violations(page)
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.href.split('#')[0])"
        ):
            parts = urlsplit(href)
            # One page per list: a filter or page number is the same page with other rows.
            wanted = href.startswith(base) and not parts.query and not NOT_PAGES.search(href)
            if wanted and parts.path not in seen:
                queue.append(f"{base}{parts.path}")
    return seen


# email: where the walk starts, and how many pages it must at least reach (not only home).
# Board staff have no school: home sends them to the board's overview, and they reach a
# handful of pages (the overview, the shared cards, the cycles).
PERSONAS = {
    "leerkracht@demo.test": ("/", 20),
    "middenbouw@demo.test": ("/", 20),
    "directeur@demo.test": ("/", 20),
    "kwaliteit@samenleren.test": ("/bestuur/", 5),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("email", PERSONAS)
def test_no_page_has_an_accessibility_violation(page, live_server, demo_school, email, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 844})
    log_in(page, live_server, email)
    start, minimum = PERSONAS[email]
    pages = crawl(page, live_server.url, start)
    found = {path: problems for path, problems in pages.items() if problems}
    assert found == {}
    assert len(pages) >= minimum


def settled(page) -> None:
    """Wait until htmx has swapped and settled (no request in flight)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_violation_after_the_htmx_swaps(page, live_server, demo_school, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 844})
    page.on("dialog", lambda dialog: dialog.accept())
    after: dict[str, list[str]] = {}

    def check(step: str) -> None:
        settled(page)
        after[step] = violations(page)

    log_in(page, live_server, "leerkracht@demo.test")
    if width == "phone":
        page.get_by_role("button", name="Menu").click()
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
        check("the phone's menu, open")
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Initiatieven"
        ).click()
    else:
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Initiatieven"
        ).click()
    page.get_by_role("link", name="Zelf kiezen in de klassenbieb").first.click()

    entry_form = page.locator("#entry-form")
    entry_form.get_by_role("button", name="Toevoegen").click()
    expect(entry_form.locator(".errorlist").first).to_be_visible()
    check("an empty entry, refused")
    entry_form = page.locator("#entry-form")
    entry_form.get_by_role("radio", name="Meting").check()
    entry_form.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#entry-form")).to_contain_text("Zeg wat je meet.")
    check("a measurement without numbers, refused")
    entry_form = page.locator("#entry-form")
    entry_form.get_by_role("radio", name="Observatie").check()
    entry_form.get_by_label("Wat er gebeurde, wat je zag of besloot").fill(
        "Vier kinderen kozen een strip."
    )
    entry_form.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#current-entries")).to_contain_text("Vier kinderen kozen een strip.")
    check("an entry added")
    page.locator("#current-entries li", has_text="Vier kinderen").get_by_role(
        "button", name=re.compile("^Verwijderen")
    ).click()
    expect(page.locator("#current-entries")).not_to_contain_text("Vier kinderen")
    check("an entry removed")

    comments = page.locator("#comments-panel")
    comments.get_by_role("button", name="Reageren").click()
    expect(page.locator("#comments-panel")).to_contain_text("Schrijf je reactie.")
    check("an empty comment, refused")
    page.locator("#comments-panel").get_by_label("Je reactie").fill("Mooi idee!")
    page.locator("#comments-panel").get_by_role("button", name="Reageren").click()
    expect(page.locator("#comments-panel")).to_contain_text("Mooi idee!")
    check("a comment added")

    page.get_by_role("button", name="Verplaatsen").click()
    expect(page.locator("#cycle-panel")).to_contain_text("Schrijf in een zin op")
    check("a move without what was learned, refused")

    page.get_by_label("Een collega uitnodigen").select_option(index=1)
    page.get_by_role("button", name="Uitnodigen").click()
    expect(page.locator("#members-panel")).to_contain_text("Uitgenodigd: Anouk de Boer")
    check("a colleague invited")

    page.goto(f"{live_server.url}/initiatieven/bibliotheek/")
    page.get_by_label("Zoeken").fill("lezen")
    page.get_by_label("Zoeken").press("Enter")
    expect(page).to_have_url(re.compile("zoek=lezen"))
    check("the library searched")

    log_out(page)
    log_in(page, live_server, "middenbouw@demo.test")
    page.goto(f"{live_server.url}/initiatieven/bespreken/")
    page.get_by_role("link", name="Tweetallen bij begrijpend lezen").click()
    page.get_by_role("button", name="Feedback geven").click()
    expect(page.locator("#cycle-panel")).to_contain_text("Schrijf je feedback.")
    check("empty feedback, refused")

    log_out(page)
    log_in(page, live_server, "directeur@demo.test")
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_label("Team", exact=True).select_option(label="Middenbouw")
    expect(page).to_have_url(re.compile(r"team=\d+"))
    check("the dashboard filtered")
    page.goto(f"{live_server.url}/initiatieven/hulpvragen/")
    page.get_by_role("button", name="Antwoord versturen").first.click()
    check("an empty answer to a support request, refused")
    assert all(not problems for problems in after.values()), {
        step: problems for step, problems in after.items() if problems
    }
