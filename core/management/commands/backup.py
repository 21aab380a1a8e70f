"""Back up the whole installation into one archive: the database and every uploaded file.

    manage.py backup [--output plg-backup-<UTC timestamp>.tar.gz]

What the archive holds and why is described in core/management/archive.py. The database is
copied first and the files after it, so every file the copied database names is in the
archive unless someone deleted it in the seconds in between.
"""

import datetime
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from core.management import archive
from core.management.databases import dump_database


def default_output() -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(f"plg-backup-{stamp}.tar.gz")


class Command(BaseCommand):
    help = (
        "Write the database and all uploaded files into one .tar.gz archive, with a manifest "
        "of every file's checksum. The archive holds personal data: store it encrypted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: plg-backup-<UTC timestamp>.tar.gz here).",
        )

    def handle(self, *args, output: Path | None, **options):
        output = (output or default_output()).resolve()
        with tempfile.TemporaryDirectory(prefix="plg-backup-") as work:
            copy = dump_database(Path(work))
            self.stdout.write(f"Database: {copy.details}.")
            with archive.new_archive(output) as tar:
                database = archive.add_database(tar, copy)
                files, vanished = archive.add_storage_files(tar, default_storage)
                manifest = archive.build_manifest(
                    database=database, files=files, storage=default_storage
                )
                archive.add_manifest(tar, manifest)
        self.report(output, manifest, vanished)

    def report(self, output: Path, manifest: dict, vanished: list[str]) -> None:
        files = archive.count_files(manifest["files"])
        self.stdout.write(f"Files: {files} from {manifest['storage']}.")
        for name in vanished:
            self.stderr.write(f"Skipped {name}: it was deleted while the backup ran.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output} ({archive.human_size(output.stat().st_size)})."
            )
        )
        self.stdout.write(
            "It holds personal data: keep it encrypted, access-controlled and away from this "
            "server. Restore it with: manage.py restore --input " + str(output)
        )
