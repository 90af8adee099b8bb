"""Demand, supply, gap and coverage: the read side of the needs analysis.

DESIGN.md §4, "From needs to offerings":

- weight of a finding = staff affected × urgency factor (low 0.5, medium 1.0, high 1.5)
  × 0.5 ** (age in days / half-life); age counts from ``Finding.recorded_on`` to ``on``.
- demand(topic, region) = sum of the weights of the non-archived findings recorded on or before
  ``on``, tagged with the topic, in the region or any region below it.
- supply(topic, region) = the capacity of the offerings that are not cancelled, whose first
  session lies within [on, on + planning horizon] and whose module carries the topic, in the
  region or below it (an online offering counts where it is assigned, and below).
- gap = max(0, demand − supply); coverage = supply / demand (None without demand).

Aggregation happens in the database: one grouped query sums the findings' weights per
(topic, region) – the decay is computed in SQL – and one sums the seats per (topic, region).
The small region tree is then rolled up in Python. ``coverage()`` is the matrix restricted to
one topic, so both always agree. Dashboard, recommendations and exports use this module.

The grouped sums (``needs_analysis.sums``) are cached per data version
(``needs_analysis.aggregates``): at 100,000 findings the scan costs 150–250 ms, and a change
of findings or offerings makes new keys. A caller that needs the sums split further (per
field of work and openness for the recommendations, per quarter for the dashboard's chart)
asks ``matrix(by=...)`` and gets the finer sums in ``Matrix.breakdown`` from the same scan.

The weight of one finding is ``needs_analysis.weights``; the recommendations built on the matrix
are ``needs_analysis.recommendations``.

Nothing here writes: what changes findings and offerings lives in ``needs_analysis.services``
(``intake``, ``planning``, ``review``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Offering, Session
from needs_analysis import aggregates
from needs_analysis.models import Finding, NeedsAnalysisSettings
from needs_analysis.sums import demand_cells, supply_by_cell
from portal.models import Topic
from portal.models.vocabulary import regions_in_tree_order

# Coverage from this share up counts as "partly covered"; from 1 up as "covered".
PARTIAL_FROM = 0.5
DECIMALS = 6  # results are rounded so that every entry point yields identical floats
# Coverage is shown up to this percentage; above it only "> 200 %" (more would not be read).
COVERAGE_SHOWN_UP_TO = 200

LEVEL_LABELS = {
    "covered": _("covered"),
    "partial": _("partly covered"),
    "uncovered": _("not covered"),
    "none": _("no demand"),
}


# Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Demand (people), supply (seats), gap and coverage of one topic in one region."""

    demand: float = 0.0
    supply: float = 0.0
    findings: int = 0  # how many findings make up the demand
    # The demand before rounding: the coverage is divided by it, so that a small demand's
    # rounding does not move the coverage by more than 1e-6 (DESIGN.md §4).
    exact_demand: float | None = field(default=None, compare=False, repr=False)

    @property
    def gap(self) -> float:
        return round(max(0.0, self.demand - self.supply), DECIMALS)

    @property
    def coverage(self) -> float | None:
        if self.demand <= 0:
            return None
        demand = self.demand if self.exact_demand is None else self.exact_demand
        return round(self.supply / demand, DECIMALS)

    @property
    def level(self) -> str:
        """covered / partial / uncovered / none – for a colour class and a text label."""
        coverage = self.coverage
        if coverage is None:
            return "none"
        if coverage >= 1:
            return "covered"
        if coverage >= PARTIAL_FROM:
            return "partial"
        return "uncovered"

    @property
    def label(self):
        return LEVEL_LABELS[self.level]

    @property
    def coverage_percent(self) -> int | None:
        coverage = self.coverage
        return None if coverage is None else round(coverage * 100)

    @property
    def coverage_shown(self) -> str:
        """The one figure of a dashboard cell: "37 %", "> 200 %", or "" without demand."""
        percent = self.coverage_percent
        if percent is None:
            return ""
        if percent > COVERAGE_SHOWN_UP_TO:
            return f">\u00a0{COVERAGE_SHOWN_UP_TO}\u00a0%"
        return f"{percent}\u00a0%"


