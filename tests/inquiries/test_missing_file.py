"""A file the database names but storage no longer has (a restore without its files, a
bucket cleaned by hand) is a 404 with a warning in the log, never a 500."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from inquiries.models import Entry
from inquiries.services import add_entry, change_state
from tests.factories import start_test_initiative

PDF = b"%PDF-1.4\n% verslag van de leesobservatie\n"


@pytest.fixture
def media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def entry_with_file(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    initiative.refresh_from_db()
    entry = Entry(kind="file", file=ContentFile(PDF, name="verslag.pdf"), file_name="verslag.pdf")
    add_entry(initiative=initiative, author=world.teacher, entry=entry, submission_key="f1")
    return entry


def assert_missing_file_is_a_404(client, entry, caplog):
    url = reverse("inquiries:entry_file", args=[entry.pk])
    assert b"".join(client.get(url).streaming_content) == PDF  # there before
    default_storage.delete(entry.file.name)
    with caplog.at_level(logging.WARNING, logger="inquiries"):
        response = client.get(url)
    assert response.status_code == 404
    (warning,) = [r for r in caplog.records if r.name == "inquiries"]
    assert warning.levelname == "WARNING"
    assert entry.file.name in warning.getMessage()


@pytest.mark.usefixtures("media_folder")  # set up before entry_with_file uploads
def test_a_file_deleted_from_the_media_folder_answers_404_and_logs_a_warning(
    world, client_for, entry_with_file, caplog
):
    assert_missing_file_is_a_404(client_for(world.colleague), entry_with_file, caplog)


@pytest.mark.usefixtures("s3_storage")  # set up before entry_with_file uploads
def test_a_file_deleted_from_the_s3_bucket_answers_404_and_logs_a_warning(
    world, client_for, entry_with_file, caplog
):
    assert_missing_file_is_a_404(client_for(world.colleague), entry_with_file, caplog)
