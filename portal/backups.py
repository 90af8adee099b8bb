"""Backups: one tar.gz with the database, the file volumes and a manifest; restore and verify.

Archive layout::

    manifest.json        created at, database vendor, migration state, row counts, volumes
    database.dump        PostgreSQL: ``pg_dump --format=custom``
    database.sqlite3     SQLite: a consistent copy made with the sqlite3 backup API
    media/...            MEDIA_ROOT
    private/...          PRIVATE_MEDIA_ROOT, when that setting exists

The row counts are taken from the same state as the dump: on PostgreSQL in the snapshot that
``pg_dump --snapshot`` uses, on SQLite from the copy. A restore checks the archive completely
(gzip checksum, database checksum, safe member names) before it changes anything, and verifies
the row count of every table and the files of every volume afterwards.

Nothing secret goes into the archive's manifest or the output: the database password reaches
``pg_dump``/``pg_restore`` through the environment, never the command line. The archive itself
holds personal data; it is written with mode 0600 into a directory with mode 0700.
"""

import gzip
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import Error as DatabaseError

from portal.backup_database import (
    DATABASE_FILES,
    BackupError,
    current_row_counts,
    database_tables,
    database_vendor,
    dump_postgresql,
    dump_sqlite,
    latest_migrations,
    restore_postgresql,
    restore_sqlite,
    sha256,
)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


@dataclass
class RestoreResult:
    manifest: dict
    row_counts: dict
    volumes: dict
    warnings: list = field(default_factory=list)


# Volumes -------------------------------------------------------------------------------------


def volumes():
    """The file volumes to back up: name -> root. ``private`` only when the setting exists."""
    roots = {"media": Path(settings.MEDIA_ROOT)}
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if private:
        roots["private"] = Path(private)
    return roots


def _files(root):
    """Regular files below root (symbolic links are not followed), sorted."""
    if not root.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def volume_stats(root):
    files = _files(Path(root))
    return {"files": len(files), "bytes": sum(path.stat().st_size for path in files)}


def backup_root():
    return Path(
        getattr(settings, "BACKUP_ROOT", None) or Path(settings.BASE_DIR) / "var" / "backups"
    )


# Backup --------------------------------------------------------------------------------------


def _private_dir(path):
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def create_backup(output_dir=None, alias="default"):
    """Write ``backup-<UTC time>.tar.gz`` (mode 0600) into output_dir; return (path, manifest)."""
    try:
        return _create_backup(output_dir, alias)
    except DatabaseError as error:
        raise BackupError(f"Database error: {error}") from None


def _create_backup(output_dir, alias):
    vendor = database_vendor(alias)
    output_dir = _private_dir(Path(output_dir) if output_dir else backup_root())
    created = datetime.now(UTC)
    archive = output_dir / f"backup-{created:%Y%m%dT%H%M%S%fZ}.tar.gz"
    database_file = DATABASE_FILES[vendor]

    with tempfile.TemporaryDirectory(prefix="backup-") as staging:  # mode 0700
        dump = Path(staging) / database_file
        dump.touch(mode=0o600)
        if vendor == "postgresql":
            counts, migrations = dump_postgresql(alias, dump)
        else:
            counts, migrations = dump_sqlite(alias, dump)
        roots = volumes()
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "database": {
                "vendor": vendor,
                "file": database_file,
                "sha256": sha256(dump),
                "bytes": dump.stat().st_size,
            },
            "migrations": migrations,
            "row_counts": counts,
            "volumes": {name: volume_stats(root) for name, root in roots.items()},
        }
        partial = archive.with_name(archive.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(created.timestamp())
                tar.addfile(info, io.BytesIO(data))
                tar.add(dump, arcname=database_file)
                for name, root in roots.items():
                    for path in _files(root):
                        tar.add(path, arcname=f"{name}/{path.relative_to(root).as_posix()}")
            os.replace(partial, archive)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return archive, manifest


def prune(output_dir, keep):
    """Delete all but the newest ``keep`` archives in output_dir; return the deleted paths."""
    archives = sorted(Path(output_dir).glob("backup-*.tar.gz"))
    old = archives[: max(len(archives) - keep, 0)]
    for path in old:
        path.unlink()
    return old


# Restore -------------------------------------------------------------------------------------


def read_manifest(tar):
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except KeyError:
        raise BackupError("The archive has no manifest.json: not a portal backup.") from None
    except (ValueError, AttributeError) as error:
        raise BackupError(f"The manifest is unreadable: {error}") from None
    required = {"format", "created_at", "database", "migrations", "row_counts", "volumes"}
    if not isinstance(manifest, dict) or not required <= manifest.keys():
        raise BackupError("The manifest is incomplete: not a portal backup.")
    if manifest["format"] != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest['format']!r}.")
    return manifest


