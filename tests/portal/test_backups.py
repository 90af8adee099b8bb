"""Backup and restore (portal/backups.py, `manage.py backup` / `manage.py restore`).

SQLite: the migrated test database is copied to a file, seeded and backed up by the real
commands in a subprocess, then restored into a fresh file. PostgreSQL (DATABASE_URL): the test
database is backed up and restored into a new database that is dropped afterwards.
"""

import contextlib
import hashlib
import io
import json
import sqlite3
import tarfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from portal import backups
from tests.portal.backup_support import (
    MANAGE,
    SEED,
    only_archive,
    private_of,
    rewrite_manifest,
    run,
    sqlite_counts,
)

PRIVATE_DOCUMENT = "documents/0123456789abcdef0123456789abcdef/skript.pdf"


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
    (private_of(media) / PRIVATE_DOCUMENT).parent.mkdir(parents=True)
    (private_of(media) / PRIVATE_DOCUMENT).write_bytes(b"%PDF-1.4 private\n")
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
    restored_private = private_of(media) / PRIVATE_DOCUMENT
    assert restored_private.read_bytes() == b"%PDF-1.4 private\n"


def test_archive_has_manifest_and_private_permissions(sqlite_backup):
    archive = sqlite_backup["archive"]
    assert archive.stat().st_mode & 0o777 == 0o600
    assert archive.parent.stat().st_mode & 0o777 == 0o700
    with tarfile.open(archive, "r:gz") as tar:
        names = set(tar.getnames())
        manifest = backups.read_manifest(tar)
    assert {
        "manifest.json",
        "database.sqlite3",
        "media/documents/handout.pdf",
        f"private/{PRIVATE_DOCUMENT}",
    } <= names
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["created_at"]
    assert manifest["migrations"]["portal"].startswith("0")
    assert manifest["row_counts"] == sqlite_counts(sqlite_backup["source"])
    assert manifest["volumes"] == {
        "media": {"files": 1, "bytes": 1400},
        "private": {"files": 1, "bytes": 17},
    }
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


def test_keep_deletes_all_but_the_newest_archives(tmp_path):
    names = [f"backup-2026010{day}T000000000000Z.tar.gz" for day in range(1, 5)]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("kept")

    deleted = backups.prune(tmp_path, keep=2)

    assert [path.name for path in deleted] == names[:2]
    assert sorted(path.name for path in tmp_path.iterdir()) == [*names[2:], "notes.txt"]
