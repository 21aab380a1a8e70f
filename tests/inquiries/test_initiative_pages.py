"""Initiative pages: who sees and does what, htmx fragments and plain posts, bad input."""

import re
from contextlib import nullcontext

import pytest
from django.urls import reverse

from inquiries.models import (
    Comment,
    Entry,
    Initiative,
    InitiativeMember,
    Invitation,
    PhaseMove,
    SupportRequest,
)
from inquiries.services import change_state, join_initiative
from tests.factories import start_test_initiative
from tests.helpers import HTMX, assert_fragment, text, unchanged

# Everything a post to an initiative could add or change.
INITIATIVE_TABLES = (
    Initiative,
    InitiativeMember,
    Invitation,
    Entry,
    PhaseMove,
    Comment,
    SupportRequest,
)


@pytest.fixture
def initiative(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    initiative.refresh_from_db()
    return initiative


def url(name, initiative):
    return reverse(f"inquiries:{name}", args=[initiative.pk])


def entry_data(**changes):
    data = {
        "entry-kind": "observation",
        "entry-text": "Zes kinderen kozen zelf een boek uit de klassenbieb.",
        "entry-submission_key": "k1",
    }
    return {**data, **changes}


def test_a_teacher_starts_an_initiative_without_approval(world, client_for):
    from inquiries.models import CycleTemplate

    response = client_for(world.colleague).post(
        reverse("inquiries:new_initiative"),
        {
            "title": "Samen lezen",
            "question": "Hoe kunnen wij duo-lezen inzetten?",
            "why": "Kinderen lezen meer met een maatje.",
            "children": "groep 3, 24 leerlingen",
            "teams": [world.team.pk],
            "template": CycleTemplate.objects.get(builtin_key="pdca").pk,
        },
    )
    initiative = Initiative.objects.get(title="Samen lezen")
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.state == "idea"
    assert initiative.school == world.school


def test_an_incomplete_initiative_keeps_what_was_typed(world, client_for):
    response = client_for(world.colleague).post(
        reverse("inquiries:new_initiative"),
        {"title": "Samen lezen", "question": "", "why": "Omdat lezen belangrijk is."},
    )
    assert response.status_code == 422
    body = text(response)
    assert 'value="Samen lezen"' in body
    assert "Omdat lezen belangrijk is." in body
    assert "Schrijf de vraag over je eigen praktijk op." in body
    assert not Initiative.objects.exists()


def test_an_over_long_question_is_refused(world, client_for):
    response = client_for(world.colleague).post(
        reverse("inquiries:new_initiative"), {"title": "x", "question": "?" * 1001}
    )
    assert response.status_code == 422
    assert "1000" in text(response)


def test_everyone_in_the_school_reads_an_initiative_and_another_school_gets_404(
    world, client_for, initiative
):
    for persona in ["teacher", "colleague", "lead", "other_lead", "leader", "admin"]:
        assert (
            client_for(getattr(world, persona))
            .get(url("initiative_detail", initiative))
            .status_code
            == 200
        )
    outsider = client_for(world.outsider)
    for name in ["initiative_detail"]:
        assert outsider.get(url(name, initiative)).status_code == 404
    for name in ["join", "leave", "invite", "new_entry", "move", "comment", "pause", "stop"]:
        with unchanged(*INITIATIVE_TABLES):
            assert outsider.post(url(name, initiative)).status_code == 404, name


@pytest.mark.parametrize(
    "persona,is_member",
    [("teacher", True), ("colleague", False), ("lead", False), ("leader", False)],
)
def test_only_members_add_entries_move_phases_and_change_the_state(
    world, client_for, initiative, persona, is_member
):
    client = client_for(getattr(world, persona))
    with nullcontext() if is_member else unchanged(*INITIATIVE_TABLES):
        checks = [
            client.post(url("new_entry", initiative), entry_data(), **HTMX),
            client.post(
                url("move", initiative),
                {
                    "move-to_phase": initiative.phase_moves()[0].pk,
                    "move-learned": "Geleerd",
                    "move-seen_phase": initiative.current_phase_id,
                },
                **HTMX,
            ),
            client.post(url("pause", initiative)),
        ]
    for response in checks:
        assert (response.status_code != 403) is is_member, response.status_code


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("teacher", True),  # member
        ("lead", True),  # lead of the initiative's team
        ("leader", True),
        ("colleague", False),  # not involved (yet)
        ("other_lead", False),  # lead of another team
    ],
)
def test_everyone_involved_can_comment(world, client_for, initiative, persona, allowed):
    with nullcontext() if allowed else unchanged(*INITIATIVE_TABLES):
        response = client_for(getattr(world, persona)).post(
            url("comment", initiative),
            {"comment-text": "Mooi idee!", "comment-submission_key": persona},
            **HTMX,
        )
    assert (response.status_code == 200) is allowed
    assert Comment.objects.filter(initiative=initiative).exists() is allowed


