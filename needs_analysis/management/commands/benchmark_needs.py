"""Timings of the needs analysis with many findings (a table; never asserted in tests).

Rows marked "cold" compute the cached sums anew (``needs_analysis.aggregates``); the others
read them as every view after the first does, until findings or offerings change.

    manage.py benchmark_needs --findings 100000

Creates the findings (and a few offerings) inside a transaction that is rolled back at the
end, so the database is left as it was. Point it at a throwaway database all the same.
"""

import datetime
import random
import time

from django.contrib.messages.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from needs_analysis import aggregates, demand, recommendations
from needs_analysis.models import Finding
from portal.models import Audience, Region, Topic


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time matrix() and the dashboard with many findings (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--findings", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, **options):
        rows = []
        try:
            with transaction.atomic():
                rows = self.run(options["findings"], options["repeat"])
                raise Rollback
        except Rollback:
            pass
        width = max(len(name) for name, _ in rows)
        self.stdout.write(f"{'step'.ljust(width)}  seconds")
        for name, seconds in rows:
            self.stdout.write(f"{name.ljust(width)}  {seconds:8.3f}")

    def timed(self, rows, name, fn, repeat=1):
        best = None
        for _ in range(repeat):
            started = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        rows.append((name, best))
        return result

    def run(self, count, repeat):
        from portal.models import User

        rows = []
        rng = random.Random(4)
        regions = list(Region.objects.values_list("pk", flat=True))
        topics = list(Topic.objects.values_list("pk", flat=True))
        audiences = list(Audience.objects.values_list("pk", flat=True))
        today = timezone.localdate()

        def create():
            findings = Finding.objects.bulk_create(
                (
                    Finding(
                        region_id=rng.choice(regions),
                        audience_id=rng.choice(audiences),
                        urgency=rng.choice(["low", "medium", "high"]),
                        staff_affected=rng.randint(1, 12),
                        phase=rng.choice(["custody", "after_release", "probation", ""]),
                        status=rng.choice(["new", "reviewed", "planned", "archived"]),
                        recorded_on=today - datetime.timedelta(days=rng.randint(0, 900)),
                    )
                    for _ in range(count)
                ),
                batch_size=5000,
            )
            Finding.topics.through.objects.bulk_create(
                (
                    Finding.topics.through(finding_id=f.pk, topic_id=t)
                    for f in findings
                    for t in rng.sample(topics, rng.randint(1, 2))
                ),
                batch_size=5000,
            )
            aggregates.findings_changed()  # bulk writes send no signals

        def cold(fn):
            def run():
                aggregates.findings_changed()  # the cached sums are computed anew
                return fn()

            return run

        self.timed(rows, f"create {count} findings", create)
        self.timed(rows, "matrix(), cold", cold(demand.matrix), repeat)
        self.timed(rows, "recommendations(), cold", cold(recommendations.recommendations), repeat)
        self.timed(rows, "matrix()", demand.matrix, repeat)
        self.timed(
            rows,
            "matrix(audience, phase)",
            lambda: demand.matrix(audience=Audience.objects.first(), phase="custody"),
            repeat,
        )
        self.timed(rows, "recommendations()", recommendations.recommendations, repeat)

        # The views are called directly (no middleware: no session, no two-factor check).
        from needs_analysis.admin_views import DashboardView
        from needs_analysis.wagtail_hooks import findings_viewset

        admin = User.objects.create(
            email="benchmark@example.org", is_superuser=True, is_staff=True
        )
        factory = RequestFactory()
        findings_index = findings_viewset.index_view

        def render(view, url):
            def run():
                request = factory.get(url)
                request.user = admin
                request.session = {}
                request._messages = default_storage(request)
                response = view(request)
                if hasattr(response, "render"):
                    response.render()
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                return response

            return run

        self.timed(
            rows, "dashboard view", render(DashboardView.as_view(), "/admin/needs/"), repeat
        )
        self.timed(
            rows, "findings list view", render(findings_index, "/admin/needs/findings/"), repeat
        )
        return rows
