"""Uploads that are stored whole or not at all.

Django's file storage writes an upload straight to its final name: a disk that fills up
halfway leaves a partial file behind. Here the upload is written to a temporary file
first and moved into place only when complete (a rename, which needs no space). A storage
that fails, full or unreachable, raises `StorageFailed` for the view to explain, with the
person's typed text kept.
"""

from __future__ import annotations

import os
import tempfile
import time

from django.core.files.storage import FileSystemStorage


class StorageFailed(Exception):
    """The file could not be stored: the disk is full or the file store cannot be reached."""


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a storage raises when it fails, as opposed to a bug in our code."""
    errors: list[type[BaseException]] = [OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # the S3 extra is not installed
        pass
    else:
        errors += [BotoCoreError, ClientError]
    return tuple(errors)


def write_chunks(content, handle) -> None:
    for chunk in content.chunks():
        handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())


class _Complete:
    """A fully written temporary file, which FileSystemStorage moves into place."""

    def __init__(self, path: str, original) -> None:
        self._path = path
        self.size = os.path.getsize(path)
        self.name = getattr(original, "name", None)

    def temporary_file_path(self) -> str:
        return self._path

    def close(self) -> None:
        pass


# A temporary file older than this was left by a process that died while writing it.
ABANDONED_AFTER = 3600


class WholeFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        # Every upload is copied here first, large ones too: Django's own temporary file may
        # sit on another file system (/tmp), where moving it would be a copy that can stop
        # halfway in the final place. From here it is a rename.
        incoming = os.path.join(self.location, ".incoming")
        os.makedirs(incoming, exist_ok=True)
        clear_abandoned(incoming)
        fd, temporary = tempfile.mkstemp(dir=incoming)
        try:
            with os.fdopen(fd, "wb") as handle:
                write_chunks(content, handle)
            return super()._save(name, _Complete(temporary, content))
        finally:
            if os.path.exists(temporary):  # moved into place, or written only in part
                os.remove(temporary)


def clear_abandoned(folder: str) -> None:
    """Remove temporary files that a killed process left in `folder`."""
    now = time.time()
    for entry in os.scandir(folder):
        try:
            if entry.is_file() and now - entry.stat().st_mtime > ABANDONED_AFTER:
                os.remove(entry.path)
        except FileNotFoundError:  # another process cleared it first
            pass
