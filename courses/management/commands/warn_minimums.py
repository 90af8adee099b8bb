"""``manage.py warn_minimums``: tell the coordination about offerings below their minimum.

A thin wrapper: the rule lives in ``courses.services.minimums``.
"""

import argparse

from django.core.management.base import BaseCommand, DjangoHelpFormatter

from courses.services.minimums import warn_below_minimum


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, but the description's line breaks are kept."""


class Command(BaseCommand):
    help = """Tell the coordination about offerings below their minimum number of participants.

An open or planned offering that has not started, has a minimum number of
participants and a go/no-go date, and has fewer confirmed participants than its
minimum from "minimum_warning_days" (site settings, default 14) days before that
date on, is reported once: the responsible coordination gets one mail each. Each
offering is claimed in the database (minimum_alert_sent_at) before its mail is
queued, so the mail goes out exactly once, even when runs overlap or repeat.
Nothing is cancelled: the coordination decides on the admin dashboard.

Run it from cron every 15 minutes (or daily), for example:

    */15 * * * *  cd /srv/portal && .venv/bin/python manage.py warn_minimums

The mails are sent by the task backend (django-tasks); with the database backend
a worker (manage.py db_worker) must be running."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = _HelpFormatter
        return parser

    def handle(self, *args, **options):
        reported = warn_below_minimum()
        self.stdout.write(
            f"{reported} mail(s) to the coordination about offerings below their minimum."
        )
