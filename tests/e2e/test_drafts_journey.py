"""Typed text survives a session that ran out: the teacher writes a long reflection, her
session ends before she saves, she logs in again and her text is back in the form. After
logging out nothing stays behind for the next colleague at that computer."""

from playwright.sync_api import expect

from .conftest import log_in, log_out

LONG = (
    "Vandaag liet ik de kinderen zelf kiezen welk boek ze lazen. Eerst was het onrustig, "
    "daarna werd het stil op een manier die ik nog niet kende. " * 20
)


def session_ends(page) -> None:
    """What an idle timeout or a restart of the server does to this browser's session."""
    page.context.clear_cookies(name="sessionid")


def test_a_reflection_typed_before_the_session_ended_is_back_after_logging_in(
    page, live_server, demo_school, shoot, console_errors
):
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(f"{live_server.url}/reflecties/nieuw/")
    page.get_by_label("Titel").fill("Zelf kiezen")
    page.get_by_label("Waar ben ik trots op?").fill(LONG)
    session_ends(page)
    page.get_by_role("button", name="Opslaan").click()

    # To the login page, with the way back to the form.
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    assert "next=/reflecties/nieuw/" in page.url
    page.get_by_label("E-mailadres").fill("leerkracht@demo.test")
    page.get_by_label("Wachtwoord", exact=True).fill("demo")
    page.get_by_role("button", name="Inloggen").click()

    expect(page).to_have_url(f"{live_server.url}/reflecties/nieuw/")
    expect(page.get_by_text("We hebben teruggezet wat je hier eerder typte")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Zelf kiezen")
    expect(page.get_by_label("Waar ben ik trots op?")).to_have_value(LONG)
    shoot("80-draft-restored-after-login")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelf kiezen")

    # Saved: the form opens empty again.
    page.goto(f"{live_server.url}/reflecties/nieuw/")
    expect(page.get_by_label("Titel")).to_have_value("")
    assert console_errors == []


def test_after_logging_out_no_draft_is_left_for_the_next_colleague(page, live_server, demo_school):
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(f"{live_server.url}/reflecties/nieuw/")
    page.get_by_label("Waar ben ik trots op?").fill("Iets persoonlijks")
    page.wait_for_timeout(500)  # the draft is written a moment after typing stops
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('plg-draft:'))")
    log_out(page)
    assert not page.evaluate("Object.keys(localStorage).some(k => k.startsWith('plg-draft:'))")


def drafts(page) -> list:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('plg-draft:'))")


def test_an_agreement_added_at_once_leaves_no_draft_to_add_again(page, live_server, demo_school):
    log_in(page, live_server, "middenbouw@demo.test")  # the middenbouw's lead
    page.get_by_role("link", name="Teams", exact=True).click()
    page.get_by_role("link", name="Middenbouw").first.click()
    page.get_by_label("Nieuwe afspraak").fill("We lezen elke ochtend een kwartier.")
    page.get_by_role("button", name="Afspraak toevoegen").click()  # straight away
    expect(page.get_by_text("We lezen elke ochtend een kwartier.", exact=True)).to_be_visible()
    page.wait_for_timeout(600)  # longer than a draft waits before it is written
    assert drafts(page) == []
    page.reload()
    expect(page.get_by_label("Nieuwe afspraak")).to_have_value("")


def test_a_draft_of_an_old_version_is_told_as_a_conflict_not_saved_over_the_new(
    page, live_server, demo_school
):
    from reflections.models import Reflection

    log_in(page, live_server, "leerkracht@demo.test")
    mine = Reflection.objects.get(title="Een lastige rekenles")
    page.goto(f"{live_server.url}/reflecties/{mine.pk}/bewerken/")
    page.get_by_label("Waar ben ik trots op?").fill("Wat ik op de laptop typte")
    page.wait_for_timeout(600)
    # Meanwhile she saves the reflection from her phone.
    Reflection.objects.filter(pk=mine.pk).update(proud_of="Wat ik op de telefoon schreef")
    Reflection.objects.filter(pk=mine.pk).update(version=mine.version + 1)

    page.goto(f"{live_server.url}/reflecties/{mine.pk}/bewerken/")
    expect(page.get_by_label("Waar ben ik trots op?")).to_have_value("Wat ik op de laptop typte")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="De versie die intussen is opgeslagen")).to_be_visible()
    expect(page.get_by_text("Wat ik op de telefoon schreef")).to_be_visible()
    mine.refresh_from_db()
    assert mine.proud_of == "Wat ik op de telefoon schreef"


def test_a_draft_waits_when_logging_in_again_leads_elsewhere(page, live_server, demo_school):
    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(f"{live_server.url}/reflecties/nieuw/")
    page.get_by_label("Titel").fill("Na de pauze")
    page.get_by_label("Waar ben ik trots op?").fill("Iets wat ik niet kwijt wil")
    session_ends(page)
    page.get_by_role("button", name="Opslaan").click()
    # She does not use the way back: she logs in from the start page of the login.
    log_in(page, live_server, "leerkracht@demo.test")
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/reflecties/nieuw/")
    expect(page.get_by_label("Waar ben ik trots op?")).to_have_value("Iets wat ik niet kwijt wil")
