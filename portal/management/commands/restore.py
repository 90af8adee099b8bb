"""Restore a backup from `manage.py backup` and verify it against its manifest."""

from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database and volumes, then verify the "
        "row count of every table and the files of every volume against the manifest. "
        "Refuses a non-empty database or volume unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a backup-*.tar.gz written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a non-empty database (all its tables are dropped) and volumes",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        try:
            result = backups.restore_backup(
                options["archive"], options["database"], force=options["force"]
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        counts = result.row_counts
        self.stdout.write(f"Restored backup of {manifest['created_at']}.")
        self.stdout.write(
            f"  database ({manifest['database']['vendor']}): {len(counts)} tables, "
            f"{sum(counts.values())} rows, matching the manifest"
        )
        for name, stats in result.volumes.items():
            self.stdout.write(
                f"  {name}: {stats['files']} files, {stats['bytes']} bytes, matching the manifest"
            )
        if options["verbosity"] >= 2:
            for table, count in counts.items():
                self.stdout.write(f"    {table}: {count}")
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"  {warning}"))
        self.stdout.write(self.style.SUCCESS("Restore verified."))
