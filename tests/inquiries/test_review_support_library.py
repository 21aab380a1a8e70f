"""Team lead review and feedback, support requests, files, and the learning library."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inquiries.models import Entry, LearningCard, PhaseFeedback, SupportRequest
from inquiries.search import dutch_stems
from inquiries.services import add_entry, change_state
from tests.factories import start_test_initiative
from tests.helpers import HTMX, assert_fragment, text


@pytest.fixture
def initiative(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    initiative.refresh_from_db()
    return initiative


def url(name, obj):
    return reverse(f"inquiries:{name}", args=[obj.pk])


# --- review and feedback ---------------------------------------------------------------------


def test_the_lead_sees_what_changed_since_they_last_looked(world, client_for, initiative):
    client = client_for(world.lead)
    client.get(url("initiative_detail", initiative))  # the lead looks
    add_entry(
        initiative=initiative,
        author=world.teacher,
        entry=Entry(kind="note", text="Nieuw"),
        submission_key="n1",
    )
    body = text(client.get(reverse("inquiries:review_list")))
    assert initiative.title in body
    assert "1 bijdrage, 0 reacties, 0 fasewisselingen" in body


def test_the_review_list_flags_an_overdue_phase(world, client_for, initiative):
    initiative.__class__.objects.filter(pk=initiative.pk).update(
        phase_due_on=datetime.date(2020, 1, 6)
    )
    body = text(client_for(world.lead).get(reverse("inquiries:review_list")))
    assert "te laat sinds 6 januari" in body


def test_the_review_list_is_for_leads_of_the_team_and_the_leader(world, client_for, initiative):
    assert client_for(world.teacher).get(reverse("inquiries:review_list")).status_code == 403
    assert initiative.title in text(client_for(world.leader).get(reverse("inquiries:review_list")))
    other = text(client_for(world.other_lead).get(reverse("inquiries:review_list")))
    assert initiative.title not in other  # another team's lead


def test_a_team_lead_finds_the_team_overview_in_the_menu_and_on_the_review_list(world, client_for):
    overview = reverse("dashboard:team_overview", args=[world.team.pk])
    client = client_for(world.lead)
    assert f'href="{overview}"' in text(client.get(reverse("home")))  # the menu
    assert f'href="{overview}"' in text(client.get(reverse("inquiries:review_list")))
    assert client.get(overview).status_code == 200
    assert "dashboard/team/" not in text(client_for(world.teacher).get(reverse("home")))


def test_review_list_queries_do_not_grow_with_initiatives(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.lead)
    for i in range(2):
        start_test_initiative(starter=world.teacher, team=world.team, title=f"I{i}")
    with django_assert_num_queries(4):
        assert client.get(reverse("inquiries:review_list")).status_code == 200
    for i in range(28):
        start_test_initiative(starter=world.colleague, team=world.team, title=f"J{i}")
    with django_assert_num_queries(4):
        assert client.get(reverse("inquiries:review_list")).status_code == 200


def test_the_lead_leaves_feedback_on_the_phase_which_blocks_nothing(world, client_for, initiative):
    response = client_for(world.lead).post(
        url("feedback", initiative),
        {"feedback-text": "Wat zeggen de kinderen zelf?", "feedback-submission_key": "f1"},
        **HTMX,
    )
    assert_fragment(response, "cycle-panel")
    assert "Wat zeggen de kinderen zelf?" in text(response)
    feedback = PhaseFeedback.objects.get()
    assert feedback.phase == initiative.current_phase
    # The members can still move on: feedback is advice.
    response = client_for(world.teacher).post(
        url("move", initiative),
        {
            "move-to_phase": initiative.phase_moves()[0].pk,
            "move-learned": "Goed gesprek",
            "move-seen_phase": initiative.current_phase_id,
        },
        **HTMX,
    )
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["teacher", "colleague", "other_lead"])
def test_only_the_teams_lead_and_the_leader_give_phase_feedback(
    world, client_for, initiative, persona
):
    response = client_for(getattr(world, persona)).post(
        url("feedback", initiative), {"feedback-text": "x", "feedback-submission_key": "f"}
    )
    assert response.status_code == 403


# --- support requests ------------------------------------------------------------------------


def ask(client, initiative, **changes):
    data = {
        "support-kind": "time",
        "support-what": "Een middag om bij elkaar in de klas te kijken.",
        "support-needed_by": "2027-02-01",
        "support-submission_key": "s1",
    }
    return client.post(url("new_support_request", initiative), {**data, **changes}, **HTMX)


def test_members_ask_for_support_and_see_the_leaders_answer(world, client_for, initiative):
    response = ask(client_for(world.teacher), initiative)
    assert_fragment(response, "support-panel")
    support = SupportRequest.objects.get()
    assert support.status == "open"
    leader = client_for(world.leader)
    page = text(leader.get(reverse("inquiries:support_list")))
    assert "Een middag om bij elkaar in de klas te kijken." in page
    response = leader.post(
        url("answer_support", support),
        {f"answer-{support.pk}-status": "planned", f"answer-{support.pk}-answer": "Op 3 februari."},
        **HTMX,
    )
    assert_fragment(response, f"support-{support.pk}")
    support.refresh_from_db()
    assert (support.status, support.answer, support.answered_by) == (
        "planned",
        "Op 3 februari.",
        world.leader,
    )
    member_view = text(client_for(world.teacher).get(url("initiative_detail", initiative)))
    assert "Op 3 februari." in member_view


def test_not_possible_needs_a_reason(world, client_for, initiative):
    ask(client_for(world.teacher), initiative)
    support = SupportRequest.objects.get()
    response = client_for(world.leader).post(
        url("answer_support", support), {f"answer-{support.pk}-status": "not_possible"}, **HTMX
    )
    assert response.status_code == 422
    assert "Zeg waarom het niet kan." in text(response)
    support.refresh_from_db()
    assert support.status == "open"


def test_only_the_leader_answers_and_only_members_ask(world, client_for, initiative):
    assert ask(client_for(world.colleague), initiative).status_code == 403
    ask(client_for(world.teacher), initiative)
    support = SupportRequest.objects.get()
    for persona in ["teacher", "lead", "admin"]:
        client = client_for(getattr(world, persona))
        assert client.get(reverse("inquiries:support_list")).status_code == 403
        response = client.post(
            url("answer_support", support), {f"answer-{support.pk}-status": "given"}
        )
        assert response.status_code == 403
    response = client_for(world.outsider).post(
        url("answer_support", support), {f"answer-{support.pk}-status": "given"}
    )
    assert response.status_code == 404


def test_a_double_submitted_support_request_is_saved_once(world, client_for, initiative):
    client = client_for(world.teacher)
    ask(client, initiative)
    ask(client, initiative)
    assert SupportRequest.objects.count() == 1


def test_an_empty_support_request_keeps_the_date_and_says_what_is_missing(
    world, client_for, initiative
):
    response = ask(client_for(world.teacher), initiative, **{"support-what": ""})
    assert response.status_code == 422
    assert "Zeg wat je nodig hebt." in text(response)
    assert 'value="2027-02-01"' in text(response)


# --- files -----------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n% een verslag\n"


def upload(client, initiative, name, content, key="u1"):
    return client.post(
        url("new_entry", initiative),
        {
            "entry-kind": "file",
            "entry-file": SimpleUploadedFile(name, content),
            "entry-submission_key": key,
        },
        **HTMX,
    )


def test_a_file_is_added_and_served_only_inside_the_school(
    world, client_for, initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = upload(client_for(world.teacher), initiative, "verslag.pdf", PDF)
    assert response.status_code == 200
    entry = Entry.objects.get()
    assert entry.file_name == "verslag.pdf"
    assert "verslag.pdf" not in entry.file.name  # stored under an unguessable name
    download = client_for(world.colleague).get(url("entry_file", entry))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert client_for(world.outsider).get(url("entry_file", entry)).status_code == 404


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", b"MZ\x90\x00", "Dit type bestand kan niet worden toegevoegd"),
        ("nep.pdf", b"<html>", "De inhoud van het bestand past niet bij de naam."),
        ("groot.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "groter dan 10 MB"),
    ],
)
def test_files_have_type_and_size_limits_with_a_clear_message(
    world, client_for, initiative, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    response = upload(client_for(world.teacher), initiative, name, content)
    assert response.status_code == 422
    assert message in text(response)
    assert not Entry.objects.exists()


# --- the learning library --------------------------------------------------------------------


def complete_with_card(world, title, learned, question="Wat werkt voor onze groep?", **card):
    initiative = start_test_initiative(
        starter=world.teacher, team=world.team, title=title, question=question, why="Omdat."
    )
    change_state(
        initiative=initiative,
        user=world.teacher,
        action="stop",
        card=LearningCard(learned=learned, **card),
    )
    return initiative


def test_dutch_search_words_are_widened_to_their_stems():
    assert "lees" in dutch_stems("lezen")
    assert "speel" in dutch_stems("spelen")
    assert "schrijf" in dutch_stems("schrijven")
    assert "les" not in dutch_stems("lezen")  # too short to be useful


def test_searching_lezen_finds_leesmotivatie(world, client_for):
    complete_with_card(world, "Leesmotivatie in groep 4", "Kiezen helpt.")
    complete_with_card(world, "Rekenen met blokjes", "Materiaal helpt.")
    body = text(client_for(world.colleague).get(reverse("inquiries:library"), {"zoek": "lezen"}))
    assert "Leesmotivatie in groep 4" in body
    assert "Rekenen met blokjes" not in body


def test_library_search_answers_htmx_with_the_results_only(world, client_for):
    complete_with_card(world, "Leesmotivatie", "Kiezen helpt.", advice="Begin klein.")
    response = client_for(world.colleague).get(
        reverse("inquiries:library"), {"zoek": "kiezen"}, **HTMX
    )
    assert_fragment(response, "library-results")
    assert "Begin klein." in text(response)


def test_library_filters_by_team_and_never_shows_another_school(world, client_for):
    complete_with_card(world, "Van de middenbouw", "A")
    other = start_test_initiative(
        starter=world.other_lead, team=world.other_team, title="Van de bovenbouw"
    )
    change_state(
        initiative=other, user=world.other_lead, action="stop", card=LearningCard(learned="B")
    )
    outsider_card = start_test_initiative(
        starter=world.outsider, team=world.other_school_team, title="Van de andere school"
    )
    change_state(
        initiative=outsider_card,
        user=world.outsider,
        action="stop",
        card=LearningCard(learned="C"),
    )
    client = client_for(world.colleague)
    everything = text(client.get(reverse("inquiries:library")))
    assert "Van de middenbouw" in everything and "Van de bovenbouw" in everything
    assert "Van de andere school" not in everything
    filtered = text(client.get(reverse("inquiries:library"), {"team": world.team.pk}))
    assert "Van de middenbouw" in filtered and "Van de bovenbouw" not in filtered


def test_a_library_filter_on_another_schools_team_or_a_made_up_value_is_refused(world, client_for):
    complete_with_card(world, "Van de middenbouw", "A")
    client = client_for(world.colleague)
    for value in (world.other_school_team.pk, "abc", 10**9):
        response = client.get(reverse("inquiries:library"), {"team": value})
        body = text(response)
        assert response.status_code == 200
        # Refused as the team list would refuse it, and no filter applied with it.
        assert "Selecteer een geldige keuze" in body
        assert "Van de middenbouw" in body
        team_choices = response.text.split('name="team"')[1].split("</select>")[0]
        assert f'value="{world.other_school_team.pk}"' not in team_choices
        assert f'value="{world.team.pk}"' in team_choices
    chosen = text(client.get(reverse("inquiries:library"), {"team": world.team.pk}))
    assert "Selecteer een geldige keuze" not in chosen and "Van de middenbouw" in chosen


def test_a_card_of_two_teams_and_two_goals_is_found_once(world, client_for):
    from tests.factories import SharedGoalFactory

    initiative = complete_with_card(world, "Samen met de bovenbouw", "A")
    goals = [SharedGoalFactory(school=world.school, title=t) for t in ("Lezen", "Rekenen")]
    initiative.teams.add(world.other_team)
    initiative.goals.add(*goals)
    client = client_for(world.colleague)
    for filters in ({"team": world.team.pk}, {"doel": goals[0].pk, "team": world.other_team.pk}):
        body = text(client.get(reverse("inquiries:library"), filters))
        assert body.count("Samen met de bovenbouw") == 1
        assert "1 leerkaart" in body


def test_library_queries_do_not_grow_with_cards(world, client_for, django_assert_num_queries):
    client = client_for(world.colleague)
    for sizes in (range(2), range(2, 30)):
        for i in sizes:
            complete_with_card(world, f"Kaart {i}", "Geleerd")
        with django_assert_num_queries(8):
            assert client.get(reverse("inquiries:library")).status_code == 200


def test_joining_after_the_end_is_refused(world, client_for):
    initiative = complete_with_card(world, "Klaar", "Geleerd")
    client_for(world.colleague).post(url("join", initiative))
    assert not initiative.memberships.filter(user=world.colleague).exists()


def test_on_postgresql_the_library_uses_full_text_search(world, client_for):
    if connection.vendor != "postgresql":
        pytest.skip("Full-text search runs on PostgreSQL; this run uses SQLite's fallback.")
    initiative = complete_with_card(world, "Leesmotivatie", "Kiezen helpt.")
    client = client_for(world.colleague)

    def found(q):
        with CaptureQueriesContext(connection) as captured:
            body = text(client.get(reverse("inquiries:library"), {"zoek": q}))
        # The stored, indexed vectors are searched, not vectors built per row.
        assert any("search_dutch" in c["sql"] for c in captured)
        assert not any("to_tsvector" in c["sql"] for c in captured)
        return 'class="card learning-card"' in body

    assert found("lezen") and found("kiezen")
    assert not found("rekenles")
    # Editing the initiative's words (or the card) keeps the library current.
    initiative.title = "Rekenlessen buiten"
    initiative.save()
    assert found("rekenles") and not found("leesmotivatie")


def test_the_library_shows_twenty_cards_a_page_and_keeps_the_filters(world, client_for):
    for i in range(23):
        complete_with_card(world, f"Kaart {i:02d}", "Geleerd")
    client = client_for(world.colleague)
    first = text(client.get(reverse("inquiries:library"), {"team": world.team.pk}))
    assert "23 leerkaarten" in first
    assert first.count('class="card learning-card"') == 20
    assert f"team={world.team.pk}&amp;pagina=2" in first
    second = client.get(reverse("inquiries:library"), {"team": world.team.pk, "pagina": 2}, **HTMX)
    assert_fragment(second, "library-results")
    assert text(second).count('class="card learning-card"') == 3
