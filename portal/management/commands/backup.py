"""Back up the database and the file volumes into one tar.gz (see portal/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = (
        "Write backup-<time>.tar.gz (mode 0600) with the database, MEDIA_ROOT, the private "
        "files (if configured) and a manifest. Backups hold personal data: encrypt them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            help="where to write the archive (default: BACKUP_ROOT, var/backups)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="afterwards delete all but the newest N archives in the output directory",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            archive, manifest = backups.create_backup(options["output_dir"], options["database"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        counts = manifest["row_counts"]
        self.stdout.write(f"Backup written: {archive} ({archive.stat().st_size} bytes)")
        self.stdout.write(
            f"  database ({manifest['database']['vendor']}): {len(counts)} tables, "
            f"{sum(counts.values())} rows"
        )
        for name, stats in manifest["volumes"].items():
            self.stdout.write(f"  {name}: {stats['files']} files, {stats['bytes']} bytes")
        if options["verbosity"] >= 2:
            for table, count in counts.items():
                self.stdout.write(f"    {table}: {count}")
        if options["keep"]:
            for path in backups.prune(archive.parent, options["keep"]):
                self.stdout.write(f"  deleted old backup {path.name}")
