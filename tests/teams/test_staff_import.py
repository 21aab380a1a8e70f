"""Importing staff from a CSV file: a preview that names each bad row; all or nothing."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from teams.models import Invitation, User, mask_to_days
from teams.services import accept_invitation, import_staff, preview_staff_import
from tests.factories import TeamFactory, UserFactory
from tests.helpers import text

GOOD = (
    "\ufeffnaam;e-mail;functie;werkdagen;teams;bouwcoördinator van;taal\n"
    "Fatima el Amrani;F.ElAmrani@School.test;leerkracht groep 4;ma, di, do;Middenbouw;;nl\n"
    "Joris de Vries;j.devries@school.test;intern begeleider;di wo do vr;"
    "Middenbouw, Bovenbouw;Bovenbouw;en\n"
    "Kim Jansen;kim@school.test;;;;;\n"
)

BAD = (
    "naam;e-mail;werkdagen;teams\n"
    "Fatima el Amrani;fatima@school.test;ma, di;Middenbouw\n"
    ";zonder-naam@school.test;;\n"
    "Geen Mail;geen-mail;;\n"
    "Dubbel;fatima@school.test;;\n"
    "Bestaat Al;{existing};;\n"
    "Verkeerde Dag;dag@school.test;ma, zo;\n"
    "Onbekend Team;team@school.test;;Kleuterbouw\n"
)


def upload(content: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("personeel.csv", content.encode(encoding), "text/csv")


def test_a_good_file_shows_a_preview_and_imports_nobody_yet(world, client_for):
    response = client_for(world.leader).post(reverse("teams:import_staff"), {"file": upload(GOOD)})
    assert response.status_code == 200
    body = text(response)
    assert "3 collega's staan klaar om te importeren." in body
    assert "3 collega's importeren" in body
    assert "ma, di, do" in body  # what will be saved can be checked before importing
    assert "Bovenbouw (coördinator)" in body
    assert not User.objects.filter(email="kim@school.test").exists()


def test_confirming_a_good_file_invites_everyone_with_their_days_teams_and_role(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.admin).post(
            reverse("teams:import_staff"), {"content": GOOD, "confirm": "1"}
        )
    assert response.status_code == 302
    fatima = Invitation.objects.get(email="f.elamrani@school.test")  # stored in lower case
    assert fatima.school == world.school and fatima.invited_by == world.admin
    assert mask_to_days(fatima.working_days) == [0, 1, 3]
    assert [t.name for t in fatima.teams.all()] == ["Middenbouw"]
    joris = Invitation.objects.get(email="j.devries@school.test")
    assert mask_to_days(joris.working_days) == [1, 2, 3, 4]
    assert joris.language == "en"
    assert list(joris.lead_of.all()) == [world.other_team]
    kim = Invitation.objects.get(email="kim@school.test")
    assert mask_to_days(kim.working_days) == [0, 1, 2, 3, 4]  # empty means every day
    assert sorted(m.to[0] for m in mail.outbox) == [
        "f.elamrani@school.test",
        "j.devries@school.test",
        "kim@school.test",
    ]
    # Accepting gives the account everything the file said.
    joris_account = accept_invitation(token=joris.token, password="Rekenen-in-groep-7!")
    assert joris_account.working_weekdays == [1, 2, 3, 4]
    assert joris_account.memberships.get(team=world.other_team).role == "lead"
    assert joris_account.memberships.filter(team__kind="school").exists()  # whole team


def test_each_bad_row_is_named_with_its_problem_and_nothing_is_imported(world, client_for):
    UserFactory(school=world.other_school, email="bestaat@school.test")
    content = BAD.format(existing="bestaat@school.test")
    before = User.objects.count()
    response = client_for(world.leader).post(
        reverse("teams:import_staff"), {"file": upload(content)}
    )
    assert response.status_code == 422
    body = text(response)
    assert "Er is niets geïmporteerd." in body
    assert "5 regels hebben een fout." in body
    assert "De naam ontbreekt." in body
    assert "&#x27;geen-mail&#x27; is geen geldig e-mailadres." in body
    assert "fatima@school.test staat ook op regel 2." in body
    # An address at another school is no problem the school hears of (test_invitations.py).
    assert "bestaat@school.test heeft" not in body and "bestaat@school.test is" not in body
    assert "Werkdagen &#x27;ma, zo&#x27; niet begrepen" in body
    assert "De school heeft geen team &#x27;Kleuterbouw&#x27;." in body
    assert 'name="confirm"' not in body  # no import button
    assert User.objects.count() == before


def test_confirming_a_file_with_one_bad_row_imports_nobody(world, client_for):
    content = BAD.format(existing="x@school.test")
    response = client_for(world.leader).post(
        reverse("teams:import_staff"), {"content": content, "confirm": "1"}
    )
    assert response.status_code == 422
    assert not User.objects.filter(email="fatima@school.test").exists()


def test_import_is_all_or_nothing_when_a_row_fails_while_saving(world, monkeypatch):
    # The third colleague fails while being saved, after two were written: none stays.
    from teams import services

    real_invite_staff = services.invite_staff

    def invite_staff_failing_on_kim(**kwargs):
        if kwargs["email"] == "kim@school.test":
            raise RuntimeError("database went away")
        return real_invite_staff(**kwargs)

    monkeypatch.setattr(services, "invite_staff", invite_staff_failing_on_kim)
    with pytest.raises(RuntimeError):
        import_staff(school=world.school, content=GOOD, invited_by=world.leader)
    assert not Invitation.objects.exists()


def test_a_colleague_added_between_preview_and_import_is_reported_not_a_crash(world, client_for):
    client = client_for(world.leader)
    UserFactory(school=world.school, email="kim@school.test")
    response = client.post(reverse("teams:import_staff"), {"content": GOOD, "confirm": "1"})
    assert response.status_code == 422
    assert "kim@school.test is al een collega van je school." in text(response)
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError):
        import_staff(school=world.school, content=GOOD, invited_by=world.leader)


def test_comma_separated_english_headers_and_windows_encoding_are_understood(world, client_for):
    content = (
        'Name,Email,Working days,Teams\r\nJosé Müller,jose@school.test,"Mon, Wed",Middenbouw\r\n'
    )
    response = client_for(world.leader).post(
        reverse("teams:import_staff"), {"file": upload(content, "cp1252")}
    )
    assert response.status_code == 200
    assert "José Müller" in text(response)
    import_staff(school=world.school, content=content, invited_by=world.leader)
    assert mask_to_days(Invitation.objects.get(email="jose@school.test").working_days) == [0, 2]


@pytest.mark.parametrize(
    "content,message",
    [
        ("", "Kies een CSV-bestand met minstens één collega."),
        ("naam;telefoon\nA;06\n", "De eerste regel mist een kolom &#x27;e-mail&#x27;."),
        ("naam;e-mail;hobby\nA;a@school.test;x\n", "Onbekende kolommen: hobby."),
        ("naam;e-mail\n", "Het bestand heeft een kopregel maar geen collega&#x27;s."),
    ],
)
def test_a_file_that_is_not_a_staff_list_gets_a_clear_message(world, client_for, content, message):
    response = client_for(world.leader).post(
        reverse("teams:import_staff"), {"file": upload(content)} if content else {}
    )
    assert response.status_code == 422
    assert message in text(response)


def test_a_file_over_1_mb_is_refused(world, client_for):
    big = "naam;e-mail\n" + "A;a@school.test\n" * 80000
    response = client_for(world.leader).post(reverse("teams:import_staff"), {"file": upload(big)})
    assert response.status_code == 422
    assert "Het bestand is groter dan 1 MB." in text(response)


def test_team_names_only_match_teams_of_the_own_school(world):
    TeamFactory(school=world.other_school, name="Alleen Daar")
    preview = preview_staff_import(
        school=world.school, content="naam;e-mail;teams\nA;a@school.test;Alleen Daar\n"
    )
    assert preview.rows[0].problems == ["De school heeft geen team 'Alleen Daar'."]


def test_an_address_already_in_use_is_found_whatever_its_capitals(world):
    person = UserFactory(school=world.school)
    # Saved through the model an address is lower-cased; a row written another way (an old
    # import, a bulk update) may keep its capitals.
    User.objects.filter(pk=person.pk).update(email="Sanne.Dubbel@School.test")
    preview = preview_staff_import(
        school=world.school, content="naam;e-mail\nSanne Dubbel;sanne.dubbel@school.test\n"
    )
    assert preview.rows[0].problems


# --- Files as Excel and others write them ---------------------------------------------------


def preview_of(world, client_for, raw: bytes):
    return client_for(world.leader).post(
        reverse("teams:import_staff"),
        {"file": SimpleUploadedFile("personeel.csv", raw, "text/csv")},
    )


@pytest.mark.parametrize(
    "raw",
    [
        b"naam;e-mail\rAnna de Wit;anna@school.test\rBob Kok;bob@school.test\r",  # old Mac
        "naam\te-mail\r\nAnna de Wit\tanna@school.test\r\nBob Kok\tbob@school.test\r\n".encode(
            "utf-16"
        ),  # Excel's "Unicode text", with its byte-order mark
        "naam;e-mail\nAnna de Wit;anna@school.test\nBob Kok;bob@school.test\n".encode("utf-16-le"),
    ],
    ids=["cr-only", "utf-16", "utf-16-without-mark"],
)
def test_line_endings_and_encodings_excel_writes_are_read(world, client_for, raw):
    response = preview_of(world, client_for, raw)
    assert response.status_code == 200, text(response)
    assert "2 collega's staan klaar om te importeren." in text(response)
    assert "Anna de Wit" in text(response) and "bob@school.test" in text(response)


def test_a_utf_16_file_with_a_stray_byte_is_read_not_a_500(world, client_for):
    raw = "naam;e-mail\nAnna de Wit;anna@school.test\n".encode("utf-16") + b"\n"
    response = preview_of(world, client_for, raw)
    # The stray byte is shown as a row of its own without an address: a clear problem.
    assert response.status_code == 422
    assert "Anna de Wit" in text(response) and "Het e-mailadres ontbreekt." in text(response)


def test_a_file_with_a_nul_byte_gets_a_clear_message_and_imports_nobody(world, client_for):
    response = preview_of(world, client_for, b"naam;e-mail\nAnna\x00;anna@school.test\n")
    assert response.status_code == 422
    assert "Het bestand bevat tekens die geen tekst zijn." in text(response)
    assert not Invitation.objects.exists()


def test_an_address_longer_than_an_account_can_hold_is_named(world, client_for):
    long = "a" * 299 + "@school.test"  # 311 characters: a valid address, too long to keep
    response = preview_of(world, client_for, f"naam;e-mail\nLang Adres;{long}\n".encode())
    assert response.status_code == 422
    assert "Het e-mailadres is langer dan 254 tekens." in text(response)
    confirm = client_for(world.leader).post(
        reverse("teams:import_staff"),
        {"content": f"naam;e-mail\nLang Adres;{long}\n", "confirm": "1"},
    )
    assert confirm.status_code == 422
    assert not Invitation.objects.exists()


def test_quotes_inside_a_name_are_read_as_excel_writes_them(world):
    content = 'naam;e-mail\n"Jan ""JJ"" Jansen";jan@school.test\n"Anna\nde Wit";anna@school.test\n'
    preview = preview_staff_import(school=world.school, content=content)
    assert [row.name for row in preview.rows] == ['Jan "JJ" Jansen', "Anna de Wit"]


def test_import_clicked_twice_invites_once_and_says_so_twice(world, client_for):
    client = client_for(world.leader)
    confirm = {"content": GOOD, "confirm": "1", "submission_key": "e1f0c0ffee"}
    first = client.post(reverse("teams:import_staff"), confirm)
    second = client.post(reverse("teams:import_staff"), confirm)
    assert first.status_code == second.status_code == 302
    assert Invitation.objects.count() == 3
    assert "3 collega&#x27;s uitgenodigd" in text(client.get(second["Location"]))


@pytest.mark.django_db(transaction=True)
def test_import_confirmed_twice_at_the_same_moment_invites_once_on_postgresql(world_tx):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent imports are checked on PostgreSQL (CI runs it there).")
    confirm = {"content": GOOD, "confirm": "1", "submission_key": "e1f0c0ffee"}
    statuses = []
    start = threading.Barrier(2)

    def submit():
        client = Client()
        client.force_login(world_tx.leader)
        start.wait()
        statuses.append(client.post(reverse("teams:import_staff"), confirm).status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Invitation.objects.count() == 3
