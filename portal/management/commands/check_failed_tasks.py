"""Exit non-zero when background tasks failed recently: for cron or a monitoring system."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from portal.failed_tasks import DAYS, describe, failed_results


class Command(BaseCommand):
    help = (
        "Report background tasks (django-tasks' database backend) that failed in the last days; "
        "exits with status 1 when there are any. Prints no task arguments."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=DAYS, help=f"how far back to look (default {DAYS})"
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        failures = [describe(result) for result in failed_results(days)]
        if not failures:
            self.stdout.write(f"No failed tasks in the last {days} days.")
            return
        groups = Counter((failure.name, failure.error) for failure in failures)
        latest = {}
        for failure in failures:  # newest first
            latest.setdefault((failure.name, failure.error), failure.failed_at)
        for (name, error), count in groups.most_common():
            self.stdout.write(
                f"{count:5d}  {name}  {error}  last {latest[name, error].isoformat()}"
            )
        raise CommandError(f"{len(failures)} failed task(s) in the last {days} days.")
