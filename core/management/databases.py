"""Copy the configured database to one file and back, for `backup` and `restore`.

PostgreSQL goes through its own tools, `pg_dump` (custom format) and `pg_restore`, which must
be at least as new as the server (Debian: the `postgresql-client-<major>` package, which the
server package already pulls in). The connection settings come from
settings.DATABASES["default"] and reach the tools as libpq environment variables, so the
password never shows on a command line or in a process list.

SQLite goes through sqlite3's online backup API, in both directions: it copies a consistent
snapshot while the app keeps running, and writing back through it (rather than copying the
file over) leaves no stale WAL file behind to corrupt the restored database.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError, connection

PG_DUMP_FILE = "database.pgdump"
SQLITE_FILE = "database.sqlite3"


@dataclass(frozen=True)
class DatabaseCopy:
    path: Path
    vendor: str  # connection.vendor: "postgresql" or "sqlite"
    details: str  # one plain sentence for the person running the command


def describe_database() -> str:
    """Which database this is, in words: never the password."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite database {settings['NAME']}"
    host = settings.get("HOST") or "the local socket"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"PostgreSQL database {settings['NAME']} on {host}{port}"


def dump_database(folder: Path) -> DatabaseCopy:
    """Write a consistent copy of the configured database into folder."""
    if connection.vendor == "postgresql":
        return _dump_postgresql(folder / PG_DUMP_FILE)
    if connection.vendor == "sqlite":
        return _dump_sqlite(folder / SQLITE_FILE)
    raise CommandError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def reach_database() -> None:
    """Connect to the configured database, or say plainly why that is not possible."""
    if connection.vendor == "sqlite":
        # A new installation's SQLite file may not have a folder yet.
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise CommandError(
            f"Cannot reach the {describe_database()}: {error}".strip()
            + "\nCreate the empty database first (PostgreSQL: createdb <name>)."
        ) from None


def restore_database(copy: Path, vendor: str) -> str:
    """Load copy into the configured database, replacing what is there. Says what it did."""
    if vendor != connection.vendor:
        raise CommandError(
            f"The backup holds a {vendor} database, but this installation uses "
            f"{connection.vendor}. Restore it into a {vendor} installation."
        )
    if vendor == "postgresql":
        return _restore_postgresql(copy)
    return _restore_sqlite(copy)


# --- PostgreSQL --------------------------------------------------------------------------------


def _dump_postgresql(path: Path) -> DatabaseCopy:
    pg_dump = _pg_tool("pg_dump")
    _run([pg_dump, "--format=custom", f"--file={path}"])
    return DatabaseCopy(path, "postgresql", f"{describe_database()}, dumped with pg_dump")


def _restore_postgresql(path: Path) -> str:
    pg_restore = _pg_tool("pg_restore")
    # --clean --if-exists: drop what the dump is about to create, so the restore works into
    # a completely empty database and into one where someone already ran `migrate`.
    # One transaction: if anything fails, the database is left as it was.
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ]
    )
    return f"{describe_database()}, restored with pg_restore"


def _pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore, if it is at least as new as the server."""
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} is not installed. Install the PostgreSQL {server_major} client tools "
            f"(Debian/Ubuntu: apt-get install postgresql-client-{server_major})."
        )
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"\(PostgreSQL\) (\d+)", version)
    client_major = int(match.group(1)) if match else 0
    if client_major < server_major:
        raise CommandError(
            f"{name} {client_major} is older than the PostgreSQL {server_major} server and "
            f"cannot work with it. Install postgresql-client-{server_major}."
        )
    return path


def _libpq_environment() -> dict[str, str]:
    """The connection settings as libpq variables: nothing secret on the command line."""
    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    values = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(args: list[str]) -> None:
    result = subprocess.run(args, env=_libpq_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        tool = Path(args[0]).name
        raise CommandError(f"{tool} failed:\n{result.stderr.strip()}")


# --- SQLite ------------------------------------------------------------------------------------


def _dump_sqlite(path: Path) -> DatabaseCopy:
    source = Path(connection.settings_dict["NAME"])
    if not source.is_file():
        raise CommandError(f"There is no SQLite database at {source} to back up.")
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(path)) as copy:
        live.backup(copy)
        # One self-contained file in the archive, without a write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    return DatabaseCopy(path, "sqlite", f"{describe_database()}, copied with SQLite's backup API")


def _restore_sqlite(path: Path) -> str:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    with closing(sqlite3.connect(path)) as copy, closing(sqlite3.connect(target)) as live:
        copy.backup(live)
    return f"{describe_database()}, written back with SQLite's backup API"
