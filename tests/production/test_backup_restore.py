"""The backup drill a privacy officer asks for: back up a school with an uploaded file,
restore it into a completely empty installation, and download the same bytes again.

With DATABASE_URL pointing at PostgreSQL (as in CI) the drill makes two databases of its
own next to it, and drops them afterwards whatever happens; without it, it runs on SQLite
files. The restore goes into a database nobody ran `migrate` on: a full dump needs none.
Next to the drill: files in an S3 bucket go into the archive and back through the storage
API, and a damaged archive is refused before anything is restored.
"""

import json
import os
import subprocess
import sys
import tarfile
import urllib.parse
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core.management.archive import (
    add_database,
    add_manifest,
    add_storage_files,
    build_manifest,
    new_archive,
    write_files_back,
)
from core.management.databases import DatabaseCopy

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% verslag van de leesobservatie in groep 4\n" + bytes(range(256))
TEACHER = "leerkracht@demo.test"

UPLOAD = """
import json, sys
from django.core.files.base import ContentFile
from inquiries.models import Entry, Initiative
from inquiries.services import add_entry
from teams.models import User

initiative = Initiative.objects.get(title="Zelf kiezen in de klassenbieb")
entry = Entry(
    kind="file",
    file=ContentFile(bytes.fromhex(sys.argv[1]), name="verslag.pdf"),
    file_name="verslag.pdf",
)
add_entry(
    initiative=initiative,
    author=User.objects.get(email="leerkracht@demo.test"),
    entry=entry,
    submission_key="backup-drill",
)
print(json.dumps({"initiative": initiative.pk, "entry": entry.pk}))
"""

# The teacher logs in through the login form, opens the initiative and downloads the file.
DOWNLOAD = """
import json, sys
from django.test import Client
from django.urls import reverse

initiative, entry = sys.argv[1:3]
client = Client()
login = client.post(reverse("account_login"), {"login": sys.argv[3], "password": "demo"})
page = client.get(reverse("inquiries:initiative_detail", args=[initiative]))
file_url = reverse("inquiries:entry_file", args=[entry])
download = client.get(file_url)
print(json.dumps({
    "login": login.status_code,
    "page": page.status_code,
    "page_links_the_file": file_url in page.content.decode(),
    "download": download.status_code,
    "bytes": b"".join(download.streaming_content).hex() if download.streaming else "",
}))
"""


def run(args: list[str], env: dict[str, str], check: bool = True):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if check:
        assert result.returncode == 0, (args[:2], result.stdout[-2000:], result.stderr[-3000:])
    return result


def manage(*args: str, env: dict[str, str], check: bool = True):
    return run(["manage.py", *args], env, check)


def django_script(script: str, *args: str, env: dict[str, str]) -> dict:
    """Run script inside the installation env points at; what it printed last, as JSON."""
    out = run(["-c", f"import django\ndjango.setup()\n{script}", *args], env).stdout
    return json.loads(out.strip().splitlines()[-1])


