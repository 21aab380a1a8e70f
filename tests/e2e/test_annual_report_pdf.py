"""The annual report prints: Chromium's print to PDF gives a few A4 pages for the demo school."""

import re

from playwright.sync_api import expect

from .conftest import SCREENSHOTS, log_in


def test_the_leader_prints_the_annual_report_to_a_few_a4_pages(page, live_server, demo_school):
    log_in(page, live_server, "directeur@demo.test")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name="Jaarverslag").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wat we leerden in")
    expect(page.get_by_role("heading", name="Kinderen geven elkaar feedback")).to_be_visible()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=SCREENSHOTS / "jaarverslag.pdf", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert 1 <= len(pages) <= 6, len(pages)
    # A4 (595 x 842 points) from the report's own @page rule, whatever the default paper.
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(
        abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes
    ), boxes

    # On paper: no menu, no filter form; the story and the measurements are there.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("form", name="Welk schooljaar")).to_be_hidden()
    expect(page.get_by_text("Gemeten bij de kinderen: voor en na").first).to_be_visible()
