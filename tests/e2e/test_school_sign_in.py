"""Sign-in with the school's own account, end to end in Chromium against a real OpenID
Connect provider on loopback (panva's oidc-provider, see tests/oidc_provider/)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from demo.management.commands.seed_demo import SCHOOL_NAME
from signin.models import IdentityProvider
from teams.models import School, User
from tests.processes import start_oidc_provider
from tests.smtp_sink import free_port

from .conftest import log_out

TENANT = "7c1f5a52-0d2c-4b1e-9a60-3f0b6a1f2e11"
ACCOUNTS = {
    "sanne": {"email": "leerkracht@demo.test", "email_verified": True, "tid": TENANT},
    "vreemde": {"email": "iemand@elders.test", "email_verified": True, "tid": TENANT},
    "onbevestigd": {"email": "leerkracht@demo.test", "email_verified": False, "hd": "demo.test"},
    "andere-tenant": {
        "email": "leerkracht@demo.test",
        "tid": "00000000-0000-0000-0000-000000000000",
    },
    "prive-gmail": {"email": "leerkracht@demo.test", "email_verified": True, "hd": ""},
    "fleur": {"email": "fleur.peters@demo.test", "email_verified": True, "tid": TENANT},
}


@pytest.fixture
def school_providers(live_server, demo_school, settings):
    """The demo school with two ways in: Microsoft (its tenant) and Google Workspace (its
    domain), both served by the loopback provider."""
    settings.PLC_BASE_URL = live_server.url
    school = School.objects.get(name=SCHOOL_NAME)  # not the board's second school
    port = free_port()
    rows = []
    for kind, label, extra in (
        ("microsoft", "Inloggen met Microsoft", {"tenant_id": TENANT}),
        ("google", "Inloggen met Google", {"domain": "demo.test"}),
    ):
        row = IdentityProvider(
            school=school,
            kind=kind,
            label=label,
            client_id="plc-demo",
            server_url=f"http://127.0.0.1:{port}",
            **extra,
        )
        row.set_secret("een-lang-geheim-van-de-school")
        row.save()
        rows.append(row)
    process = start_oidc_provider(
        port,
        client_id="plc-demo",
        client_secret="een-lang-geheim-van-de-school",
        redirect_uris=[
            f"{live_server.url}/accounts/school/{row.provider_id}/login/callback/" for row in rows
        ],
        accounts=ACCOUNTS,
    )
    yield rows
    process.terminate()
    process.wait(timeout=10)


def sign_in_at_provider(page, live_server, button: str, login: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name=button).click()
    # The provider's own (development) login form and consent page.
    expect(page).to_have_url(re.compile(r"/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("wat-dan-ook")
    page.locator("button[type=submit]").click()
    expect(page.locator("button[type=submit]")).to_have_count(1)
    page.locator("button[type=submit]").click()  # consent: "Continue"


def test_a_known_teacher_links_once_and_is_then_in_at_once(page, live_server, school_providers):
    sign_in_at_provider(page, live_server, "Inloggen met Microsoft", "sanne")
    expect(page.get_by_role("heading", name="Kijk in je mail")).to_be_visible()
    message = mail.outbox[-1]
    assert message.to == ["leerkracht@demo.test"]
    link = re.search(r"https?://\S+/inloggen/koppelen/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Koppelen en inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Sanne Bakker")

    log_out(page)
    # Still signed in at the provider (single sign-on): one click, and in, no mail.
    sent = len(mail.outbox)
    page.get_by_role("button", name="Inloggen met Microsoft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Sanne Bakker")
    assert len(mail.outbox) == sent


@pytest.mark.parametrize(
    "button,login,says",
    [
        ("Inloggen met Microsoft", "vreemde", "niet in het personeelsbestand"),
        ("Inloggen met Google", "onbevestigd", "bevestigde je e-mailadres niet"),
        ("Inloggen met Microsoft", "andere-tenant", "niet van je school"),
        ("Inloggen met Google", "prive-gmail", "niet van je school"),
    ],
)
def test_strangers_and_other_organisations_are_refused_with_a_clear_message(
    page, live_server, school_providers, button, login, says
):
    sign_in_at_provider(page, live_server, button, login)
    expect(page.get_by_role("heading", name="Zo kun je niet inloggen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(says)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # not signed in


def test_a_colleague_who_left_can_no_longer_sign_in_through_the_provider(
    page, live_server, school_providers
):
    sign_in_at_provider(page, live_server, "Inloggen met Microsoft", "fleur")
    link = re.search(r"https?://\S+/inloggen/koppelen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Koppelen en inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    log_out(page)
    User.objects.filter(email="fleur.peters@demo.test").update(is_active=False)

    page.get_by_role("button", name="Inloggen met Microsoft").click()  # signed in there still
    expect(page.get_by_role("main")).to_contain_text("niet meer actief")


def test_a_replayed_callback_is_refused(page, live_server, school_providers):
    callbacks = []
    page.on(
        "request",
        lambda request: (
            callbacks.append(request.url) if "/login/callback/" in request.url else None
        ),
    )
    sign_in_at_provider(page, live_server, "Inloggen met Microsoft", "sanne")
    expect(page.get_by_role("heading", name="Kijk in je mail")).to_be_visible()
    assert callbacks
    page.goto(callbacks[0])  # the same code and state, a second time
    expect(page.get_by_role("heading", name="Zo kun je niet inloggen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("twee keer gebruikt")
