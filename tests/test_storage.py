"""Uploads go through Django's storage API: a local folder by default, an S3-compatible
store when PLC_S3_BUCKET is set, so several web processes share the same files."""

import json
import os
import subprocess
import sys

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inquiries.models import Entry
from inquiries.services import change_state
from tests.factories import start_test_initiative
from tests.helpers import HTMX

PDF = b"%PDF-1.4\n% een verslag uit de middenbouw\n"


def test_the_bucket_settings_come_from_the_environment():
    env = {
        **os.environ,
        "PLC_S3_BUCKET": "plg-bestanden",
        "PLC_S3_ENDPOINT_URL": "https://s3.example.nl",
        "PLC_S3_REGION": "nl-ams",
    }
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.STORAGES['default']))",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "plc.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    storage = json.loads(printed)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "plg-bestanden"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.nl"
    assert storage["OPTIONS"]["default_acl"] == "private"


def test_a_file_goes_to_the_bucket_and_comes_back_only_inside_the_school(
    world, client_for, s3_storage
):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    response = client_for(world.teacher).post(
        reverse("inquiries:new_entry", args=[initiative.pk]),
        {
            "entry-kind": "file",
            "entry-file": SimpleUploadedFile("verslag.pdf", PDF),
            "entry-submission_key": "s3",
        },
        **HTMX,
    )
    assert response.status_code == 200
    entry = Entry.objects.get()
    stored = s3_storage.client.get_object(Bucket=s3_storage.name, Key=f"uploads/{entry.file.name}")
    assert stored["Body"].read() == PDF  # in the bucket, not on this machine's disk
    download_url = reverse("inquiries:entry_file", args=[entry.pk])
    download = client_for(world.colleague).get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert client_for(world.outsider).get(download_url).status_code == 404
