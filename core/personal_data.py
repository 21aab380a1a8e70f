"""A person's data under the AVG (GDPR): one registry, filled by the apps that hold it.

core knows no app. Each app registers a `PersonalData` provider in its AppConfig.ready():
`export(user)` returns that person's own data held by the app (JSON-serialisable; files as
`{"name": ..., "path": ...}` pairs, read from the default storage into the ZIP) and
`erase(user)` removes or anonymises it. `export_person` and `erase_person` ask every
provider; privacy's views call them and keep the audit log.

Erasure runs the providers top layer first (the reverse of registration, which follows
INSTALLED_APPS): an upper app still sees the person as they were, e.g. notifications can
replace their name in colleagues' bells before teams renames them to "oud-collega".
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class PersonalData:
    """What one app holds of a person, and how it lets go of it."""

    name: str
    export: Callable[[Any], dict]
    erase: Callable[[Any], None]


_providers: dict[str, PersonalData] = {}


def register(provider: PersonalData) -> None:
    """Called from an AppConfig.ready(); registering a name twice replaces it (reloads)."""
    _providers[provider.name] = provider


def providers() -> list[PersonalData]:
    return list(_providers.values())


_purges: dict[str, Callable[[datetime.datetime], int]] = {}


def register_purge(name: str, purge: Callable[[datetime.datetime], int]) -> None:
    """An app's retention rule: `purge(cutoff)` deletes its records older than `cutoff` and
    returns how many went. The privacy app runs them daily (PLC_RETENTION_DAYS)."""
    _purges[name] = purge


def purge_before(cutoff: datetime.datetime) -> dict[str, int]:
    return {name: purge(cutoff) for name, purge in _purges.items()}


def delete_file_after_commit(path: str) -> None:
    """Remove a stored file once the erasure is committed: a rolled-back erasure keeps it."""
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))


def collect(user) -> dict[str, dict]:
    """Every provider's export of `user`, by app name."""
    return {provider.name: provider.export(user) for provider in providers()}


def export_person(user) -> bytes:
    """A ZIP with data.json (everything the apps hold of `user`) and files/ (their files)."""
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for app, part in data.items():
            for number, item in enumerate(part.get("files", []), start=1):
                path = item.get("path", "")
                if not path or not default_storage.exists(path):
                    item["in_zip"] = None
                    continue
                # The name was typed by a person: only its last part, so no "../" in it can
                # point outside the folder when the ZIP is unpacked.
                name = PurePosixPath((item.get("name") or path).replace("\\", "/")).name
                in_zip = f"files/{app}/{number}-{name or 'bestand'}"
                with default_storage.open(path, "rb") as stored:
                    archive.writestr(in_zip, stored.read())
                item["in_zip"] = in_zip
        document = {"person": user.pk, "exported_at": timezone.now(), "data": data}
        archive.writestr(
            "data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
    return buffer.getvalue()


def erase_person(user, *, by) -> None:
    """Every app erases or anonymises what it holds of `user`, all or nothing.

    `by` is who asked (the leader); the privacy app writes them into its audit log.
    Files are removed from storage only after the transaction commits.
    """
    with transaction.atomic():
        for provider in reversed(providers()):
            provider.erase(user)
