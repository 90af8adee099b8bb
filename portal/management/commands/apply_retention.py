"""``manage.py apply_retention``: delete or anonymise what is past its retention period.

A thin wrapper: the rules live in ``portal.retention`` and each app's ``retention`` module.
"""

import argparse

from django.core.management.base import BaseCommand, DjangoHelpFormatter

from portal.retention import apply_retention, periods


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, but the description's line breaks are kept."""


class Command(BaseCommand):
    help = """Delete or anonymise personal data that is past its retention period.

The periods are PRIVACY_RETENTION in the settings (DJANGO_RETENTION_<KEY> in the
environment); the privacy page states them from the same place. Expired sessions,
finished background tasks, old audit-log entries, closed requests, past interests
and workshop registrations are deleted or anonymised, enrolments lose their
personal details, inactive accounts are warned by mail and deleted 30 days later
(superusers never). Prints what it did per kind.

Idempotent and safe to run twice at the same time; run it daily from cron:

    15 3 * * *  cd /srv/portal && .venv/bin/python manage.py apply_retention

--dry-run counts what would be done and changes nothing (no mail either)."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = _HelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted or anonymised, without changing anything.",
        )

    def handle(self, *args, dry_run, **options):
        counts = apply_retention(dry_run=dry_run)
        if options["verbosity"] >= 2:
            for key, days in periods().items():
                self.stdout.write(f"period {key}: {days}")
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
