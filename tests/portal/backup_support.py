"""Helpers of the backup tests: run the real commands, read archives and SQLite counts."""

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

from django.conf import settings

from portal import backup_database, backups

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
SEED = """
import django
django.setup()
from tests.courses.factories import EnrollmentFactory
from tests.factories import UserFactory
UserFactory.create_batch(3)
EnrollmentFactory.create_batch(2)
"""


def private_of(media_root):
    """The PRIVATE_MEDIA_ROOT that goes with a test's MEDIA_ROOT (documents live there)."""
    return Path(f"{media_root}-private")


def run(args, database_url, media_root, **env):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(private_of(media_root)),
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
            for table in backup_database.sqlite_tables(cursor)
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
