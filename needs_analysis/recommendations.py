"""Recommendations: each (topic, region) with a gap, with the modules that could close it.

Built on ``needs_analysis.demand.matrix`` (the gaps) and the findings' fields of work (which
module fits best); ``needs_analysis.services.planning.plan_offering`` turns one into an
offering. Reads only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from courses.models import ModulePage
from needs_analysis.demand import Coverage, Filters, finding_topic_links, matrix
from portal.models import Region, Topic


@dataclass
class ModuleOption:
    module: ModulePage
    audience_match: int  # findings of the cell whose field of work the module addresses
    suggested_capacity: int


@dataclass
class Recommendation:
    topic: Topic
    region: Region
    cell: Coverage
    modules: list[ModuleOption]

    @property
    def gap(self) -> float:
        return self.cell.gap


def suggested_capacity(module, gap: float) -> int:
    default = module.default_capacity or 16
    return min(max(default, math.ceil(gap)), 2 * default)


def _modules_by_topic(topic_ids) -> dict:
    """Published modules per topic, one page per translation (the source, lowest pk)."""
    modules = (
        ModulePage.objects.live()
        .filter(topics__in=topic_ids)
        .distinct()
        .prefetch_related("topics", "audiences")
        .order_by("pk")
    )
    seen, by_topic = set(), defaultdict(list)
    for module in modules:
        if module.translation_key in seen:
            continue
        seen.add(module.translation_key)
        for topic in module.topics.all():
            by_topic[topic.pk].append(module)
    return by_topic


def recommendations(*, on=None, limit=None, regions=None, **filter_kwargs) -> list[Recommendation]:
    """Each (topic, region) with a gap, largest first, with the modules that could close it."""
    on = on or timezone.localdate()
    grid = matrix(on=on, regions=regions, **filter_kwargs)
    gaps = grid.largest_gaps(limit=None)
    if limit:
        gaps = gaps[:limit]
    if not gaps:
        return []
    topic_ids = {topic.pk for topic, _, _ in gaps}
    modules = _modules_by_topic(topic_ids)

    filters = Filters(
        period=filter_kwargs.get("period"),
        audience=filter_kwargs.get("audience"),
        phase=filter_kwargs.get("phase", ""),
    )
    per_audience: dict = defaultdict(int)
    for row in (
        finding_topic_links(on, filters, topic_ids)
        .values("topic_id", "finding__region_id", "finding__audience_id")
        .annotate(n=Count("finding_id"))
        .order_by()
    ):
        per_audience[
            (row["topic_id"], row["finding__region_id"], row["finding__audience_id"])
        ] += row["n"]

    result = []
    for topic, region, cell in gaps:
        members = grid.subtree[region.pk]
        options = []
        for module in modules.get(topic.pk, []):
            audience_ids = {a.pk for a in module.audiences.all()}
            match = sum(
                n
                for (t, r, a), n in per_audience.items()
                if t == topic.pk and r in members and a in audience_ids
            )
            options.append(ModuleOption(module, match, suggested_capacity(module, cell.gap)))
        options.sort(key=lambda o: (-o.audience_match, o.module.title))
        result.append(Recommendation(topic, region, cell, options))
    return result