def test_an_observation_is_added_in_place(world, client_for, initiative):
    response = client_for(world.teacher).post(url("new_entry", initiative), entry_data(), **HTMX)
    assert response.status_code == 200
    # A fresh form, and the new entry appended to the phase's list out of band.
    assert_fragment(response, "entry-form")
    appended = text(response).split('hx-swap-oob="beforeend:#current-entries"')[1]
    assert "Zes kinderen kozen zelf een boek" in appended
    assert (
        'name="entry-text"' in text(response)
        and "Zes kinderen" not in text(response).split("</form>")[0]
    )
    entry = Entry.objects.get()
    assert entry.phase == initiative.current_phase
    assert entry.author == world.teacher


def test_the_answer_to_an_added_entry_does_not_grow_with_the_phase(
    world, client_for, django_assert_num_queries, initiative
):
    client = client_for(world.teacher)

    def add(key):
        data = entry_data(**{"entry-submission_key": key})
        return client.post(url("new_entry", initiative), data, **HTMX)

    # 13 with the 4 SAVEPOINT statements of the test's transaction around the two atomic blocks.
    with django_assert_num_queries(12):
        first = add("k0")
    for i in range(1, 30):
        add(f"k{i}")
    with django_assert_num_queries(12):
        last = add("k30")

    def shape(content: bytes) -> int:
        """The size but for the new entry's own id in its links."""
        return len(re.sub(rb"(/bijdragen/|entry-)\d+", rb"\1N", content))

    assert shape(last.content) == shape(first.content)  # same with 1 entry and with 31


def test_a_double_submitted_entry_is_appended_once(world, client_for, initiative):
    client = client_for(world.teacher)
    first = client.post(url("new_entry", initiative), entry_data(), **HTMX)
    again = client.post(url("new_entry", initiative), entry_data(), **HTMX)
    assert "hx-swap-oob" in text(first) and "current-entries" not in text(again)


