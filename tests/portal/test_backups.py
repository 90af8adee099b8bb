"""Backup and restore (portal/backups.py, `manage.py backup` / `manage.py restore`).

SQLite: the migrated test database is copied to a file, seeded and backed up by the real
commands in a subprocess, then restored into a fresh file. PostgreSQL (DATABASE_URL): the test
database is backed up and restored into a new database that is dropped afterwards.
"""

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from portal import backups

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
SEED = """
import django
django.setup()
from tests.courses.factories import EnrollmentFactory
from tests.factories import UserFactory
UserFactory.create_batch(3)
EnrollmentFactory.create_batch(2)
"""


def run(args, database_url, media_root, **env):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def sqlite_counts(path):
    with contextlib.closing(sqlite3.connect(path)) as db:
        cursor = db.cursor()
        return {
            table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in backups._sqlite_tables(cursor)
        }


def only_archive(directory):
    archives = list(Path(directory).glob("backup-*.tar.gz"))
    assert len(archives) == 1
    return archives[0]


def rewrite_manifest(archive, target, change):
    """Copy archive to target with change(manifest) applied."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == backups.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory, django_db_setup, django_db_blocker):
    """A seeded SQLite file with a media file, and its backup written by `manage.py backup`."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup tests need the SQLite test database")
    base = tmp_path_factory.mktemp("backup")
    source, media = base / "source.sqlite3", base / "media"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(source)) as copy:
            connection.connection.backup(copy)  # the migrated test database
    url = f"sqlite:///{source}"
    seeded = run(["-c", SEED], url, media)
    assert seeded.returncode == 0, seeded.stderr
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "handout.pdf").write_bytes(b"%PDF-1.4 demo\n" * 100)
    result = run([MANAGE, "backup", "--output-dir", str(base / "out")], url, media)
    assert result.returncode == 0, result.stderr
    return {"base": base, "source": source, "media": media, "archive": only_archive(base / "out")}


def test_sqlite_backup_restores_into_a_fresh_file(sqlite_backup):
    target = sqlite_backup["base"] / "restored.sqlite3"
    media = sqlite_backup["base"] / "restored-media"
    result = run([MANAGE, "restore", str(sqlite_backup["archive"])], f"sqlite:///{target}", media)

    assert result.returncode == 0, result.stderr
    assert "Restore verified." in result.stdout
    source_counts = sqlite_counts(sqlite_backup["source"])
    assert sqlite_counts(target) == source_counts
    assert source_counts["courses_enrollment"] == 2
    restored = media / "documents" / "handout.pdf"
    original = sqlite_backup["media"] / "documents" / "handout.pdf"
    assert restored.read_bytes() == original.read_bytes()


def test_archive_has_manifest_and_private_permissions(sqlite_backup):
    archive = sqlite_backup["archive"]
    assert archive.stat().st_mode & 0o777 == 0o600
    assert archive.parent.stat().st_mode & 0o777 == 0o700
    with tarfile.open(archive, "r:gz") as tar:
        names = set(tar.getnames())
        manifest = backups.read_manifest(tar)
    assert {"manifest.json", "database.sqlite3", "media/documents/handout.pdf"} <= names
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["created_at"]
    assert manifest["migrations"]["portal"].startswith("0")
    assert manifest["row_counts"] == sqlite_counts(sqlite_backup["source"])
    assert manifest["volumes"] == {"media": {"files": 1, "bytes": 1400}}
    assert settings.SECRET_KEY not in json.dumps(manifest)


