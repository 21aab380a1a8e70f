"""A disk that fills up halfway, or a file store that cannot be reached: the person gets a
clear message with their typed text kept, and no entry and no partial file remain."""

import errno

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import storage
from inquiries.models import Entry
from tests.factories import start_test_initiative
from tests.helpers import HTMX, text
from tests.smtp_sink import free_port

TYPED = "Wat de kinderen vertelden over hun boek."
REPORT = b"%PDF-1.4\n" + b"x" * 300_000
# Over Django's 2.5 MB: it arrives as a temporary file of its own, possibly on another disk.
LARGE_REPORT = b"%PDF-1.4\n" + b"x" * 3_000_000


@pytest.fixture
def initiative(world):
    from inquiries.services import change_state

    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    return initiative


def add_file_entry(client, initiative, content=REPORT):
    return client.post(
        reverse("inquiries:new_entry", args=[initiative.pk]),
        {
            "entry-kind": "file",
            "entry-text": TYPED,
            "entry-file": SimpleUploadedFile("verslag.pdf", content),
            "entry-submission_key": "k1",
        },
        **HTMX,
    )


def files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.mark.parametrize("content", [REPORT, LARGE_REPORT], ids=["small", "large"])
def test_a_disk_that_fills_up_halfway_leaves_no_partial_file_and_keeps_the_text(
    world, client_for, initiative, settings, tmp_path, monkeypatch, content
):
    settings.MEDIA_ROOT = tmp_path

    def disk_full_after_the_first_chunk(content, handle):
        handle.write(next(iter(content.chunks()))[:4096])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "write_chunks", disk_full_after_the_first_chunk)
    response = add_file_entry(client_for(world.teacher), initiative, content)

    assert response.status_code == 422
    body = text(response)
    assert "Het bestand kon niet worden opgeslagen" in body
    assert TYPED in body  # the text is still in the form
    assert not Entry.objects.exists()
    assert files_under(tmp_path) == []  # nothing half-written anywhere


@pytest.mark.parametrize("content", [REPORT, LARGE_REPORT], ids=["small", "large"])
def test_a_complete_upload_lands_whole_and_leaves_no_temporary_file(
    world, client_for, initiative, settings, tmp_path, content
):
    settings.MEDIA_ROOT = tmp_path
    assert add_file_entry(client_for(world.teacher), initiative, content).status_code == 200
    [stored] = files_under(tmp_path)
    assert stored.read_bytes() == content
    assert ".incoming" not in stored.parts
    assert stored.stat().st_mode & 0o777 == 0o644  # readable as before, not mkstemp's 0600


def test_a_file_store_that_cannot_be_reached_keeps_the_text(
    world, client_for, initiative, settings, monkeypatch
):
    pytest.importorskip("storages")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "plg-weg",
                "endpoint_url": f"http://127.0.0.1:{free_port()}",  # nobody listens
                "region_name": "eu-west-1",
            },
        },
    }
    response = add_file_entry(client_for(world.teacher), initiative)
    assert response.status_code == 422
    assert "Het bestand kon niet worden opgeslagen" in text(response)
    assert TYPED in text(response)
    assert not Entry.objects.exists()
