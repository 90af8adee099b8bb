"""Backup and restore on PostgreSQL: the test database into a new database, dropped afterwards.

In a module of its own: the test commits (``pg_dump`` only sees committed rows), so it flushes
the database afterwards. pytest-django runs such tests last, but pytest-xdist hands out whole
modules; alone here, it runs after the other modules of its worker.
"""

import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from portal import backups
from tests.portal.backup_support import MANAGE, only_archive, private_of, run


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_backup_restores_into_a_new_database(tmp_path, settings):
    import psycopg

    from tests.courses.factories import EnrollmentFactory

    EnrollmentFactory.create_batch(2)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = private_of(settings.MEDIA_ROOT)
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
