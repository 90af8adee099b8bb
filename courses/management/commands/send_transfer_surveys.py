"""``manage.py send_transfer_surveys``: ask participants what they could apply, months later.

A thin wrapper: the rule lives in ``courses.services.transfer``.
"""

from django.core.management.base import BaseCommand, CommandError

from courses.services.transfer import send_transfer_surveys


class Command(BaseCommand):
    help = (
        "Send the anonymous transfer survey to everybody who attended an offering that ended "
        '"transfer_survey_days" days ago (site settings, default 90; --days overrides it), '
        "once per person and offering; not for professional exchange meetings. Each enrolment "
        "is claimed in the database before its mail is queued, so runs may repeat or overlap. "
        "Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        if days is not None and days <= 0:
            raise CommandError("--days must be a positive number.")
        sent = send_transfer_surveys(days=days)
        self.stdout.write(f"{sent} transfer survey(s) sent.")
