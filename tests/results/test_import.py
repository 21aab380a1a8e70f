"""Group results imported from a pupil-tracking system: a file with a row per pupil is
counted into groups and its names never stored or logged; a distribution file is read as
it is; .xlsx works; a bad file is refused whole; importing a moment again replaces it."""

import io
import logging

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from results.imports import (
    ImportProblem,
    Mapping,
    aggregate,
    guess_mapping,
    read_table,
    replace_test_moment,
    sign_preview,
    unsign_preview,
)
from results.models import GroupResult, Scale, TestMoment
from teams.models import SchoolYear

PUPILS = [
    ("Daan de Vries", "100231", "5A", "I"),
    ("Fatima El Amrani", "100232", "5A", "II"),
    ("Noah Jansen", "100233", "5A", "II"),
    ("Lotte Bakker", "100234", "5A", "IV"),
    ("Sem Visser", "100235", "5B", "III"),
    ("Yara Smit", "100236", "5B", "V"),
    ("Milan de Boer", "100237", "Groep 6", "III"),
]
PER_PUPIL_CSV = "Naam;Leerlingnummer;Groep;Niveau\n" + "\n".join(";".join(p) for p in PUPILS)


@pytest.fixture
def year(world):
    return SchoolYear.objects.create(
        school=world.school, name="2026-2027", starts_on="2026-08-24", ends_on="2027-07-09"
    )


def test_a_file_per_pupil_is_counted_into_groups_and_no_name_is_kept_or_logged(world, year, caplog):
    with caplog.at_level(logging.DEBUG):
        headers, rows = read_table("toets.csv", PER_PUPIL_CSV.encode("cp1252"))
        mapping = guess_mapping(headers)
        assert mapping == Mapping(group="Groep", level="Niveau", count="")
        groups = aggregate(rows, mapping, Scale.LEVELS_ROMAN)
        preview = sign_preview(groups)
        replace_test_moment(
            school=world.school,
            school_year=year,
            subject="begrijpend_lezen",
            moment="M",
            scale=Scale.LEVELS_ROMAN,
            aggregates=unsign_preview(preview),
            by=world.leader,
        )
    stored = {r.group: r for r in GroupResult.objects.all()}
    assert stored["5A"].pupils == 4 and stored["5A"].distribution == {"I": 1, "II": 2, "IV": 1}
    assert stored["5A"].grade == 5 and stored["Groep 6"].grade == 6
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    for name, number, _group, _level in PUPILS:
        assert name not in dump.getvalue() and number not in dump.getvalue()
        assert name not in caplog.text and number not in caplog.text
        assert name not in preview and number not in preview  # the signed preview too


def test_a_file_of_group_distributions_is_read_as_it_is(world, year):
    text = "groep,niveau,aantal\n4,1F,10\n4,2F,14\n4,<1F,3\n"
    headers, rows = read_table("verdeling.csv", text.encode())
    groups = aggregate(rows, guess_mapping(headers), Scale.REFERENCE)
    assert [(g.group, g.pupils, g.distribution) for g in groups] == [
        ("4", 27, {"1F": 10, "2F": 14, "<1F": 3})
    ]


def test_an_excel_file_is_read(world, year):
    book = Workbook()
    sheet = book.active
    sheet.append(["Leerling", "Groep", "Score"])
    for name, _number, group, _level in PUPILS[:4]:
        sheet.append([name, group, 40.0])
    sheet.append(["Sem Visser", "5B", 50])
    raw = io.BytesIO()
    book.save(raw)
    headers, rows = read_table("toets.xlsx", raw.getvalue())
    groups = aggregate(rows, guess_mapping(headers), Scale.NUMBER)
    assert {g.group: g.mean for g in groups} == {"5A": "40.00", "5B": "50.00"}


@pytest.mark.parametrize(
    "content,says",
    [
        ("Groep;Niveau\n5A;VI\n", "Rij 2: “VI” is geen van de niveaus I, II, III, IV, V."),
        ("Groep;Niveau\n;II\n", "Rij 2: geen groep."),
        ("Naam;Klas\nDaan;5A\n", "Zeg welke kolom de groep"),
        ("", "Het bestand is leeg."),
    ],
)
def test_a_bad_file_is_refused_whole_saying_where(world, year, content, says):
    with pytest.raises(ImportProblem) as problem:
        headers, rows = read_table("fout.csv", content.encode())
        aggregate(rows, guess_mapping(headers), Scale.LEVELS_ROMAN)
    assert any(says in message for message in problem.value.messages)
    assert not GroupResult.objects.exists()


def test_importing_the_same_moment_again_replaces_it(world, year):
    def run(text):
        headers, rows = read_table("t.csv", text.encode())
        return replace_test_moment(
            school=world.school,
            school_year=year,
            subject="rekenen",
            moment="E",
            scale=Scale.LEVELS_LETTERS,
            aggregates=aggregate(rows, guess_mapping(headers), Scale.LEVELS_LETTERS),
            by=world.leader,
        )

    run("groep;niveau\n5A;A\n5A;B\n")
    run("groep;niveau\n5A;C\n")
    assert TestMoment.objects.count() == 1
    assert [(r.group, r.distribution) for r in GroupResult.objects.all()] == [("5A", {"C": 1})]


def test_a_tampered_preview_is_refused(world):
    from django.core import signing

    token = sign_preview([])
    with pytest.raises(signing.BadSignature):
        unsign_preview(token[:-2] + "xx")


def test_the_admin_checks_the_counts_then_stores_them_and_names_never_leave_the_request(
    world, year, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.helpers import text

    client = client_for(world.admin)
    url = reverse("results:import_results")
    upload = SimpleUploadedFile("export.csv", PER_PUPIL_CSV.encode(), content_type="text/csv")
    response = client.post(
        url,
        {
            "file": upload,
            "subject": "begrijpend_lezen",
            "school_year": year.pk,
            "moment": "M",
            "scale": "I-V",
        },
    )
    page = text(response)
    assert response.status_code == 200 and "Wat er bewaard wordt" in page
    for name, number, _group, _level in PUPILS:
        assert name not in page and number not in page  # the preview shows counts only
    assert not GroupResult.objects.exists()  # nothing stored before the yes
    from tests.page_forms import form_with

    confirm = form_with(page, "preview")
    assert client.post(url, confirm).status_code == 302
    assert GroupResult.objects.count() == 3


@pytest.mark.parametrize("who,status", [("teacher", 403), ("lead", 403)])
def test_only_the_school_admin_and_the_leader_import(world, client_for, who, status):
    from django.urls import reverse

    client = client_for(getattr(world, who))
    assert client.get(reverse("results:import_results")).status_code == status
    assert client.get(reverse("results:results_list")).status_code == status


def test_another_schools_leader_sees_none_of_these_results(world, year, client_for):
    from django.urls import reverse

    from tests.helpers import text

    headers, rows = read_table("t.csv", PER_PUPIL_CSV.encode())
    replace_test_moment(
        school=world.school,
        school_year=year,
        subject="spelling",
        moment="E",
        scale=Scale.LEVELS_ROMAN,
        aggregates=aggregate(rows, guess_mapping(headers), Scale.LEVELS_ROMAN),
        by=world.leader,
    )
    page = text(client_for(world.outsider).get(reverse("results:results_list")))
    assert "<li>5A " not in page and "Nog geen resultaten" in page
    assert "<li>5A " in text(client_for(world.leader).get(reverse("results:results_list")))
