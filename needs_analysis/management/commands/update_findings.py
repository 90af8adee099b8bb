"""Daily bookkeeping of the needs analysis; run it from cron, for example

    15 3 * * *  cd /srv/portal && .venv/bin/python manage.py update_findings

Planned findings whose offering has taken place become "addressed"; planned findings whose
offerings were all cancelled go back to "reviewed" and show up as open needs again.
"""

from django.core.management.base import BaseCommand

from needs_analysis.services import planning


class Command(BaseCommand):
    help = "Mark findings as addressed once their offering has taken place."

    def handle(self, *args, **options):
        result = planning.update_findings()
        self.stdout.write(
            f"{result['addressed']} finding(s) addressed, {result['reopened']} reopened."
        )
