"""Recommendations: each (topic, region) with a gap, with the modules that could close it.

Built on ``needs_analysis.demand.matrix`` (the gaps) and the findings' fields of work (which
module fits best); ``needs_analysis.services.planning.plan_for_need`` turns one into an
offering. A recommendation is *open* while findings of its cell are open (new or reviewed);
once an offering was planned for it, its findings are "planned" and it is listed with that
offering instead (``open_findings == 0``, ``offerings``), even while seats are still short.
Reads only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from courses.models import ModulePage, Offering
from needs_analysis.demand import Coverage, Filters, finding_topic_links, matrix
from needs_analysis.models import Finding
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
    open_findings: int = 0  # findings of the cell no offering answers yet
    offerings: list = field(default_factory=list)  # offerings already planned for the cell

    @property
    def is_open(self) -> bool:
        return self.open_findings > 0

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


def _planned_offerings(topic_ids, on, filters) -> dict:
    """{(topic pk, region pk of a finding): [offering, ...]} of the not-cancelled offerings
    linked to the counting findings (two queries)."""
    links = (
        Finding.offerings.through.objects.exclude(offering__status=Offering.Status.CANCELLED)
        .filter(
            finding__in=finding_topic_links(on, filters, topic_ids).values("finding_id"),
        )
        .values_list("offering_id", "finding__region_id", "finding__topics")
        .distinct()
    )
    rows = [row for row in links if row[2] in topic_ids]
    offerings = (
        Offering.objects.select_related("module", "region")
        .prefetch_related("sessions")
        .in_bulk({offering_id for offering_id, _, _ in rows})
    )
    result: dict = defaultdict(list)
    for offering_id, region_id, topic_id in rows:
        result[(topic_id, region_id)].append(offerings[offering_id])
    return result


def recommendations(
    *, on=None, limit=None, regions=None, only_open=False, **filter_kwargs
) -> list[Recommendation]:
    """Each (topic, region) with a gap, largest first, with the modules that could close it.

    ``only_open``: only those with open findings (not yet planned); ``limit`` applies after it.
    """
    on = on or timezone.localdate()
    # One (cached) scan of the findings: the gaps, and per field of work and openness the
    # counts of the open findings and of the modules' audience match.
    grid = matrix(on=on, regions=regions, by=("audience", "open"), **filter_kwargs)
    gaps = grid.largest_gaps(limit=None)
    if not gaps:
        return []
    topic_ids = {topic.pk for topic, _, _ in gaps}

    filters = Filters(
        period=filter_kwargs.get("period"),
        audience=filter_kwargs.get("audience"),
        phase=filter_kwargs.get("phase", ""),
    )
    # Open findings per (topic, region) and findings per (topic, region, field of work), to
    # sum over a region's subtree.
    open_by: dict = defaultdict(int)
    audience_by: dict = defaultdict(int)
    for (topic_id, region_id, audience_id, is_open), (_weight, n) in grid.breakdown.items():
        if is_open:
            open_by[(topic_id, region_id)] += n
        audience_by[(topic_id, region_id, audience_id)] += n

    def open_count(topic, region):
        topic_id = topic.pk
        return sum(open_by.get((topic_id, member), 0) for member in grid.subtree[region.pk])

    candidates = [(topic, region, cell, open_count(topic, region)) for topic, region, cell in gaps]
    if only_open:
        candidates = [item for item in candidates if item[3] > 0]
    if limit:
        candidates = candidates[:limit]
    modules = _modules_by_topic({topic.pk for topic, *_ in candidates})
    planned = _planned_offerings(topic_ids, on, filters)

    audiences_of = {
        module.pk: [audience.pk for audience in module.audiences.all()]
        for options in modules.values()
        for module in options
    }
    result = []
    for topic, region, cell, open_findings in candidates:
        topic_id, members, gap = topic.pk, grid.subtree[region.pk], cell.gap
        options = []
        for module in modules.get(topic_id, []):
            match = sum(
                audience_by.get((topic_id, member, audience_id), 0)
                for member in members
                for audience_id in audiences_of[module.pk]
            )
            options.append(ModuleOption(module, match, suggested_capacity(module, gap)))
        options.sort(key=lambda o: (-o.audience_match, o.module.title))
        offerings = {
            offering.pk: offering
            for member in members
            for offering in planned.get((topic_id, member), [])
        }
        result.append(
            Recommendation(
                topic,
                region,
                cell,
                options,
                open_findings=open_findings,
                offerings=sorted(offerings.values(), key=lambda o: o.pk),
            )
        )
    return result
