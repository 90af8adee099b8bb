"""``manage.py send_evaluation_requests``: ask attended participants to evaluate an offering.

A thin wrapper: the rule lives in ``courses.services.reminders``.
"""

from django.core.management.base import BaseCommand, CommandError

from courses.services.reminders import EVALUATION_REQUEST_DAYS as DEFAULT_DAYS
from courses.services.reminders import send_evaluation_requests


class Command(BaseCommand):
    help = (
        "Ask every participant who attended an offering that has ended (within the last "
        "--days days, default 30) to fill in the anonymous evaluation, once. Run it daily "
        "from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, days, **options):
        if days <= 0:
            raise CommandError("--days must be a positive number.")
        sent = send_evaluation_requests(days=days)
        self.stdout.write(f"{sent} evaluation request(s) sent.")