def _check_members(tar, manifest):
    database_file = manifest["database"]["file"]
    allowed_dirs = tuple(f"{name}/" for name in manifest["volumes"])
    for member in tar.getmembers():
        name = member.name
        if name in (MANIFEST, database_file):
            if not member.isfile():
                raise BackupError(f"Unexpected archive member {name!r}.")
        elif not name.startswith(allowed_dirs) or not (member.isfile() or member.isdir()):
            raise BackupError(f"Unexpected archive member {name!r}.")


def _unpack(archive, staging):
    """Read and check the whole archive into staging; return its manifest."""
    try:
        with gzip.open(archive) as stream:  # the whole gzip stream, checksum included
            while stream.read(1 << 20):
                pass
        with tarfile.open(archive, mode="r:gz") as tar:
            manifest = read_manifest(tar)
            _check_members(tar, manifest)
            tar.extractall(staging, filter="data")
    except FileNotFoundError:
        raise BackupError(f"No such archive: {archive}") from None
    except (tarfile.TarError, gzip.BadGzipFile, OSError, EOFError) as error:
        raise BackupError(f"The archive is damaged or unreadable: {error}") from None
    dump = Path(staging) / manifest["database"]["file"]
    if not dump.is_file() or sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError("The database in the archive does not match its checksum.")
    for name, expected in manifest["volumes"].items():
        found = volume_stats(Path(staging) / name)
        if found != expected:
            raise BackupError(f"Volume {name!r} in the archive: {found}, manifest: {expected}.")
    return manifest


def _volume_is_empty(root):
    return not root.exists() or not any(root.iterdir())


def _clear(root):
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _migration_warnings(manifest):
    """Tell whether the restored schema is behind (migrate) or ahead of this code."""
    from django.db.migrations.loader import MigrationLoader

    leaves = latest_migrations(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    warnings = []
    for app, name in manifest["migrations"].items():
        code = leaves.get(app)
        if code and name < code:
            warnings.append(f"{app}: backup at {name}, code at {code}; run manage.py migrate.")
        elif code and name > code:
            warnings.append(f"{app}: backup at {name} is newer than this code ({code}).")
    return warnings


def verify(manifest, alias="default"):
    """Compare the configured database and volumes with the manifest; return mismatches."""
    problems = []
    counts = current_row_counts(alias)
    expected = manifest["row_counts"]
    for table in sorted(expected.keys() | counts.keys()):
        if expected.get(table) != counts.get(table):
            problems.append(
                f"table {table}: expected {expected.get(table)}, found {counts.get(table)}"
            )
    roots = volumes()
    found_volumes = {}
    for name, stats in manifest["volumes"].items():
        found_volumes[name] = volume_stats(roots[name])
        if found_volumes[name] != stats:
            problems.append(f"volume {name}: expected {stats}, found {found_volumes[name]}")
    return problems, counts, found_volumes


def restore_backup(archive, alias="default", force=False):
    """Restore archive into the configured database and volumes, then verify it."""
    try:
        return _restore_backup(archive, alias, force)
    except DatabaseError as error:
        raise BackupError(f"Database error: {error}") from None


def _restore_backup(archive, alias, force):
    vendor = database_vendor(alias)
    roots = volumes()
    with tempfile.TemporaryDirectory(prefix="restore-") as staging:
        manifest = _unpack(archive, staging)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"The backup is of a {manifest['database']['vendor']} database, "
                f"the configured one is {vendor}."
            )
        missing = sorted(set(manifest["volumes"]) - set(roots))
        if missing:
            raise BackupError(f"The backup has volumes this site has no setting for: {missing}.")
        if not force:
            if database_tables(alias):
                raise BackupError(
                    "The configured database is not empty; restore into a new database "
                    "or pass --force to replace it."
                )
            full = [name for name in manifest["volumes"] if not _volume_is_empty(roots[name])]
            if full:
                raise BackupError(
                    f"Volume(s) {', '.join(full)} not empty; pass --force to replace them."
                )

        dump = Path(staging) / manifest["database"]["file"]
        if vendor == "postgresql":
            restore_postgresql(alias, dump, force)
        else:
            restore_sqlite(alias, dump)
        for name in manifest["volumes"]:
            root = roots[name]
            root.mkdir(parents=True, exist_ok=True)
            _clear(root)
            source = Path(staging) / name
            if source.is_dir():
                shutil.copytree(source, root, dirs_exist_ok=True)

    problems, counts, found_volumes = verify(manifest, alias)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(f"The restore does not match the manifest:\n  {shown}{more}")
    return RestoreResult(manifest, counts, found_volumes, _migration_warnings(manifest))
