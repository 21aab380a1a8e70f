"""Restore a backup made by `manage.py backup` into an empty installation.

    manage.py restore --input plg-backup-<timestamp>.tar.gz [--force]

It checks the whole archive first (every checksum in its manifest) and refuses, touching
nothing, when this installation already has data: people (any user) in the database, or an
uploaded file under the same name with other content. --force replaces them.
Then it loads the database (pg_restore or SQLite's backup API) and writes every file back
through the default storage, checking each one's sha256 where it landed.

"Empty" may be a database nobody ran `migrate` on (a full dump needs no migrations) or one
that was only migrated: the restore replaces the tables the dump holds.
"""

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.management.archive import (
    count_files,
    describe_storage,
    files_in_the_way,
    unpack,
    write_files_back,
)
from core.management.databases import describe_database, reach_database, restore_database


def people_in_database() -> int:
    """How many users the configured database holds; 0 for a database without tables."""
    users = get_user_model()
    if users._meta.db_table not in connection.introspection.table_names():
        return 0
    return users._default_manager.count()


class Command(BaseCommand):
    help = (
        "Restore the database and uploaded files from a backup archive into an empty "
        "installation (refuses when there is data already, unless --force)."
    )
    # The checks would open the database before there is one (a new SQLite file's folder).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--input", dest="archive", type=Path, required=True, help="The backup archive."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data this installation already has.",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        with tempfile.TemporaryDirectory(prefix="plg-restore-") as work:
            folder = Path(work)
            manifest = unpack(archive, folder)
            self.describe(archive, manifest)
            reach_database()
            if not force:
                self.refuse_if_not_empty(manifest)
            done = restore_database(
                folder / manifest["database"]["file"], manifest["database"]["vendor"]
            )
            self.stdout.write(f"Database: {done}.")
            written, unchanged = write_files_back(folder, manifest, default_storage)
        where = describe_storage(default_storage)
        already = f", {unchanged} were already there unchanged" if unchanged else ""
        self.stdout.write(f"Files: {written} written back to {where} and checked{already}.")
        self.stdout.write(self.style.SUCCESS("Restore complete."))
        self.stdout.write(
            "If this installation runs a newer version than the backup, run "
            "`manage.py migrate` now."
        )

    def describe(self, path: Path, manifest: dict) -> None:
        self.stdout.write(
            f"Backup {path.name}, made {manifest['created_at']} by version "
            f"{manifest['app_version']}: a {manifest['database']['vendor']} database and "
            f"{count_files(manifest['files'])}. Every checksum is correct."
        )

    def refuse_if_not_empty(self, manifest: dict) -> None:
        people = people_in_database()
        if people:
            raise CommandError(
                f"Nothing was restored: {describe_database()} already holds data "
                f"({people} users). Restore into an empty database, or pass --force to "
                "replace everything in it."
            )
        in_the_way = files_in_the_way(manifest, default_storage)
        if in_the_way:
            raise CommandError(
                f"Nothing was restored: the storage already has {len(in_the_way)} files under "
                f"the same names with other content (e.g. {in_the_way[0]}). Restore into an "
                "empty storage, or pass --force to replace them."
            )
