"""The database half of a backup: dump and restore PostgreSQL (pg_dump/pg_restore) and SQLite
(the sqlite3 backup API), with row counts and migration state read from the same state.

Split from ``portal.backups`` (archive, volumes, manifest, verification), which calls these.
The database password reaches ``pg_dump``/``pg_restore`` through the environment only.
"""

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess

from django.db import connections

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore failed; the message is safe to show (no secrets)."""


# Dumps and counts ------------------------------------------------------------------------


def database_vendor(alias):
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_env(settings_dict):
    """libpq environment for pg_dump/pg_restore: keeps the password off the command line."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _run(command, env):
    """Run a PostgreSQL client; on failure show its last lines (they carry no password)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise BackupError(f"{command[0]} failed (exit {result.returncode}):\n{message}")


def _count_rows(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def latest_migrations(rows):
    latest = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def sqlite_tables(cursor):
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def _quote_sqlite(name):
    return '"{}"'.format(name.replace('"', '""'))


def _database_state_sqlite(path):
    """Tables with row counts and the migration state of an SQLite file."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        cursor = db.cursor()
        tables = sqlite_tables(cursor)
        counts = _count_rows(cursor, tables, _quote_sqlite)
        migrations = {}
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = latest_migrations(cursor.fetchall())
    return counts, migrations


def dump_sqlite(alias, target):
    connection = connections[alias]
    if connection.in_atomic_block:
        # SQLite's backup would wait forever for the open write transaction to end.
        raise BackupError("Cannot back up SQLite from inside a transaction.")
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
    return _database_state_sqlite(target)


def dump_postgresql(alias, target):
    """pg_dump and the row counts from one snapshot, so that they agree exactly."""
    connection = connections.create_connection(alias)
    try:
        connection.ensure_connection()
        connection.set_autocommit(False)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = sorted(connection.introspection.table_names(cursor))
            counts = _count_rows(cursor, tables, connection.ops.quote_name)
            migrations = {}
            if "django_migrations" in tables:
                cursor.execute("SELECT app, name FROM django_migrations")
                migrations = latest_migrations(cursor.fetchall())
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                _pg_env(connection.settings_dict),
            )
        connection.rollback()
    finally:
        connection.close()
    return counts, migrations


def current_row_counts(alias="default"):
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        return _count_rows(cursor, tables, connection.ops.quote_name)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Restores ---------------------------------------------------------------------------------


def database_tables(alias):
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def restore_postgresql(alias, dump, force):
    connection = connections[alias]
    if force:
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    env = _pg_env(connection.settings_dict)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={env.get('PGDATABASE', '')}",
            str(dump),
        ],
        env,
    )


def restore_sqlite(alias, dump):
    connection = connections[alias]
    connection.close()
    connection.ensure_connection()
    try:
        with contextlib.closing(sqlite3.connect(dump)) as source:
            source.backup(connection.connection)
    finally:
        connection.close()