@dataclass
class Matrix:
    """All cells of topic × region as of ``on``; regions include their subtrees."""

    on: datetime.date
    topics: list
    regions: list  # in tree order: each state followed by the regions below it
    depth: dict  # region pk -> 0 for states, 1 for districts, ...
    cells: dict  # (topic pk, region pk) -> Coverage
    subtree: dict  # region pk -> set of region pks at or below it
    half_life_days: int = 365
    horizon_days: int = 365
    # {(topic pk, region pk, *by): (weight, findings)} before the roll-up (``matrix(by=...)``).
    breakdown: dict = field(default_factory=dict)

    def cell(self, topic, region) -> Coverage:
        return self.cells.get((_pk(topic), _pk(region)), Coverage())

    def rows(self):
        """[(region, depth, [(topic, Coverage), ...]), ...] for a table."""
        return [
            (region, self.depth[region.pk], [(t, self.cell(t, region)) for t in self.topics])
            for region in self.regions
        ]

    def totals(self):
        """[(topic, Coverage)] summed over the top-level regions shown."""
        roots = [r for r in self.regions if self.depth[r.pk] == 0]
        result = []
        for topic in self.topics:
            cells = [self.cell(topic, region) for region in roots]
            result.append(
                (
                    topic,
                    Coverage(
                        demand=round(sum(c.demand for c in cells), DECIMALS),
                        supply=round(sum(c.supply for c in cells), DECIMALS),
                        findings=sum(c.findings for c in cells),
                        exact_demand=sum(
                            c.demand if c.exact_demand is None else c.exact_demand for c in cells
                        ),
                    ),
                )
            )
        return result

    def largest_gaps(self, limit=10, *, leaves_only=False):
        """[(topic, region, Coverage)] with a gap, largest first."""
        found = [
            (topic, region, self.cell(topic, region))
            for region in self.regions
            if not leaves_only or self.subtree[region.pk] == {region.pk}
            for topic in self.topics
        ]
        found = [item for item in found if item[2].gap > 0]
        found.sort(key=lambda item: (-item[2].gap, self.depth[item[1].pk]))
        return found[:limit] if limit else found


def _pk(obj) -> int:
    return obj if isinstance(obj, int) else obj.pk


# Querysets shared by the matrix, the drill-down and the recommendations -------------------


@dataclass
class Filters:
    """The dashboard's filters: findings of a period, of one field of work, of one phase."""

    period: tuple | None = None  # (date_from or None, date_to or None) on recorded_on
    audience: object = None
    phase: str = ""
    extra: dict = field(default_factory=dict)

    def apply(self, findings, prefix=""):
        if self.period:
            date_from, date_to = self.period
            if date_from:
                findings = findings.filter(**{f"{prefix}recorded_on__gte": date_from})
            if date_to:
                findings = findings.filter(**{f"{prefix}recorded_on__lte": date_to})
        if self.audience:
            findings = findings.filter(**{f"{prefix}audience": self.audience})
        if self.phase:
            findings = findings.filter(**{f"{prefix}phase": self.phase})
        return findings


def counting_findings(on=None, filters: Filters | None = None):
    """The findings that make up the demand as of ``on`` (non-archived, not in the future)."""
    on = on or timezone.localdate()
    findings = Finding.objects.counting().filter(recorded_on__lte=on)
    return (filters or Filters()).apply(findings)


def finding_topic_links(on=None, filters: Filters | None = None, topic_ids=None):
    """Rows of the finding–topic table for the counting findings (joins, no IN subquery)."""
    on = on or timezone.localdate()
    links = Finding.topics.through.objects.exclude(finding__status=Finding.Status.ARCHIVED).filter(
        finding__recorded_on__lte=on
    )
    if topic_ids is not None:
        links = links.filter(topic_id__in=topic_ids)
    return (filters or Filters()).apply(links, prefix="finding__")


def findings_for_cell(topic, region, *, on=None, filters: Filters | None = None):
    """The findings behind a cell: the drill-down of the dashboard (one query when iterated)."""
    return counting_findings(on, filters).filter(topics=topic, region_id__in=region.subtree_ids())


def supplying_offerings(on=None, horizon_days=None):
    """Not-cancelled offerings whose first session lies within [on, on + horizon]."""
    on = on or timezone.localdate()
    if horizon_days is None:
        horizon_days = NeedsAnalysisSettings.load().planning_horizon_days
    first_dates = (
        Session.objects.values("offering")
        .annotate(first=models.Min("date"))
        .filter(first__gte=on, first__lte=on + datetime.timedelta(days=horizon_days))
        .values("offering")
    )
    return Offering.objects.not_cancelled().filter(pk__in=first_dates)