def test_an_entry_for_an_initiative_that_ended_meanwhile_refreshes_the_phase_panel(
    world, client_for, initiative
):
    Initiative.objects.filter(pk=initiative.pk).update(state="paused")
    response = client_for(world.teacher).post(url("new_entry", initiative), entry_data(), **HTMX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#phase-panel"
    assert_fragment(response, "phase-panel")
    assert not Entry.objects.exists()


def test_a_plain_entry_post_redirects_to_the_initiative(world, client_for, initiative):
    response = client_for(world.teacher).post(url("new_entry", initiative), entry_data())
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()


def test_a_double_submitted_entry_is_saved_once(world, client_for, initiative):
    client = client_for(world.teacher)
    for _ in range(2):
        assert client.post(url("new_entry", initiative), entry_data(), **HTMX).status_code == 200
    assert Entry.objects.count() == 1


def test_a_measurement_of_the_children_is_added_with_its_numbers(world, client_for, initiative):
    response = client_for(world.teacher).post(
        url("new_entry", initiative),
        entry_data(
            **{
                "entry-kind": "measurement",
                "entry-text": "",
                "entry-measure": "Kinderen die graag lezen",
                "entry-unit": "percent",
                "entry-baseline": "35",
                "entry-target": "60",
            }
        ),
        **HTMX,
    )
    assert response.status_code == 200
    entry = Entry.objects.get()
    assert (entry.baseline, entry.target, entry.result) == (35, 60, None)
    assert "beginmeting 35%" in text(response)


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"entry-text": "  "}, "Schrijf iets op."),
        ({"entry-kind": "link", "entry-text": ""}, "Voeg de link toe."),
        (
            {
                "entry-kind": "measurement",
                "entry-measure": "Leesplezier",
                "entry-unit": "percent",
                "entry-baseline": "120",
            },
            "Een percentage ligt tussen 0 en 100.",
        ),
        ({"entry-text": "x" * 5001}, "5000"),
    ],
)
def test_a_bad_entry_gets_a_clear_message_and_keeps_what_was_typed(
    world, client_for, initiative, changes, message
):
    response = client_for(world.teacher).post(
        url("new_entry", initiative), entry_data(**changes), **HTMX
    )
    assert response.status_code == 422
    assert message in text(response)
    assert not Entry.objects.exists()


