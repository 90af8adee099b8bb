"""Cached aggregates of the needs analysis: grouped demand and supply, kept per data version.

At 100,000 findings one grouped scan of the findings takes 150–250 ms on PostgreSQL, and the
dashboard, the recommendations, the drill-down and every personal dashboard ask for the same
few hundred sums again and again. The sums (never the decisions built on them) are cached in
the default cache (Redis in production, shared by all workers) under a key that holds:

- the *data version*: the content version (``portal.content_version``, bumped on every change
  of offerings, sessions, pages and vocabulary: the supply side) together with the findings
  version below (bumped on every change of findings: the demand side). The demand sums per
  leaf region depend on findings and settings alone and carry only the findings version, so
  enrolments and offering edits (many a day) do not throw away the expensive scan;
- the day the figures are computed for (the weights decay daily) and every parameter of the
  computation (filters, topics, half-life, planning horizon).

So a cached entry is exactly what the database would answer now; a change makes new keys and
the old entries are never read again. ``findings_changed()`` is called by the signal handlers
(``needs_analysis.signal_handlers``) and by the services that write findings with
``QuerySet.update()`` or bulk operations, which send no signals.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db import connection, transaction

FINDINGS_KEY = "needs_analysis:findings-version"
PREFIX = "needs_analysis:aggregate:"
#: Entries are small; a day is enough, as the day is part of every key anyway.
TIMEOUT = 24 * 60 * 60


def _start() -> int:
    # Like the content version: a fresh start must not meet numbers used before (the clock).
    cache.add(FINDINGS_KEY, time.time_ns() // 1000, timeout=None)
    return cache.get(FINDINGS_KEY) or 0


def findings_version() -> int:
    return cache.get(FINDINGS_KEY) or _start()


def _increment() -> None:
    try:
        cache.incr(FINDINGS_KEY)
    except ValueError:  # lost: a new start is a new version
        _start()


def _after_commit() -> None:
    _increment()


def findings_changed() -> None:
    """Findings (or their topics, offerings, statuses) changed: new aggregate keys from now on.

    Bumped at once, so the writer's own transaction reads fresh sums, and again after the
    commit, so that sums another worker computed from the old rows in between are never read.
    """
    _increment()
    if connection.in_atomic_block and not any(
        func is _after_commit for _, func, _ in connection.run_on_commit
    ):
        transaction.on_commit(_after_commit)


def data_version() -> str:
    """Content version (supply) and findings version (demand) in one string."""
    from portal import content_version  # lazily: portal must not depend on this app

    return f"{content_version.current()}.{findings_version()}"


def cached(name: str, parts: tuple, compute, *, findings_only: bool = False):
    """``compute()``, cached under ``name``, the data version and ``parts`` (hashable reprs).

    ``findings_only``: the value depends on findings alone (the demand sums per leaf region),
    so only the findings version is part of the key: enrolments and offering edits, which bump
    the content version many times a day, leave the expensive scan cached.
    """
    version = findings_version() if findings_only else data_version()
    raw = repr((name, version, parts)).encode()
    key = PREFIX + name + ":" + hashlib.sha1(raw, usedforsecurity=False).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def regional_demand_summary(region_ids) -> dict:
    """{region pk: [(topic, Coverage), ...]}: the topics with demand in each region (and below),
    largest demand first, as of today; the personal dashboard's panel and the catalogue's
    "demand in your region" sort.

    Cached whole per data version and day, so a view that shows it costs no query at all once
    it is warm; the numbers are those of ``demand.matrix`` (the same cells, to the digit).
    """
    from django.utils import timezone

    from needs_analysis import demand

    wanted = sorted({demand._pk(region) for region in region_ids})
    today = timezone.localdate()

    def compute():
        grid = demand.matrix(regions=wanted, on=today)
        summary = {}
        for region_id in wanted:
            cells = [(topic, grid.cell(topic, region_id)) for topic in grid.topics]
            cells = [(topic, cell) for topic, cell in cells if cell.demand > 0]
            cells.sort(key=lambda item: (-item[1].demand, item[0].sort_order, item[0].name))
            summary[region_id] = cells
        return summary

    return cached("regional", (today.isoformat(), wanted), compute)
