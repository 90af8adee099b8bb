"""``manage.py send_renewal_reminders``: tell holders 90 and 30 days before a certificate expires.

A thin wrapper: the rule lives in ``courses.services.renewal_reminders``.
"""

from django.core.management.base import BaseCommand

from courses.services.renewal_reminders import send_renewal_reminders


class Command(BaseCommand):
    help = (
        "Remind holders of certificates and qualifications with a limited validity: once 90 "
        "days and once 30 days before they expire (only the 30-day reminder when both are "
        "due), with the next refresher dates in their region. Each reminder is claimed in the "
        "database before its mail is queued, so runs may repeat or overlap. Run it daily from "
        "cron."
    )

    def handle(self, *args, **options):
        sent = send_renewal_reminders()
        self.stdout.write(f"{sent} renewal reminder(s) sent.")
