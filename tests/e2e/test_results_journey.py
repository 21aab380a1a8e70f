"""The children's results in Chromium: the admin imports two test moments from the
pupil-tracking system's export (a row per pupil, names and all), the leader sees where the
reading goal stands on the dashboard, a teacher sees it on an initiative serving the goal."""

import re

from playwright.sync_api import expect

from results.models import GroupResult

from .conftest import log_in, log_out

# Groups 3-5 are the goal's indicator (begrijpend lezen, groups 3-5): 12 of 20 pupils at
# level I-III in the middle of 2024-2025 (60%), 18 of 20 at the end of 2025-2026 (90%).
NAMES = ["Daan", "Sara", "Milan", "Noor", "Finn", "Julia", "Levi", "Emma", "Sem", "Tess"]


def export(good: int) -> bytes:
    rows = ["Naam;Leerlingnummer;Groep;Niveau"]
    for group in ("4a", "5a"):
        for i, name in enumerate(NAMES):
            level = "II" if i < good else "IV"
            rows.append(f"{name} {group};{group}{1000 + i};Groep {group};{level}")
    return "\n".join(rows).encode()


def import_moment(page, live_server, good: int, year: str, moment: str) -> None:
    page.goto(f"{live_server.url}/resultaten/importeren/")
    page.get_by_label("Exportbestand (CSV of Excel)").set_input_files(
        {"name": "export.csv", "mimeType": "text/csv", "buffer": export(good)}
    )
    page.get_by_label("Vak").select_option("begrijpend_lezen")
    page.get_by_label("Schooljaar").select_option(label=year)
    page.get_by_role("radio", name=moment).check()
    page.get_by_role("radio", name="niveaus I tot en met V").check()
    page.get_by_role("button", name="Bestand controleren").click()
    preview = page.get_by_role("region", name="Wat er bewaard wordt")
    expect(preview).to_contain_text("Groep 4a")
    expect(preview).not_to_contain_text("Daan")  # the preview shows counts, never a child
    page.get_by_role("button", name="Deze resultaten bewaren").click()
    expect(page.locator("#messages")).to_contain_text("De resultaten zijn bewaard")


def test_imported_results_show_where_a_goal_stands_for_the_leader_and_a_teacher(
    page, live_server, demo_school, shoot
):
    log_in(page, live_server, "directeur@demo.test")  # the demo's leader is also its admin
    import_moment(page, live_server, 6, "2024-2025", "Midden van het jaar")
    import_moment(page, live_server, 9, "2025-2026", "Eind van het jaar")
    stored = GroupResult.objects.filter(test_moment__subject="begrijpend_lezen")
    assert not any("Daan" in str(r.group) + str(r.distribution) for r in stored)

    page.goto(f"{live_server.url}/dashboard/")
    learning = page.get_by_role("region", name="Het leren van de kinderen")
    goal = learning.locator(".goal-standing", has_text="Begrijpend lezen met meer gesprek")
    expect(goal).to_contain_text("Nu")
    expect(goal).to_contain_text("90%")
    table = goal.get_by_role("table")
    expect(
        table.get_by_role("row", name=re.compile("Midden van het jaar 2024-2025"))
    ).to_contain_text("60%")
    expect(goal).to_contain_text("Streefwaarde bereikt.")
    goal.scroll_into_view_if_needed()
    shoot("results-goal-on-dashboard")
    log_out(page)

    log_in(page, live_server, "leerkracht@demo.test")
    page.goto(f"{live_server.url}/initiatieven/")
    page.get_by_role("link", name="Tweetallen bij begrijpend lezen").first.click()
    panel = page.get_by_role("region", name=re.compile("Heeft het geholpen"))
    # Started now: "before" is the latest moment, the end of 2025-2026; nothing after yet.
    expect(panel).to_contain_text("90%")
    expect(panel).to_contain_text("eind van het jaar 2025-2026")
    expect(panel).to_contain_text("nog geen resultaten")
    panel.scroll_into_view_if_needed()
    shoot("results-goal-on-initiative")
