"""``manage.py expire_offers``: waiting-list offers past their deadline go to the next person.

A thin wrapper: the rule lives in ``courses.services.offers``.
"""

from django.core.management.base import BaseCommand

from courses.services.offers import expire_offers


class Command(BaseCommand):
    help = (
        "End every waiting-list offer whose deadline has passed and offer the seat to the "
        "next person entitled to it. Safe to run repeatedly and concurrently; run it from "
        "cron every 15 minutes, for example "
        "'*/15 * * * * .venv/bin/python manage.py expire_offers'."
    )

    def handle(self, *args, **options):
        expired = expire_offers()
        self.stdout.write(f"{expired} offer(s) expired.")
