"""``manage.py release_contingents``: reserved seats past their date go to the waiting list.

A thin wrapper: the rule lives in ``courses.services.contingents``.
"""

from django.core.management.base import BaseCommand

from courses.services.contingents import release_due_contingents


class Command(BaseCommand):
    help = (
        "Release every seat contingent whose date has passed and move the waiting lists up "
        "into the seats that became free, first come first served. Safe to run repeatedly "
        "and concurrently; run it from cron every 15 minutes, for example "
        "'*/15 * * * * .venv/bin/python manage.py release_contingents'."
    )

    def handle(self, *args, **options):
        released = release_due_contingents()
        self.stdout.write(f"{released} contingent(s) released.")