def psql(server: urllib.parse.SplitResult, sql: str) -> None:
    """Run sql on the server's maintenance database; the password only in PGPASSWORD."""
    settings = {
        "PGHOST": server.hostname,
        "PGPORT": server.port,
        "PGUSER": urllib.parse.unquote(server.username or ""),
        "PGPASSWORD": urllib.parse.unquote(server.password or ""),
        "PGDATABASE": "postgres",
    }
    env = {**os.environ, **{key: str(value) for key, value in settings.items() if value}}
    subprocess.run(
        ["psql", "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )


def reach_or_skip(server: urllib.parse.SplitResult) -> None:
    """PostgreSQL answers; if not, the drill is skipped, and in CI it fails."""
    try:
        psql(server, "SELECT 1")
    except (OSError, subprocess.SubprocessError) as error:
        why = getattr(error, "stderr", None) or error
        message = f"PostgreSQL on {server.hostname}:{server.port} is unreachable: {why}"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the backup drill with PostgreSQL. {message}", pytrace=False)
        pytest.skip(message)


@pytest.fixture
def installation(tmp_path):
    """Makes empty installations: a database and a media folder with nothing in them.

    PostgreSQL databases on DATABASE_URL's server, dropped at the end whatever happens;
    without DATABASE_URL, SQLite files in tmp_path.
    """
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PLC_")) and key not in ("DATABASE_URL", "REDIS_URL")
    }
    base["DJANGO_SETTINGS_MODULE"] = "plc.settings"
    database_url = os.environ.get("DATABASE_URL", "")
    server = urllib.parse.urlsplit(database_url) if database_url.startswith("postgres") else None
    if server:
        reach_or_skip(server)
    created: list[str] = []

    def make(role: str) -> dict[str, str]:
        env = {**base, "DJANGO_MEDIA_ROOT": str(tmp_path / f"{role}-media")}
        if not server:
            return {**env, "PLC_SQLITE_PATH": str(tmp_path / f"{role}.sqlite3")}
        name = f"plc_backup_{role}_{uuid.uuid4().hex[:8]}"
        psql(server, f'CREATE DATABASE "{name}"')
        created.append(name)
        return {**env, "DATABASE_URL": server._replace(path=f"/{name}").geturl()}

    try:
        yield make
    finally:
        for name in created:
            psql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_installation_with_the_same_files(installation, tmp_path):
    school = installation("src")
    manage("migrate", "--noinput", env=school)
    manage("createcachetable", env=school)
    manage("seed_demo", env=school)
    ids = django_script(UPLOAD, PDF.hex(), env=school)
    archive = tmp_path / "backups" / "plg-backup.tar.gz"
    archive.parent.mkdir()

    made = manage("backup", "--output", str(archive), env=school).stdout
    assert "1 uploaded file (" in made and "personal data" in made
    assert archive.stat().st_mode & 0o077 == 0  # for its owner only
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    (stored,) = manifest["files"]
    assert stored["size"] == len(PDF) and f"files/{stored['name']}" in names
    assert manifest["database"]["file"] in names

    # A new server: an empty database (no migrate) and an empty media folder.
    restored = installation("dst")
    done = manage("restore", "--input", str(archive), env=restored).stdout
    assert "Restore complete" in done

    seen = django_script(DOWNLOAD, str(ids["initiative"]), str(ids["entry"]), TEACHER, env=restored)
    assert seen["login"] == 302
    assert seen["page"] == 200 and seen["page_links_the_file"]
    assert seen["download"] == 200
    assert bytes.fromhex(seen["bytes"]) == PDF

    # Restoring over a school that has data is refused, and changes nothing.
    again = manage("restore", "--input", str(archive), env=restored, check=False)
    assert again.returncode != 0
    assert "already holds data" in again.stderr and "--force" in again.stderr


@pytest.mark.usefixtures("s3_storage")
def test_files_in_an_s3_bucket_go_into_the_archive_and_back_through_the_storage_api(tmp_path):
    uploads = {"initiatives/1/a.pdf": PDF, "initiatives/2/b.txt": b"aantekeningen"}
    for name, content in uploads.items():
        default_storage.save(name, ContentFile(content))
    with tarfile.open(tmp_path / "backup.tar.gz", "w:gz") as tar:
        files, vanished = add_storage_files(tar, default_storage)
    assert {entry["name"] for entry in files} == set(uploads) and not vanished

    for name in uploads:
        default_storage.delete(name)
    folder = tmp_path / "unpacked"
    with tarfile.open(tmp_path / "backup.tar.gz") as tar:
        tar.extractall(folder, filter="data")
    assert write_files_back(folder, {"files": files}, default_storage) == (2, 0)
    for name, content in uploads.items():
        with default_storage.open(name, "rb") as stored:
            assert stored.read() == content


def test_a_damaged_archive_is_refused_before_anything_is_restored(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    with new_archive(archive) as tar:
        database = DatabaseCopy(tmp_path / "database.sqlite3", "sqlite", "")
        database.path.write_bytes(b"SQLite format 3\x00")
        manifest = build_manifest(
            database=add_database(tar, database), files=[], storage=default_storage
        )
        manifest["database"]["sha256"] = "0" * 64  # as if a bit flipped on the backup disk
        add_manifest(tar, manifest)
    with pytest.raises(CommandError, match="damaged; nothing was restored"):
        call_command("restore", "--input", str(archive))