def test_moving_the_phase_answers_the_cycle_panel(world, client_for, initiative):
    nxt = initiative.phase_moves()[0]
    response = client_for(world.teacher).post(
        url("move", initiative),
        {
            "move-to_phase": nxt.pk,
            "move-learned": "De kinderen willen zelf kiezen.",
            "move-seen_phase": initiative.current_phase_id,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert_fragment(response, "cycle-panel")
    assert "De kinderen willen zelf kiezen." in text(response)
    initiative.refresh_from_db()
    assert initiative.current_phase == nxt


def test_a_phase_move_that_someone_else_made_first_is_told_not_repeated(
    world, client_for, initiative
):
    join_initiative(initiative=initiative, user=world.colleague)
    first = initiative.current_phase_id
    nxt = initiative.phase_moves()[0]
    data = {"move-to_phase": nxt.pk, "move-learned": "Geleerd", "move-seen_phase": first}
    assert (
        client_for(world.colleague).post(url("move", initiative), data, **HTMX).status_code == 200
    )
    response = client_for(world.teacher).post(url("move", initiative), data, **HTMX)
    assert response.status_code == 409
    assert "Iemand anders heeft het initiatief intussen verplaatst" in text(response)
    assert "Geleerd" in text(response)  # what this teacher typed is still there
    initiative.refresh_from_db()
    assert initiative.current_phase == nxt
    assert initiative.moves.filter(to_phase=nxt).count() == 1


def test_a_phase_move_without_what_was_learned_is_refused(world, client_for, initiative):
    response = client_for(world.teacher).post(
        url("move", initiative),
        {
            "move-to_phase": initiative.phase_moves()[0].pk,
            "move-learned": "",
            "move-seen_phase": initiative.current_phase_id,
        },
        **HTMX,
    )
    assert response.status_code == 422
    assert "Schrijf in een zin op wat jullie leerden." in text(response)


def test_a_colleague_joins_with_one_click_and_leaves_again(world, client_for, initiative):
    client = client_for(world.colleague)
    response = client.post(url("join", initiative), **HTMX)
    assert response.status_code == 200
    assert initiative.get_absolute_url() in response["HX-Location"]
    assert initiative.memberships.filter(user=world.colleague).exists()
    client.post(url("leave", initiative))
    assert not initiative.memberships.filter(user=world.colleague).exists()


def test_the_starter_invites_a_colleague_who_sees_it(world, client_for, initiative):
    response = client_for(world.teacher).post(
        url("invite", initiative), {"invite-invitee": world.colleague.pk}, **HTMX
    )
    assert_fragment(response, "members-panel")
    assert world.colleague.name in text(response)
    listing = text(client_for(world.colleague).get(reverse("inquiries:initiative_list")))
    assert "Je bent uitgenodigd" in listing


def test_a_colleague_of_another_school_cannot_be_invited(world, client_for, initiative):
    response = client_for(world.teacher).post(
        url("invite", initiative), {"invite-invitee": world.outsider.pk}, **HTMX
    )
    assert response.status_code == 422
    assert not initiative.invitations.exists()


def test_the_full_page_has_the_partials_and_the_fragments_do_not(world, client_for, initiative):
    page = text(client_for(world.teacher).get(url("initiative_detail", initiative)))
    for element in ["phase-panel", "cycle-panel", "members-panel", "comments-panel"]:
        assert f'id="{element}"' in page
    assert "<html" in page


def test_initiative_page_queries_do_not_grow_with_entries(
    world, client_for, django_assert_num_queries, initiative
):
    from inquiries.services import add_comment, add_entry

    client = client_for(world.teacher)

    def grow(n, start):
        for i in range(start, start + n):
            add_entry(
                initiative=initiative,
                author=world.teacher,
                entry=Entry(kind="note", text=f"Notitie {i}"),
                submission_key=f"s{i}",
            )
            add_comment(initiative=initiative, author=world.lead, text="Ja", submission_key=f"c{i}")

    for size, start in ((2, 0), (28, 2)):
        grow(size, start)
        # 12, one more that marks the new comment lines on her bell as read: they are
        # about this page (notifications.middleware), and one for the pupils' voice rounds
        # tied to it that she may follow (with their tallies).
        with django_assert_num_queries(14):
            assert client.get(url("initiative_detail", initiative)).status_code == 200


ENDPOINTS = {
    # name: (persona, data, the fragment's id)
    "new_entry": (
        "teacher",
        {"entry-kind": "note", "entry-text": "Notitie", "entry-submission_key": "e"},
        "entry-form",
    ),
    "comment": (
        "lead",
        {"comment-text": "Goed bezig", "comment-submission_key": "c"},
        "comments-panel",
    ),
    "feedback": ("lead", {"feedback-text": "Tip", "feedback-submission_key": "f"}, "cycle-panel"),
    "new_support_request": (
        "teacher",
        {"support-kind": "means", "support-what": "Boeken", "support-submission_key": "s"},
        "support-panel",
    ),
    "set_due_date": ("teacher", {"due-phase_due_on": "2027-03-01"}, "phase-panel"),
    "invite": ("teacher", {}, "members-panel"),
}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_htmx_endpoint_answers_a_fragment_to_htmx_and_a_redirect_otherwise(
    world, client_for, initiative, name
):
    persona, data, element = ENDPOINTS[name]
    if name == "invite":
        data = {"invite-invitee": world.colleague.pk}
    client = client_for(getattr(world, persona))
    fragment = client.post(url(name, initiative), data, **HTMX)
    assert fragment.status_code == 200
    assert_fragment(fragment, element)
    plain = client.post(
        url(name, initiative),
        {**data, **{k: v + "2" for k, v in data.items() if k.endswith("submission_key")}},
    )
    assert plain.status_code == 302
    assert plain["Location"] == initiative.get_absolute_url()


def test_the_page_names_its_goals_and_core_values_in_the_schools_order(world, client_for):
    from tests.factories import SharedGoalFactory

    values = list(world.school.core_values.order_by("position"))
    goals = [
        SharedGoalFactory(school=world.school, title="Woordenschat; groep 4"),
        SharedGoalFactory(school=world.school, title="Begrijpend lezen"),
    ]
    initiative = start_test_initiative(
        starter=world.teacher, team=world.team, goals=goals, core_values=values[::-1]
    )
    body = text(client_for(world.colleague).get(initiative.get_absolute_url()))
    assert "Begrijpend lezen; Woordenschat; groep 4" in body
    tags = body.split('class="tags">')[1].split("</dd>")[0]
    shown = [v.name for v in values if v.name in tags]
    assert shown == [v.name for v in values] and len(values) > 1
    assert [tags.index(v.name) for v in values] == sorted(tags.index(v.name) for v in values)
