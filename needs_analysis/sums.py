"""The grouped sums behind ``needs_analysis.demand.matrix``, cached per data version.

One grouped query sums the findings' weights per (topic, region) – optionally split further
(``BREAKDOWNS``) – with the decay computed in SQL (``needs_analysis.weights``); one sums the
seats per (topic, region). Both are cached by ``needs_analysis.aggregates``: at 100,000 findings
the scan costs 150–250 ms, and a change of findings (or, for the seats, of offerings) makes
new keys.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, Count, F, Sum, When
from django.db.models.functions import Coalesce, TruncQuarter

from needs_analysis import aggregates
from needs_analysis.models import Finding
from needs_analysis.weights import weight_expression

#: The finer splits ``matrix(by=...)`` can ask for (names of the breakdown's key parts).
BREAKDOWNS = {
    "audience": F("finding__audience_id"),
    "status": F("finding__status"),
    # Open (new or reviewed: no offering answers it yet), as ``Finding.objects.open()``.
    "open": Case(
        When(finding__status__in=[Finding.Status.NEW, Finding.Status.REVIEWED], then=True),
        default=False,
        output_field=models.BooleanField(),
    ),
    # The first day of the quarter: one key, not year and quarter apart, so that PostgreSQL
    # estimates the groups well and sums them in memory (two keys made it sort on disk).
    "quarter": TruncQuarter("finding__recorded_on"),
}


def _filters_key(filters) -> tuple:
    period = None
    if filters.period:
        period = tuple(day.isoformat() if day else None for day in filters.period)
    audience = getattr(filters.audience, "pk", filters.audience) or None
    return (period, audience, filters.phase, sorted(filters.extra.items()))


def demand_cells(on, filters, topic_ids, half_life_days: int, by=()) -> tuple:
    """({(topic pk, region pk): (weight, findings)}, breakdown) of the counting findings.

    The breakdown is ``demand_breakdown(..., by)`` (``{}`` without ``by``); the cells are its
    sums per (topic, region). Cached with it, so a warm matrix adds nothing up again.
    """
    by = tuple(by)

    def compute():
        breakdown = demand_breakdown(on, filters, topic_ids, half_life_days, by)
        if not by:
            return breakdown, {}
        cells: dict = {}
        for key, (weight, n) in breakdown.items():
            weight_so_far, n_so_far = cells.get(key[:2], (0.0, 0))
            cells[key[:2]] = (weight_so_far + weight, n_so_far + n)
        return cells, breakdown

    # Per leaf region and topic id: neither the region tree nor offerings enter the sums.
    parts = (on.isoformat(), _filters_key(filters), sorted(topic_ids), half_life_days, by)
    return aggregates.cached("cells", parts, compute, findings_only=True)


def demand_breakdown(on, filters, topic_ids, half_life_days: int, by=()) -> dict:
    """{(topic pk, region pk, *by): (weight, findings)} of the counting findings.

    One grouped query (the weights summed in SQL), uncached: ``demand_cells`` caches it.
    """
    from needs_analysis.demand import finding_topic_links  # the queryset lives there

    by = tuple(by)
    fields = [f"by_{name}" for name in by]
    rows = (
        finding_topic_links(on, filters, topic_ids)
        .annotate(**{f"by_{name}": BREAKDOWNS[name] for name in by})
        .values("topic_id", "finding__region_id", *fields)
        .annotate(
            weight=Sum(weight_expression(on, half_life_days, "finding__")),
            n=Count("finding_id"),
        )
        .order_by()
    )
    return {
        (row["topic_id"], row["finding__region_id"], *(row[f] for f in fields)): (
            row["weight"] or 0.0,
            row["n"],
        )
        for row in rows
    }


def supply_by_cell(on, topic_ids, horizon_days: int) -> dict:
    """{(topic pk, region pk): seats} of the supplying offerings (one query, cached)."""

    from needs_analysis.demand import supplying_offerings  # the queryset lives there

    def compute():
        rows = (
            supplying_offerings(on, horizon_days)
            .filter(module__topics__in=topic_ids)
            .values("module__topics", "region_id")
            .annotate(seats=Coalesce(Sum("capacity"), 0))
            .order_by()
        )
        return {(row["module__topics"], row["region_id"]): row["seats"] for row in rows}

    parts = (on.isoformat(), sorted(topic_ids), horizon_days)
    return aggregates.cached("supply", parts, compute)