def test_mismatching_archive_fails_without_traceback(sqlite_backup):
    def one_more_enrollment(manifest):
        manifest["row_counts"]["courses_enrollment"] += 1

    archive = rewrite_manifest(
        sqlite_backup["archive"], sqlite_backup["base"] / "mismatch.tar.gz", one_more_enrollment
    )
    target = sqlite_backup["base"] / "mismatch.sqlite3"
    media = sqlite_backup["base"] / "mismatch-media"
    result = run([MANAGE, "restore", str(archive)], f"sqlite:///{target}", media)

    assert result.returncode == 1
    assert "does not match the manifest" in result.stderr
    assert "courses_enrollment: expected 3, found 2" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def small_archive(tmp_path):
    """A well-formed archive for the configured vendor, built by hand (no database needed)."""
    database = b"not really a database" * 500
    vendor = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    manifest = {
        "format": backups.FORMAT_VERSION,
        "created_at": "2026-01-01T00:00:00+00:00",
        "database": {
            "vendor": vendor,
            "file": backups.DATABASE_FILES[vendor],
            "sha256": hashlib.sha256(database).hexdigest(),
            "bytes": len(database),
        },
        "migrations": {},
        "row_counts": {},
        "volumes": {"media": {"files": 0, "bytes": 0}},
    }
    archive = tmp_path / "small.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in [
            (backups.MANIFEST, json.dumps(manifest).encode()),
            (manifest["database"]["file"], database),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


@pytest.mark.parametrize(
    "damage", ["truncated", "not a tar", "no manifest", "traversal", "checksum", "vendor"]
)
def test_damaged_archive_fails_before_changing_anything(small_archive, tmp_path, damage):
    broken = tmp_path / "broken.tar.gz"
    if damage == "truncated":
        broken.write_bytes(small_archive.read_bytes()[:-20])
    elif damage == "not a tar":
        broken.write_bytes(b"hello")
    elif damage == "no manifest":
        with tarfile.open(broken, "w:gz") as tar:
            tar.addfile(tarfile.TarInfo("database.dump"), io.BytesIO(b""))
    elif damage == "traversal":
        with tarfile.open(small_archive, "r:gz") as source, tarfile.open(broken, "w:gz") as copy:
            manifest = source.getmember(backups.MANIFEST)
            copy.addfile(manifest, source.extractfile(manifest))
            evil = tarfile.TarInfo("media/../../evil.txt")
            evil.size = 4
            copy.addfile(evil, io.BytesIO(b"evil"))
    elif damage == "checksum":
        rewrite_manifest(small_archive, broken, lambda m: m["database"].update(sha256="0" * 64))
    else:
        other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        rewrite_manifest(small_archive, broken, lambda m: m["database"].update(vendor=other))

    # The archive is checked before the database is touched: no database access is allowed.
    with pytest.raises(CommandError, match=r"damaged|member|checksum|not a portal|backup is of"):
        call_command("restore", str(broken))
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_a_non_empty_database(sqlite_backup):
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(sqlite_backup["archive"]))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_backup_restores_into_a_new_database(tmp_path, settings):
    import psycopg

    from tests.courses.factories import EnrollmentFactory

    EnrollmentFactory.create_batch(2)
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "handout.pdf").write_bytes(b"%PDF-1.4\n")
    call_command("backup", output_dir=str(tmp_path / "out"))
    archive = only_archive(tmp_path / "out")

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    server = {**params, "dbname": "postgres", "autocommit": True}
    name = f"restore_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        data = connection.settings_dict
        url = (
            f"postgres://{data['USER']}:{data['PASSWORD']}@{data['HOST'] or '127.0.0.1'}"
            f":{data['PORT'] or 5432}/{name}"
        )
        result = run([MANAGE, "restore", str(archive)], url, tmp_path / "restored-media")
        assert result.returncode == 0, result.stderr
        if data["PASSWORD"]:
            assert data["PASSWORD"] not in result.stdout + result.stderr

        with psycopg.connect(**{**params, "dbname": name}) as restored:
            tables = [
                row[0]
                for row in restored.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            restored_counts = {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
        assert restored_counts == backups.current_row_counts()
        assert restored_counts["courses_enrollment"] == 2
        assert (tmp_path / "restored-media" / "documents" / "handout.pdf").exists()
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_keep_deletes_all_but_the_newest_archives(tmp_path):
    names = [f"backup-2026010{day}T000000000000Z.tar.gz" for day in range(1, 5)]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("kept")

    deleted = backups.prune(tmp_path, keep=2)

    assert [path.name for path in deleted] == names[:2]
    assert sorted(path.name for path in tmp_path.iterdir()) == [*names[2:], "notes.txt"]
