"""The backup archive: one .tar.gz that holds everything needed to bring a school back.

    manifest.json                what is inside and how to check it (see build_manifest)
    database/database.pgdump     PostgreSQL: pg_dump in its custom format, or
    database/database.sqlite3    SQLite: a consistent copy made with the backup API
    files/<name>                 every uploaded file, under the name the database knows it by

Why one archive: the database names the uploaded files, and the files mean nothing without
the database. A database dump alone restores a school whose documents are gone; files alone
restore documents nobody can find. The manifest lists every file with its size and sha256,
so `restore` can prove that what it writes back is exactly what was saved.

The files are read through Django's default storage (the local MEDIA_ROOT, or the S3 bucket
when PLC_S3_BUCKET is set) and written back the same way, never from the file system
directly, so a backup made from one kind of storage restores into the other.

The archive holds personal data (staff names and email addresses, reflections, documents
about pupils): it is created readable by its owner only, and must be kept encrypted and
access-controlled.
"""

import datetime
import hashlib
import json
import posixpath
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import django
from django.core.files import File
from django.core.files.storage import Storage
from django.core.management.base import CommandError

from .databases import DatabaseCopy

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FOLDER = "database"
FILES_FOLDER = "files"
CHUNK = 1024 * 1024


# --- Writing -----------------------------------------------------------------------------------


@contextmanager
def new_archive(output: Path) -> Iterator[tarfile.TarFile]:
    """A gzipped tar at output, there only once it is complete and only for its owner."""
    if output.exists():
        raise CommandError(f"{output} already exists. Choose another --output.")
    # mkstemp creates the file with mode 0600; renamed into place only when it is whole.
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with open(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            yield tar
        Path(partial).replace(output)
    finally:
        Path(partial).unlink(missing_ok=True)


def add_database(tar: tarfile.TarFile, copy: DatabaseCopy) -> dict[str, Any]:
    """Put the database copy in the archive; its manifest entry."""
    name = f"{DATABASE_FOLDER}/{copy.path.name}"
    with copy.path.open("rb") as source:
        sha256, size = _checksum(source)
        source.seek(0)
        _add(tar, name, source, size)
    return {"vendor": copy.vendor, "file": name, "size": size, "sha256": sha256}


def add_storage_files(tar: tarfile.TarFile, storage: Storage) -> tuple[list[dict], list[str]]:
    """Put every file in storage in the archive: their manifest entries, and the names of
    files that disappeared between listing and reading (deleted meanwhile)."""
    entries, vanished = [], []
    for name in storage_names(storage):
        try:
            source = storage.open(name, "rb")
        except FileNotFoundError:
            vanished.append(name)
            continue
        # A local copy first: the size in the tar header must be exact, and a file that
        # changes while it is read must not leave a tar whose header disagrees with its data.
        with source, tempfile.SpooledTemporaryFile(max_size=16 * CHUNK) as spool:
            sha256 = hashlib.sha256()
            while chunk := source.read(CHUNK):
                sha256.update(chunk)
                spool.write(chunk)
            size = spool.tell()
            spool.seek(0)
            _add(tar, f"{FILES_FOLDER}/{name}", spool, size)
        entries.append({"name": name, "size": size, "sha256": sha256.hexdigest()})
    return entries, vanished


def add_manifest(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        _add(tar, MANIFEST, buffer, len(data))


def build_manifest(
    *, database: dict[str, Any], files: list[dict], storage: Storage
) -> dict[str, Any]:
    """What the archive holds: enough to check it and to know where it came from."""
    return {
        "format": FORMAT,
        "app": "plc",
        "app_version": _app_version(),
        "django_version": django.get_version(),
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": database,
        "storage": describe_storage(storage),
        "files": files,
    }


def describe_storage(storage: Storage) -> str:
    """Where the uploaded files live, in words: the local folder or the S3 bucket."""
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        prefix = getattr(storage, "location", "")
        return f"the S3 bucket {bucket}" + (f" under {prefix}/" if prefix else "")
    return f"the folder {storage.location}"


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in storage, found through the storage API (a folder or a bucket alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local MEDIA_ROOT that was never created: no uploads yet
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from storage_names(storage, posixpath.join(folder, name))


def _add(tar: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    tar.addfile(info, data)


def _app_version() -> str:
    # From the installed package's metadata: the same in a checkout, a wheel or a container,
    # and no git needed.
    try:
        return metadata.version("plc")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- Reading -----------------------------------------------------------------------------------


def unpack(archive: Path, folder: Path) -> dict[str, Any]:
    """Unpack archive into folder and check every checksum; the manifest."""
    if not archive.is_file():
        raise CommandError(f"There is no backup at {archive}.")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links and devices.
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise CommandError(f"{archive} is not a readable backup: {error}") from None
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        raise CommandError(f"{archive} has no readable {MANIFEST}: it is not a backup.") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"{archive} is in a backup format this version cannot read.")
    _verify(folder, manifest)
    return manifest


def _verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is in the archive, with its size and sha256."""
    expected = [manifest["database"]["file"]]
    expected += [f"{FILES_FOLDER}/{entry['name']}" for entry in manifest["files"]]
    entries = [manifest["database"], *manifest["files"]]
    damaged = []
    for name, entry in zip(expected, entries, strict=True):
        path = folder / name
        if not path.is_file() or _file_checksum(path) != (entry["sha256"], entry["size"]):
            damaged.append(name)
    if damaged:
        raise CommandError(
            "The backup is damaged; nothing was restored. Missing or changed: " + ", ".join(damaged)
        )


def files_in_the_way(manifest: dict[str, Any], storage: Storage) -> list[str]:
    """Files the restore would write whose name storage already uses for other content."""
    return [
        entry["name"]
        for entry in manifest["files"]
        if storage.exists(entry["name"]) and not _stored_matches(storage, entry)
    ]


def write_files_back(folder: Path, manifest: dict[str, Any], storage: Storage) -> tuple[int, int]:
    """Write every file through storage and check it there: (written, already there)."""
    written = unchanged = 0
    for entry in manifest["files"]:
        name = entry["name"]
        if storage.exists(name):
            if _stored_matches(storage, entry):
                unchanged += 1
                continue
            storage.delete(name)  # only reached with --force (see files_in_the_way)
        with (folder / FILES_FOLDER / name).open("rb") as source:
            saved = storage.save(name, File(source, name=name))
        if saved != name or not _stored_matches(storage, entry):
            raise CommandError(f"{name} could not be written back unchanged (stored as {saved}).")
        written += 1
    return written, unchanged


def _stored_matches(storage: Storage, entry: dict[str, Any]) -> bool:
    with storage.open(entry["name"], "rb") as stored:
        return _checksum(stored) == (entry["sha256"], entry["size"])


def _file_checksum(path: Path) -> tuple[str, int]:
    with path.open("rb") as source:
        return _checksum(source)


def _checksum(source: IO[bytes]) -> tuple[str, int]:
    sha256, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        sha256.update(chunk)
        size += len(chunk)
    return sha256.hexdigest(), size


def count_files(files: list[dict]) -> str:
    """ "2 uploaded files (1.5 MB)" """
    number = len(files)
    total = human_size(sum(entry["size"] for entry in files))
    return f"{number} uploaded file{'' if number == 1 else 's'} ({total})"


def human_size(size: float) -> str:
    """1536 -> "1.5 KB": sizes as people read them."""
    unit = "bytes"
    for bigger in ("KB", "MB", "GB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
