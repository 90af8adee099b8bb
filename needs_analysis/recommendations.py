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

from django.db.models import Count
from django.utils import timezone

from courses.models import ModulePage, Offering
from needs_analysis.demand import Coverage, Filters, finding_topic_links, matrix
from needs_analysis.models import Finding
from portal.models import Region, Topic

OPEN_STATUSES = (Finding.Status.NEW, Finding.Status.REVIEWED)


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
    grid = matrix(on=on, regions=regions, **filter_kwargs)
    gaps = grid.largest_gaps(limit=None)
    if not gaps:
        return []
    topic_ids = {topic.pk for topic, _, _ in gaps}

    filters = Filters(
        period=filter_kwargs.get("period"),
        audience=filter_kwargs.get("audience"),
        phase=filter_kwargs.get("phase", ""),
    )
    # (region, audience, status, count) per topic, to sum over a region's subtree.
    per_topic: dict = defaultdict(list)
    for row in (
        finding_topic_links(on, filters, topic_ids)
        .values("topic_id", "finding__region_id", "finding__audience_id", "finding__status")
        .annotate(n=Count("finding_id"))
        .order_by()
    ):
        per_topic[row["topic_id"]].append(
            (
                row["finding__region_id"],
                row["finding__audience_id"],
                row["finding__status"],
                row["n"],
            )
        )

    def open_count(topic, region):
        members = grid.subtree[region.pk]
        return sum(
            n
            for r, _, status, n in per_topic[topic.pk]
            if r in members and status in OPEN_STATUSES
        )

    candidates = [(topic, region, cell, open_count(topic, region)) for topic, region, cell in gaps]
    if only_open:
        candidates = [item for item in candidates if item[3] > 0]
    if limit:
        candidates = candidates[:limit]
    modules = _modules_by_topic({topic.pk for topic, *_ in candidates})
    planned = _planned_offerings(topic_ids, on, filters)

    result = []
    for topic, region, cell, open_findings in candidates:
        members = grid.subtree[region.pk]
        options = []
        for module in modules.get(topic.pk, []):
            audience_ids = {a.pk for a in module.audiences.all()}
            match = sum(
                n for r, a, _, n in per_topic[topic.pk] if r in members and a in audience_ids
            )
            options.append(ModuleOption(module, match, suggested_capacity(module, cell.gap)))
        options.sort(key=lambda o: (-o.audience_match, o.module.title))
        offerings = {
            offering.pk: offering
            for member in members
            for offering in planned.get((topic.pk, member), [])
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
