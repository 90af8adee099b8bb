"""``manage.py send_reminders``: the reminder mail before an offering's first session.

A thin wrapper: the rule lives in ``courses.services.reminders``.
"""

import argparse

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from courses.services.reminders import REMINDER_HOURS as DEFAULT_HOURS
from courses.services.reminders import send_reminders


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, but the description's line breaks are kept."""


class Command(BaseCommand):
    help = """Send the reminder mail before the first session of an offering.

Every confirmed participant of an open offering whose first session starts within
the next --hours hours (default 48) gets one reminder in their language. Each
enrolment is claimed in the database (reminder_sent_at) before its mail is queued,
so a reminder goes out exactly once, even when runs overlap or repeat. Waitlisted,
requested and cancelled enrolments and cancelled or planned offerings get none.

Run it from cron every 15 minutes, for example:

    */15 * * * *  cd /srv/portal && .venv/bin/python manage.py send_reminders

The mails are sent by the task backend (django-tasks); with the database backend
a worker (manage.py db_worker) must be running."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = _HelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=DEFAULT_HOURS,
            help=f"Remind of offerings starting within this many hours (default {DEFAULT_HOURS}).",
        )

    def handle(self, *args, hours, **options):
        if hours <= 0:
            raise CommandError("--hours must be a positive number.")
        sent = send_reminders(hours=hours)
        self.stdout.write(f"{sent} reminder(s) sent.")
