"""A shared staff-room computer: after logging out, the back button shows nothing private."""

import pytest
from playwright.sync_api import expect

from .conftest import log_in, log_out

# From the demo's private reflection "Een lastige rekenles" (demo/reflections.py).
PRIVATE = "Ik merkte dat ik te veel voorzei"


@pytest.fixture(scope="module")
def browser(browser_type, browser_type_launch_args):
    """A Chromium of this module's own with the back/forward cache on, as people's browsers
    have it (Playwright turns it off), since that cache is what a back button shows first."""
    browser = browser_type.launch(
        **browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"]
    )
    yield browser
    browser.close()


def test_after_logging_out_the_back_button_does_not_show_a_private_reflection(
    page, live_server, demo_school, shoot, console_errors
):
    log_in(page, live_server, "leerkracht@demo.test")
    page.get_by_role("link", name="Reflecties", exact=True).click()
    page.get_by_role("link", name="Een lastige rekenles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een lastige rekenles")
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    reflection = page.url
    log_out(page)
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()

    # The next colleague at this computer presses back. ("commit": a page restored from the
    # back/forward cache fires no load event.)
    page.go_back(wait_until="commit")
    login = page.get_by_role("button", name="Inloggen")
    private = page.get_by_text(PRIVATE)
    expect(login.or_(private)).to_be_visible()
    shoot("60-back-after-logout")
    expect(private).to_have_count(0)
    expect(login).to_be_visible()
    assert PRIVATE not in page.content()
    # Not a copy from a cache: a fresh request, which the server sent to the login page.
    assert page.url.endswith(f"/accounts/login/?next={reflection.removeprefix(live_server.url)}")
    assert console_errors == []
