"""Further figures of the needs dashboard beside the matrix (``needs_analysis.demand``):
topics without a module, findings per quarter. Reads only."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear

from courses.models import ModulePage
from needs_analysis import aggregates
from needs_analysis.demand import Filters, Matrix, _pk, finding_topic_links
from portal.models import Topic


def topics_without_module() -> list:
    """Topics no published module carries: a task for module development.

    Cached per data version (publishing pages bumps the content version, a module's topics
    the findings version)."""

    def compute():
        carried = ModulePage.objects.live().filter(topics__isnull=False).values("topics")
        return list(Topic.objects.exclude(pk__in=carried))

    return aggregates.cached("topics-without-module", (), compute)


def quarters_of(grid: Matrix) -> dict:
    """{(year, quarter): {topic pk: count}} from a ``matrix(by=("quarter",))``: the same
    numbers as ``findings_per_quarter`` for the same filters, without a second scan."""
    result: dict = {}
    for (topic_id, _region_id, first_day), (_weight, n) in grid.breakdown.items():
        counts = result.setdefault((first_day.year, (first_day.month - 1) // 3 + 1), {})
        counts[topic_id] = counts.get(topic_id, 0) + n
    return dict(sorted(result.items()))


def findings_per_quarter(*, on=None, filters: Filters | None = None, topics=None):
    """{(year, quarter): {topic pk: count}} of the counting findings, one grouped query."""
    rows = (
        finding_topic_links(on, filters, None if topics is None else [_pk(t) for t in topics])
        .annotate(
            year=ExtractYear("finding__recorded_on"),
            quarter=ExtractQuarter("finding__recorded_on"),
        )
        .values("year", "quarter", "topic_id")
        .annotate(n=Count("finding_id"))
        .order_by("year", "quarter")
    )
    result: dict = {}
    for row in rows:
        result.setdefault((row["year"], row["quarter"]), {})[row["topic_id"]] = row["n"]
    return result