# The matrix -------------------------------------------------------------------------------


def _subtrees(regions) -> dict[int, set[int]]:
    """Each region with every region below it, from the regions already read (no query)."""
    children: dict = {}
    for region in regions:
        children.setdefault(region.parent_id, []).append(region.pk)
    found = {}
    for region in regions:
        members, stack = set(), [region.pk]
        while stack:
            pk = stack.pop()
            if pk not in members:
                members.add(pk)
                stack.extend(children.get(pk, []))
        found[region.pk] = members
    return found


def vocabulary() -> tuple:
    """(topics, regions in tree order, depth, subtrees, settings), cached per data version.

    Topics and regions bump the content version when they change, the settings the findings
    version (``needs_analysis.signal_handlers``): a warm matrix costs no query for them.
    """

    def compute():
        ordered, depth = regions_in_tree_order()
        return (
            list(Topic.objects.all()),
            ordered,
            depth,
            _subtrees(ordered),
            NeedsAnalysisSettings.load(),
        )

    return aggregates.cached("vocabulary", (), compute)


def top_level_region_ids() -> list[int]:
    """The federal states, in tree order (the dashboard's rows without a chosen state)."""
    _topics, ordered, depth, _subtree, _settings = vocabulary()
    return [region.pk for region in ordered if depth[region.pk] == 0]


def _roll_up(values: dict, topic_ids, subtree) -> dict:
    """Sum per-(topic, region) values over each region's subtree."""
    rolled = {}
    for region_id, members in subtree.items():
        for topic_id in topic_ids:
            total = 0.0
            for member in members:
                total += values.get((topic_id, member), 0)
            rolled[(topic_id, region_id)] = total
    return rolled


def matrix(
    topics=None,
    regions=None,
    *,
    on=None,
    period=None,
    audience=None,
    phase="",
    settings: NeedsAnalysisSettings | None = None,
    by=(),
) -> Matrix:
    """Demand, supply, gap and coverage for every topic × region (a constant number of queries).

    ``topics``/``regions`` restrict what is returned (regions still include their subtrees);
    ``period`` (date_from, date_to), ``audience`` and ``phase`` filter the findings; ``by``
    (names of ``BREAKDOWNS``) also keeps the sums split that way in ``Matrix.breakdown``.
    """
    on = on or timezone.localdate()
    all_topics, all_regions, depth, subtree, stored_settings = vocabulary()
    settings = settings or stored_settings
    filters = Filters(period=period, audience=audience, phase=phase)

    topic_list = all_topics if topics is None else list(topics)
    topic_ids = [t.pk for t in topic_list]
    if regions is None:
        region_list = all_regions
    else:
        wanted = {_pk(r) for r in regions}
        region_list = [r for r in all_regions if r.pk in wanted]

    cells, breakdown = demand_cells(on, filters, topic_ids, settings.half_life_days, by)
    demand = {key: weight for key, (weight, _n) in cells.items()}
    counts = {key: n for key, (_weight, n) in cells.items()}
    supply = supply_by_cell(on, topic_ids, settings.planning_horizon_days)

    demand_up = _roll_up(demand, topic_ids, subtree)
    supply_up = _roll_up(supply, topic_ids, subtree)
    counts_up = _roll_up(counts, topic_ids, subtree)
    cells = {
        key: Coverage(
            demand=round(demand_up[key], DECIMALS),
            supply=round(float(supply_up[key]), DECIMALS),
            findings=int(counts_up[key]),
            exact_demand=demand_up[key],
        )
        for key in demand_up
    }
    return Matrix(
        on=on,
        topics=topic_list,
        regions=region_list,
        depth=depth,
        cells=cells,
        subtree=subtree,
        half_life_days=settings.half_life_days,
        horizon_days=settings.planning_horizon_days,
        breakdown=breakdown,
    )


def coverage(topic, region, *, on=None) -> Coverage:
    """Demand, supply, gap and coverage of one topic in one region (and below) as of ``on``."""
    return matrix([topic], on=on).cell(topic, region)
