"""Grow the needs analysis to benchmark size: 100,000 findings (R8, PostgreSQL).

``grow_findings(n)`` tops the benchmark findings up to ``n`` with ``bulk_create`` in batches:
spread over all regions (mostly districts), every topic (one to three per finding), every
channel, urgency, phase, kind and status, recorded over the last three years with recent days
drawn more often, as the demo does. A fixed seed draws the same picture every time. The rows
carry ``source = "Bench"`` so that a second run adds only what is missing and the demo's
findings are untouched. Bulk inserts bypass ``save()`` and signals: at the end the findings
version (``needs_analysis.aggregates``) is bumped once so that the cached sums see the new
rows, and PostgreSQL's statistics of the two tables are refreshed (``ANALYZE``), so that the
planner knows their new sizes at once rather than after autovacuum's next round.

Used by ``bench/run.py`` (make bench) and for measuring the needs analysis by hand::

    DATABASE_URL=postgres://... python manage.py shell -c \
        "from bench.grow_findings import grow_findings; grow_findings()"
"""

from __future__ import annotations

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

MARKER = "Bench"
BATCH = 5_000
DAYS = 3 * 365


def _choices(enum):
    return [value for value, _label in enum.choices]


def grow_findings(n: int = 100_000, seed: int = 8, *, log=print) -> int:
    """Create benchmark findings until there are ``n`` of them; returns how many were added."""
    from needs_analysis.models import Finding
    from portal.models import Audience, Region, Topic

    existing = Finding.objects.filter(source=MARKER).count()
    missing = n - existing
    if missing <= 0:
        return 0
    rng = random.Random(f"{seed}:{existing}")
    regions = list(Region.objects.values_list("pk", "parent_id"))
    districts = [pk for pk, parent in regions if parent is not None] or [pk for pk, _ in regions]
    states = [pk for pk, parent in regions if parent is None]
    topics = list(Topic.objects.values_list("pk", flat=True))
    audiences = [*Audience.objects.values_list("pk", flat=True), None]
    if not regions or not topics:
        raise RuntimeError("No regions or topics: run migrate and seed_demo first.")
    channels = _choices(Finding.Channel)
    phases = ["", *_choices(Finding.Phase)]
    kinds = _choices(Finding.Kind)
    urgencies = _choices(Finding.Urgency)
    # Most findings are open or planned; a tenth is archived (and does not count).
    statuses = ["new"] * 5 + ["reviewed"] * 2 + ["planned", "addressed", "archived"]
    today = timezone.localdate()
    now = timezone.now()
    link = Finding.topics.through

    added = 0
    while added < missing:
        size = min(BATCH, missing - added)
        rows, topic_sets = [], []
        for _ in range(size):
            age = int(DAYS * rng.random() ** 1.4)
            rows.append(
                Finding(
                    channel=rng.choice(channels),
                    region_id=rng.choice(states) if rng.random() < 0.1 else rng.choice(districts),
                    audience_id=rng.choice(audiences),
                    phase=rng.choice(phases),
                    kind=rng.choice(kinds),
                    urgency=rng.choice(urgencies),
                    staff_affected=rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 8, 12)),
                    description="Fachkräfte berichten Unsicherheit im Umgang mit dem Thema.",
                    status=rng.choice(statuses),
                    recorded_on=today - datetime.timedelta(days=age),
                    source=MARKER,
                    created_at=now,
                )
            )
            topic_sets.append(rng.sample(topics, rng.choice((1, 1, 2, 2, 3))))
        with transaction.atomic():
            created = Finding.objects.bulk_create(rows)
            link.objects.bulk_create(
                link(finding_id=finding.pk, topic_id=topic_id)
                for finding, chosen in zip(created, topic_sets, strict=True)
                for topic_id in chosen
            )
        added += size
        log(f"findings: {existing + added} of {n}")
    _bump_versions()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Finding._meta.db_table}, {link._meta.db_table}")
    return added


def _bump_versions():
    """Bulk inserts send no signals: tell the caches once that findings changed."""
    from needs_analysis import aggregates

    aggregates.findings_changed()
