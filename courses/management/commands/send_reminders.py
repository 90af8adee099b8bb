"""``manage.py send_reminders``: the reminder mail before an offering's first session."""

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.db import transaction
from django.utils import timezone

from courses import notifications
from courses.models import Enrollment, Offering
from courses.models.offerings import BERLIN

DEFAULT_HOURS = 48


def due_enrollments(now: datetime.datetime, hours: int) -> list[Enrollment]:
    """Confirmed enrolments without a reminder whose open offering's first session starts
    after ``now`` and at most ``hours`` later."""
    until = now + datetime.timedelta(hours=hours)
    offerings = (
        Offering.objects.with_dates()
        .filter(status=Offering.Status.OPEN)
        .filter(
            first_date__gte=timezone.localtime(now, BERLIN).date(),
            first_date__lte=timezone.localtime(until, BERLIN).date(),
        )
        .prefetch_related("sessions")
    )
    due = {o.pk for o in offerings if o.starts_at is not None and now < o.starts_at <= until}
    return list(
        Enrollment.objects.confirmed()
        .filter(offering_id__in=due, reminder_sent_at__isnull=True, user__isnull=False)
        .order_by("offering_id", "pk")
    )


def claim_and_notify(enrollments, now: datetime.datetime) -> int:
    """Claim each enrolment with a conditional UPDATE and queue its reminder on commit.

    The UPDATE only matches while ``reminder_sent_at`` is still empty (and the enrolment
    still confirmed), so of several concurrent or repeated runs exactly one claims it; the
    mail leaves after that claim has committed. Returns the number of reminders queued.
    """
    sent = 0
    for enrollment in enrollments:
        with transaction.atomic():
            claimed = Enrollment.objects.filter(
                pk=enrollment.pk,
                status=Enrollment.Status.CONFIRMED,
                reminder_sent_at__isnull=True,
            ).update(reminder_sent_at=now)
            if claimed == 1:
                notifications.notify(enrollment, notifications.REMINDER)
                sent += 1
    return sent


def send_reminders(hours: int = DEFAULT_HOURS, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return claim_and_notify(due_enrollments(now, hours), now)


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
