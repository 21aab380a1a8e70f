"""Own work can be removed by its author, and only by them: an entry (its stored file goes
too) and a reflection (with its feedback and the bell lines about it)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inquiries.models import Entry
from inquiries.services import add_entry, change_state, join_initiative
from notifications.models import Notification
from reflections.models import FeedbackRequest, Reflection
from reflections.services import answer_feedback, ask_feedback
from tests.factories import start_test_initiative
from tests.helpers import HTMX, text, unchanged

PUPIL_LIST = b"%PDF-1.4\nNamen: ..."


@pytest.fixture
def entry_with_file(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    join_initiative(initiative=initiative, user=world.colleague)
    change_state(initiative=initiative, user=world.teacher, action="start")
    entry = Entry(
        kind="file", file=SimpleUploadedFile("lijst.pdf", PUPIL_LIST), file_name="lijst.pdf"
    )
    add_entry(initiative=initiative, author=world.teacher, entry=entry, submission_key="e")
    return Entry.objects.get(pk=entry.pk)


def test_the_author_removes_an_entry_and_its_stored_file_is_gone(
    world, client_for, entry_with_file, tmp_path, django_capture_on_commit_callbacks
):
    stored = tmp_path / entry_with_file.file.name
    assert stored.read_bytes() == PUPIL_LIST
    page = text(client_for(world.teacher).get(entry_with_file.initiative.get_absolute_url()))
    assert reverse("inquiries:delete_entry", args=[entry_with_file.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.teacher).post(
            reverse("inquiries:delete_entry", args=[entry_with_file.pk]), **HTMX
        )
    assert response.status_code == 200 and response.content == b""
    assert not Entry.objects.filter(pk=entry_with_file.pk).exists()
    assert not stored.exists()
    download = client_for(world.teacher).get(
        reverse("inquiries:entry_file", args=[entry_with_file.pk])
    )
    assert download.status_code == 404


@pytest.mark.parametrize("who,status", [("colleague", 403), ("leader", 403), ("outsider", 404)])
def test_nobody_else_removes_an_entry(world, client_for, entry_with_file, tmp_path, who, status):
    with unchanged(Entry):
        response = client_for(getattr(world, who)).post(
            reverse("inquiries:delete_entry", args=[entry_with_file.pk])
        )
    assert response.status_code == status
    assert (tmp_path / entry_with_file.file.name).exists()
    page = text(client_for(world.colleague).get(entry_with_file.initiative.get_absolute_url()))
    assert reverse("inquiries:delete_entry", args=[entry_with_file.pk]) not in page


def test_the_author_deletes_a_reflection_with_its_feedback_and_bell_lines(world, client_for):
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Mijn rekenles",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    ask_feedback(reflection=reflection, colleagues=[world.colleague])
    answer_feedback(request=FeedbackRequest.objects.get(), noticed="Rust", wonder="", suggestion="")
    assert Notification.objects.filter(kind__in=["feedback_asked", "feedback_given"]).count() == 2
    url = reverse("reflections:delete_reflection", args=[reflection.pk])
    # Refused for everyone else: 403 for a reader, 404 for whoever cannot even read it.
    for who, status in (("colleague", 403), ("lead", 403), ("leader", 404), ("outsider", 404)):
        with unchanged(Reflection, FeedbackRequest):
            assert client_for(getattr(world, who)).post(url).status_code == status, who
    response = client_for(world.teacher).post(url)
    assert response.status_code == 302
    assert not Reflection.objects.exists() and not FeedbackRequest.objects.exists()
    assert not Notification.objects.filter(kind__in=["feedback_asked", "feedback_given"]).exists()


def test_the_author_removes_a_comment_and_its_bell_lines(world, client_for):
    from inquiries.models import Comment
    from inquiries.services import add_comment

    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    add_comment(
        initiative=initiative, author=world.leader, text="Oeps, verkeerd", submission_key="c"
    )
    comment = Comment.objects.get()
    assert Notification.objects.filter(kind="comment", user=world.teacher).exists()
    url = reverse("inquiries:delete_comment", args=[comment.pk])
    for who, status in (("teacher", 403), ("colleague", 403), ("outsider", 404)):
        with unchanged(Comment):
            assert client_for(getattr(world, who)).post(url).status_code == status, who
    response = client_for(world.leader).post(url, **HTMX)
    assert response.status_code == 200 and response.content == b""
    assert not Comment.objects.exists()
    assert not Notification.objects.filter(kind="comment").exists()
