"""Own work can be corrected: an initiative's text by its members, an entry or a comment by
its author, with the version check and "bewerkt" in the timeline; nobody else can."""

import uuid

import pytest
from django.urls import reverse

from inquiries.models import Comment, Entry, Initiative
from inquiries.services import add_comment, add_entry, change_state, join_initiative
from tests.factories import start_test_initiative
from tests.helpers import text, unchanged
from tests.page_forms import form_with


@pytest.fixture
def initiative(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    join_initiative(initiative=initiative, user=world.colleague)
    return initiative


def test_a_member_sharpens_the_question(world, client_for, initiative):
    client = client_for(world.colleague)
    url = reverse("inquiries:edit_initiative", args=[initiative.pk])
    page = text(client.get(initiative.get_absolute_url()))
    assert url in page  # the way in, on the initiative's page
    form = form_with(text(client.get(url)), "question")
    form["question"] = "Hoe laten wij kinderen in groep 4 zelf hun boek kiezen?"
    response = client.post(url, form)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.question == "Hoe laten wij kinderen in groep 4 zelf hun boek kiezen?"
    assert initiative.title == "Leesplezier"  # what was not changed stays


@pytest.mark.parametrize("who,status", [("lead", 403), ("leader", 403), ("outsider", 404)])
def test_only_members_edit_the_text(world, client_for, initiative, who, status):
    url = reverse("inquiries:edit_initiative", args=[initiative.pk])
    client = client_for(getattr(world, who))
    assert client.get(url).status_code == status
    with unchanged(Initiative):
        assert client.post(url, {"title": "Overgenomen", "question": "?"}).status_code == status


@pytest.fixture
def running(world, initiative):
    change_state(initiative=initiative, user=world.teacher, action="start")
    return initiative


def _entry(initiative, author, **fields) -> Entry:
    entry = Entry(**fields)
    add_entry(initiative=initiative, author=author, entry=entry, submission_key=uuid.uuid4().hex)
    return Entry.objects.get(pk=entry.pk)


def test_the_author_corrects_an_observation_and_the_timeline_says_edited(
    world, client_for, running
):
    entry = _entry(running, world.teacher, kind="observation", text="Sem las niet mee")
    client = client_for(world.teacher)
    url = reverse("inquiries:edit_entry", args=[entry.pk])
    page = text(client.get(running.get_absolute_url()))
    assert url in page and "bewerkt" not in page
    form = form_with(text(client.get(url)), "text")
    assert "measure" not in form and "url" not in form  # only the fields of its kind
    form["text"] = "Een leerling las niet mee"  # a pupil's name taken out
    response = client.post(url, form)
    assert response.status_code == 302 and response.url.endswith(f"#entry-{entry.pk}")
    entry.refresh_from_db()
    assert entry.text == "Een leerling las niet mee" and entry.edited_at is not None
    page = text(client.get(running.get_absolute_url()))
    assert "Sem las niet mee" not in page
    assert "Een leerling las niet mee" in page and "bewerkt" in page


def test_a_measurement_keeps_its_rules_when_corrected(world, client_for, running):
    entry = _entry(
        running,
        world.teacher,
        kind="measurement",
        measure="Kinderen die graag lezen",
        unit="percent",
        baseline=35,
    )
    client = client_for(world.teacher)
    url = reverse("inquiries:edit_entry", args=[entry.pk])
    form = form_with(text(client.get(url)), "baseline")
    form["result"] = "140"
    response = client.post(url, form)
    assert response.status_code == 422
    assert "Een percentage ligt tussen 0 en 100." in text(response)
    assert 'value="140"' in text(response)  # what was typed stays
    form["result"] = "60"
    assert client.post(url, form).status_code == 302
    entry.refresh_from_db()
    assert (entry.baseline, entry.result) == (35, 60)


def test_two_windows_of_the_author_are_told_not_overwritten(world, client_for, running):
    entry = _entry(running, world.teacher, kind="note", text="Eerste versie")
    client = client_for(world.teacher)
    url = reverse("inquiries:edit_entry", args=[entry.pk])
    first = form_with(text(client.get(url)), "text")
    second = dict(first)
    first["text"] = "Uit het eerste venster"
    assert client.post(url, first).status_code == 302
    second["text"] = "Uit het tweede venster"
    response = client.post(url, second)
    assert response.status_code == 409
    page = text(response)
    assert "Uit het eerste venster" in page and "Uit het tweede venster" in page
    entry.refresh_from_db()
    assert entry.text == "Uit het eerste venster"


@pytest.mark.parametrize("who,status", [("colleague", 403), ("leader", 403), ("outsider", 404)])
def test_only_the_author_corrects_an_entry(world, client_for, running, who, status):
    entry = _entry(running, world.teacher, kind="note", text="Van mij")
    url = reverse("inquiries:edit_entry", args=[entry.pk])
    client = client_for(getattr(world, who))
    assert client.get(url).status_code == status
    with unchanged(Entry):
        response = client.post(url, {"text": "Overgenomen", "seen_version": entry.version})
    assert response.status_code == status
    assert f'href="{url}"' not in text(client_for(world.colleague).get(running.get_absolute_url()))


def test_the_author_corrects_a_comment_and_only_they_can(world, client_for, initiative):
    add_comment(
        initiative=initiative, author=world.leader, text="Mooi gedaan, Sem!", submission_key="c"
    )
    comment = Comment.objects.get()
    url = reverse("inquiries:edit_comment", args=[comment.pk])
    for who, status in (("teacher", 403), ("colleague", 403), ("outsider", 404)):
        with unchanged(Comment):
            response = client_for(getattr(world, who)).post(
                url, {"text": "Overgenomen", "seen_version": comment.version}
            )
        assert response.status_code == status, who
    client = client_for(world.leader)
    assert url in text(client.get(initiative.get_absolute_url()))
    form = form_with(text(client.get(url)), "text")
    form["text"] = ""
    response = client.post(url, form)
    assert response.status_code == 422 and "Schrijf je reactie." in text(response)
    form["text"] = "Mooi gedaan!"
    assert client.post(url, form).status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Mooi gedaan!" and comment.edited_at is not None
    page = text(client_for(world.teacher).get(initiative.get_absolute_url()))
    assert "Mooi gedaan!" in page and "Sem!" not in page and "bewerkt" in page
