"""Personal data under the AVG: a person's export, erasure of a colleague who left, the
audit log, and retention."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.personal_data import delete_file_after_commit, erase_person
from inquiries.models import Comment, Entry
from inquiries.services import add_comment, add_entry, change_state, join_initiative
from notifications.models import Delivery, Kind, Notification
from privacy.models import AuditEvent
from privacy.services import purge_old_records
from reflections.models import LessonVisit, Reflection
from reflections.services import ask_feedback
from teams.models import Invitation
from tests.factories import PASSWORD, start_test_initiative
from tests.helpers import text

PRIVATE_TEXT = "Mijn geheime twijfel over groep vijf"
OTHERS_PRIVATE_TEXT = "Andermans geheime gedachte"
OTHER_SCHOOL_TEXT = "Iets van een andere school"
SHARED_TEXT = "Wat ik leerde over samen lezen"
ENTRY_TEXT = "Observatie: kinderen kozen zelf een boek"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def leaver(world, media):
    """Sanne (world.teacher) with something of everything, and colleagues' data beside it."""
    sanne, eva = world.teacher, world.colleague
    initiative = start_test_initiative(starter=sanne, team=world.team)
    change_state(initiative=initiative, user=sanne, action="start")
    join_initiative(initiative=initiative, user=eva)
    add_entry(
        initiative=initiative,
        author=sanne,
        entry=Entry(
            kind=Entry.Kind.FILE,
            text=ENTRY_TEXT,
            file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag"),
            file_name="verslag.pdf",
        ),
        submission_key="entry-1",
    )
    add_comment(initiative=initiative, author=sanne, text="Goed idee!", submission_key="c-1")
    Reflection.objects.create(school=world.school, author=sanne, title="Privé", body=PRIVATE_TEXT)
    shared = Reflection.objects.create(
        school=world.school,
        author=sanne,
        title="Gedeeld",
        body=SHARED_TEXT,
        visibility=Reflection.Visibility.SCHOOL,
    )
    ask_feedback(reflection=shared, colleagues=[eva])  # Eva's bell names Sanne
    Reflection.objects.create(
        school=world.school, author=eva, title="Van Eva", body=OTHERS_PRIVATE_TEXT
    )
    Reflection.objects.create(
        school=world.other_school, author=world.outsider, title="Elders", body=OTHER_SCHOOL_TEXT
    )
    LessonVisit.objects.create(
        host=sanne,
        observer=eva,
        focus_question="Kiezen de kinderen zelf?",
        lesson="groep 5, lezen",
        planned_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    return sanne


def unzip(content: bytes) -> tuple[dict, dict[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    files = {name: archive.read(name) for name in archive.namelist() if name != "data.json"}
    return json.loads(archive.read("data.json")), files


def every_stored_value() -> str:
    """Every field of every row of every table, as text."""
    values = []
    for model in apps.get_models(include_auto_created=True):
        names = [field.attname for field in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*names):
            values.extend(str(value) for value in row)
    return "\n".join(values)


def erase_as_leader(client, world, person) -> None:
    person.deactivate()
    client.force_login(world.leader)
    url = reverse("privacy:erase", args=[person.pk])
    response = client.post(url, {"name": person.name})
    assert response.status_code == 302, text(response)


# --- export -------------------------------------------------------------------------------


def test_my_export_holds_my_data_and_my_file_and_nobody_elses(client_for, world, leaver):
    response = client_for(leaver).get(reverse("privacy:my_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data, files = unzip(response.content)
    dumped = json.dumps(data, ensure_ascii=False)
    assert PRIVATE_TEXT in dumped and SHARED_TEXT in dumped and ENTRY_TEXT in dumped
    assert leaver.email in dumped
    assert OTHERS_PRIVATE_TEXT not in dumped
    assert OTHER_SCHOOL_TEXT not in dumped
    assert world.outsider.email not in dumped and world.colleague.email not in dumped
    assert list(files.values()) == [b"%PDF-1.4 verslag"]
    event = AuditEvent.objects.get()
    assert (event.kind, event.actor, event.subject) == ("own_export", leaver, leaver)


def test_a_leader_exports_a_colleagues_data_and_the_log_says_so(client_for, world, leaver):
    response = client_for(world.leader).get(reverse("privacy:colleague_data", args=[leaver.pk]))

    data, _files = unzip(response.content)
    assert data["data"]["teams"]["profile"]["name"] == leaver.name
    assert AuditEvent.objects.get().kind == AuditEvent.Kind.EXPORT


def test_a_teacher_cannot_export_a_colleague_and_another_school_cannot_find_them(
    client_for, world, leaver
):
    url = reverse("privacy:colleague_data", args=[leaver.pk])
    assert client_for(world.colleague).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    assert not AuditEvent.objects.exists()


# --- erasure ------------------------------------------------------------------------------


def test_after_erasure_their_name_email_and_private_texts_are_stored_nowhere(
    client, world, leaver, django_capture_on_commit_callbacks
):
    name, email = leaver.name, leaver.email
    with django_capture_on_commit_callbacks(execute=True):
        erase_as_leader(client, world, leaver)

    stored = every_stored_value()
    assert PRIVATE_TEXT not in stored
    assert name not in stored
    assert email not in stored
    leaver.refresh_from_db()
    assert leaver.name == "oud-collega"
    assert not leaver.is_active and not leaver.has_usable_password()


def test_after_erasure_their_shared_work_stays_by_oud_collega(client, world, leaver):
    erase_as_leader(client, world, leaver)

    entry = Entry.objects.get(text=ENTRY_TEXT)
    shared = Reflection.objects.get(body=SHARED_TEXT)
    assert Comment.objects.filter(author=leaver).exists()
    client.force_login(world.colleague)
    assert "oud-collega" in text(client.get(entry.initiative.get_absolute_url()))
    assert "oud-collega" in text(client.get(shared.get_absolute_url()))


def test_files_of_shared_initiatives_stay_after_erasure(
    client, world, leaver, django_capture_on_commit_callbacks
):
    # Decided: an entry's file is part of the initiative's record, like its text.
    path = Entry.objects.get(text=ENTRY_TEXT).file.name
    with django_capture_on_commit_callbacks(execute=True):
        erase_as_leader(client, world, leaver)
    assert default_storage.exists(path)


def test_a_file_erased_with_private_content_leaves_storage_only_after_commit(
    world, media, django_capture_on_commit_callbacks
):
    path = default_storage.save("privé/notitie.txt", io.BytesIO(b"geheim"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_file_after_commit(path)
    assert default_storage.exists(path)  # not committed yet
    for callback in callbacks:
        callback()
    assert not default_storage.exists(path)


def test_signing_in_with_the_old_email_and_password_fails_after_erasure(client, world, leaver):
    email = leaver.email
    erase_as_leader(client, world, leaver)
    client.logout()

    assert not client.login(email=email, password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code != 302 or "_auth_user_id" not in client.session


def test_their_planned_lesson_visit_is_cancelled_and_the_colleague_is_told(client, world, leaver):
    erase_as_leader(client, world, leaver)

    visit = LessonVisit.objects.get()
    assert visit.state == LessonVisit.State.CANCELLED
    assert visit.cancel_note == "Collega is uit dienst."
    told = Notification.objects.get(user=world.colleague, key=f"{visit.pk}:cancelled")
    assert "geannuleerd" in told.text and "Sanne" not in told.text


def test_the_privacy_log_shows_export_and_erasure_to_the_leader_only(client, world, leaver):
    client.force_login(world.leader)
    client.get(reverse("privacy:colleague_data", args=[leaver.pk]))
    erase_as_leader(client, world, leaver)

    kinds = sorted(AuditEvent.objects.values_list("kind", flat=True))
    assert kinds == ["erasure", "export"]
    page = text(client.get(reverse("privacy:audit_log")))
    assert f"#{leaver.pk} oud-collega" in page
    client.force_login(world.colleague)
    assert client.get(reverse("privacy:audit_log")).status_code == 403
    client.force_login(world.outsider)
    assert f"#{leaver.pk} oud-collega" not in text(client.get(reverse("privacy:audit_log")))
    assert client.get(reverse("privacy:erase", args=[leaver.pk])).status_code == 404


def test_an_active_colleague_or_yourself_cannot_be_erased(client_for, world):
    client = client_for(world.leader)
    for person in (world.colleague, world.leader):
        url = reverse("privacy:erase", args=[person.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"name": person.name})
        assert response.status_code == 400
        person.refresh_from_db()
        assert person.name != "oud-collega"
    assert not AuditEvent.objects.exists()


def test_erasure_needs_the_colleagues_name_typed(client_for, world):
    world.colleague.deactivate()
    url = reverse("privacy:erase", args=[world.colleague.pk])
    page = client_for(world.leader).get(url)
    assert "oud-collega" in text(page)  # the page says what happens
    response = client_for(world.leader).post(url, {"name": "iemand anders"})
    assert response.status_code == 400
    world.colleague.refresh_from_db()
    assert world.colleague.name == "Eva Collega"


def test_erasure_is_all_or_nothing(world, leaver, monkeypatch):
    import core.personal_data

    def broken(user):
        raise RuntimeError("boom")

    inquiries = core.personal_data._providers["inquiries"]
    # Runs after privacy, notifications and reflections erased their part.
    monkeypatch.setitem(
        core.personal_data._providers,
        "inquiries",
        core.personal_data.PersonalData(name="inquiries", export=inquiries.export, erase=broken),
    )
    leaver.deactivate()
    with pytest.raises(RuntimeError):
        erase_person(leaver, by=world.leader)
    leaver.refresh_from_db()
    assert leaver.name == "Sanne Leerkracht"
    assert Reflection.objects.filter(body=PRIVATE_TEXT).exists()
    assert LessonVisit.objects.get().state == LessonVisit.State.INVITED


# --- retention ----------------------------------------------------------------------------


def test_purge_deletes_notifications_deliveries_and_invitations_older_than_the_retention(
    world, settings
):
    settings.PLC_RETENTION_DAYS = 365
    now = timezone.now()
    for age, key in ((400, "old"), (10, "new")):
        note = Notification.objects.create(user=world.teacher, kind=Kind.DIGEST, key=key, text="x")
        delivery = Delivery.objects.create(user=world.teacher, kind=Kind.DIGEST, key=key)
        moment = now - datetime.timedelta(days=age)
        Notification.objects.filter(pk=note.pk).update(created_at=moment)
        Delivery.objects.filter(pk=delivery.pk).update(claimed_at=moment)

        invitation = Invitation.objects.create(
            school=world.school, name=f"Nooit Gekomen {key}", email=f"{key}@elders.test"
        )
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=moment)

    purge_old_records(now)

    assert list(Notification.objects.values_list("key", flat=True)) == ["new"]
    assert list(Delivery.objects.values_list("key", flat=True)) == ["new"]
    # An invitation nobody accepted keeps the name and address of someone who never joined.
    assert list(Invitation.objects.values_list("email", flat=True)) == ["new@elders.test"]


def test_the_privacy_page_is_readable_without_an_account(client):
    response = client.get(reverse("privacy:privacy_page"))
    assert response.status_code == 200
    # It says, in Dutch, how long reminders are kept: the configured retention.
    assert "365 dagen" in response.content.decode()


def test_an_erased_account_cannot_be_brought_back_or_given_an_address(client, world, leaver):
    erase_as_leader(client, world, leaver)
    leaver.refresh_from_db()
    client.post(reverse("teams:reactivate_staff", args=[leaver.pk]))
    leaver.refresh_from_db()
    assert not leaver.is_active
    response = client.post(
        reverse("teams:edit_staff", args=[leaver.pk]),
        {
            "name": "Iemand",
            "email": "overname@example.org",
            "working_days": ["0"],
            "language": "nl",
            "role": "staff",
        },
    )
    leaver.refresh_from_db()
    assert leaver.email != "overname@example.org"
    assert response.status_code in (403, 422)


def test_a_file_name_with_a_path_stays_inside_the_zip_folder(client_for, world, leaver):
    Entry.objects.filter(author=leaver).exclude(file="").update(file_name="../../etc/passwd")
    response = client_for(leaver).get(reverse("privacy:my_data"))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    stored = [name for name in names if name.startswith("files/")]
    assert stored and all(".." not in name for name in stored)
    assert any(name.endswith("-passwd") for name in stored)


def test_erasure_ends_the_sessions_they_still_had_in_the_database(client, settings, world, leaver):
    from django.contrib.sessions.models import Session
    from django.test import Client

    settings.SESSION_ENGINE = "core.sessions"  # the app's own, as in production
    browser = Client()
    browser.force_login(leaver)
    assert browser.get(reverse("home")).status_code == 200

    def theirs():
        return [
            s
            for s in Session.objects.all()
            if s.get_decoded().get("_auth_user_id") == str(leaver.pk)
        ]

    assert theirs()
    erase_as_leader(client, world, leaver)
    assert theirs() == []
