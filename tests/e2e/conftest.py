from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

# Not under test-results/: pytest-playwright empties that folder at every run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def demo_school(transactional_db):
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def shoot(page):
    """Save a screenshot to test-results/screenshots/<name>.png for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = True) -> None:
        # caret="initial": hiding the caret injects a <style>, which our CSP rightly blocks.
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page, caret="initial")

    return take


@pytest.fixture
def console_errors(page):
    """Errors in the browser console, such as a Content-Security-Policy violation."""
    errors: list[str] = []

    def on_console(msg) -> None:
        # 409 and 422 are the answers to a conflict or invalid form: shown to the user.
        expected = "status of 422" in msg.text or "status of 409" in msg.text
        if msg.type == "error" and not expected:
            errors.append(f"{page.url}: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def log_in(page, live_server, email: str, password: str = "demo") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page) -> None:
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # on a phone, "Uitloggen" is in the menu
        menu.click()
    page.get_by_role("button", name="Uitloggen").or_(
        page.get_by_role("button", name="Log out")
    ).click()
