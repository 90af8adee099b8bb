"""A person's trainings ("Meine Fortbildungen"), sorted into what they are waiting for.

A person who trains every year collects dozens of enrolments. So the sorting reads only the
keys, statuses and session times of all of them (two light queries), and only the enrolments
actually shown are loaded with their offering, module page and sessions: each group a page of
``PER_PAGE`` at a time, so the page stays small however many there are. The number of queries
does not depend on how many enrolments there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale

from courses.models import Enrollment, ModulePage, Session
from courses.models.offerings import BERLIN

Status = Enrollment.Status

GROUPS = ("offered", "upcoming", "waitlisted", "requested", "past", "cancelled")
#: Each group is shown this many per page (the query parameter has the group's name).
PER_PAGE = 10
PAGED = GROUPS


@dataclass
class Overview:
    """What is shown of each group, how many there are, and the page of the paged groups."""

    groups: dict[str, list[Enrollment]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)

    @property
    def shown(self) -> list[Enrollment]:
        return [enrollment for group in self.groups.values() for enrollment in group]


#: A session's fields, all of them: read with the rows, made into sessions for those shown.
SESSION_FIELDS = ("id", "offering_id", "date", "start_time", "end_time")


@dataclass
class _Row:
    pk: int
    offering_id: int
    status: str
    offering_cancelled: bool
    requested_at: datetime.datetime
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    sessions: list[tuple] = field(default_factory=list)  # the values of ``SESSION_FIELDS``


def _rows(user) -> list[_Row]:
    """Every enrolment of the person with its offering's first start and last end (two
    queries: the enrolments, and the sessions of their offerings, which ``_load`` hands on to
    the enrolments it shows)."""
    rows = [
        _Row(pk, offering_id, status, offering_status == "cancelled", requested_at)
        for pk, offering_id, status, offering_status, requested_at in Enrollment.objects.filter(
            user=user
        ).values_list("pk", "offering_id", "status", "offering__status", "requested_at")
    ]
    if not rows:
        return rows
    starts, ends, by_offering = {}, {}, {}
    sessions = (
        Session.objects.filter(
            offering_id__in=Enrollment.objects.filter(user=user).values("offering_id")
        )
        .order_by("date", "start_time")
        .values_list(*SESSION_FIELDS)
    )
    for values in sessions:
        _pk, offering_id, date, start, end = values
        by_offering.setdefault(offering_id, []).append(values)
        # As ``Session.starts_at``/``ends_at`` and ``Offering.starts_at``/``ends_at``.
        starts_at = datetime.datetime.combine(date, start, tzinfo=BERLIN)
        ends_at = datetime.datetime.combine(date, end, tzinfo=BERLIN)
        if offering_id not in starts or starts_at < starts[offering_id]:
            starts[offering_id] = starts_at
        if offering_id not in ends or ends_at > ends[offering_id]:
            ends[offering_id] = ends_at
    for row in rows:
        row.starts_at = starts.get(row.offering_id)
        row.ends_at = ends.get(row.offering_id)
        row.sessions = by_offering.get(row.offering_id, [])
    return rows


def _group_of(row: _Row, now) -> str:
    if row.status in (Status.CANCELLED, Status.DECLINED) or row.offering_cancelled:
        return "cancelled"
    if row.ends_at and row.ends_at < now:
        return "past"
    if row.status == Status.CONFIRMED:
        return "upcoming"
    if row.status == Status.OFFERED:
        return "offered"
    if row.status == Status.WAITLISTED:
        return "waitlisted"
    return "requested"


def _sorted_groups(user, now) -> dict[str, list[_Row]]:
    """All the person's enrolments by group, each group in the order it is shown: upcoming by
    start, past by end (latest first), the others newest request first."""
    groups: dict[str, list[_Row]] = {name: [] for name in GROUPS}
    for row in sorted(_rows(user), key=lambda row: (row.requested_at, row.pk), reverse=True):
        groups[_group_of(row, now)].append(row)
    groups["upcoming"].sort(key=lambda row: row.starts_at or now)
    groups["past"].sort(key=lambda row: row.ends_at, reverse=True)
    return groups


def _load(rows_by_group: dict[str, list[_Row]]) -> dict[str, list[Enrollment]]:
    """The enrolments of ``rows_by_group`` with offering, region and sessions, in the same
    groups and order (one query for all: the sessions were read with the rows and are set as
    if prefetched; the module pages come with ``attach_module_pages``)."""
    pks = [row.pk for rows in rows_by_group.values() for row in rows]
    loaded = {}
    if pks:
        loaded = Enrollment.objects.select_related("offering__region").in_bulk(pks)
        sessions = {row.pk: row.sessions for rows in rows_by_group.values() for row in rows}
        db = Session.objects.db
        for pk, enrollment in loaded.items():
            made = [Session.from_db(db, SESSION_FIELDS, values) for values in sessions[pk]]
            _set_prefetched(enrollment.offering, "sessions", made)
    return {
        name: [loaded[row.pk] for row in rows if row.pk in loaded]
        for name, rows in rows_by_group.items()
    }


def _set_prefetched(instance, name: str, objects: list) -> None:
    """``instance.<name>.all()`` gives ``objects`` without a query, as after
    ``prefetch_related(name)`` (which would read them a second time)."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def my_trainings(user, now=None, page_numbers=None) -> Overview:
    """Upcoming, waitlisted (with position), requested, past and cancelled enrolments, each
    group a page of ``PER_PAGE`` at a time (``page_numbers``: group -> the page asked for, as
    in the query string; a missing or wrong one gives the first or last page)."""
    now = now or timezone.now()
    page_numbers = page_numbers or {}
    groups = _sorted_groups(user, now)
    pages = {
        name: Paginator(groups[name], PER_PAGE).get_page(page_numbers.get(name)) for name in PAGED
    }
    shown = {name: list(pages[name]) for name in GROUPS}
    overview = Overview(
        groups=_load(shown),
        counts={name: len(rows) for name, rows in groups.items()},
        pages=pages,
    )
    attach_module_pages(overview.shown)
    _attach_waitlist_positions(overview.groups["waitlisted"])
    return overview


def next_trainings(user, limit: int, now=None) -> Overview:
    """For the dashboard: the next ``limit`` upcoming trainings in full, and how many there are
    of each group (no waitlist positions)."""
    now = now or timezone.now()
    groups = _sorted_groups(user, now)
    overview = Overview(
        groups=_load({"upcoming": groups["upcoming"][:limit]}),
        counts={name: len(rows) for name, rows in groups.items()},
    )
    attach_module_pages(overview.shown)
    return overview


def attach_module_pages(enrollments) -> None:
    """Each enrolment's module page (``offering.module``) and the module in the active language
    (``module_page``: its live translation, else the module itself), in one query for all and
    without the pages' StreamField bodies, which none of the lists shows."""
    module_ids = {e.offering.module_id for e in enrollments}
    if not module_ids:
        return
    try:  # memoised per request (``portal.locale_cache``)
        locale = Locale.objects.get_for_language(get_language())
    except Locale.DoesNotExist:
        locale = None
    wanted = Q(pk__in=module_ids)
    if locale is not None:
        keys = ModulePage.objects.filter(pk__in=module_ids).values("translation_key")
        wanted |= Q(translation_key__in=keys, locale=locale, live=True)
    pages = list(ModulePage.objects.filter(wanted).defer_streamfields())
    by_pk = {page.pk: page for page in pages}
    translated = {
        page.translation_key: page
        for page in pages
        if locale is not None and page.locale_id == locale.pk and page.live
    }
    for enrollment in enrollments:
        module = by_pk[enrollment.offering.module_id]
        enrollment.offering.module = module
        enrollment.module_page = translated.get(module.translation_key, module)


def _attach_waitlist_positions(waitlisted) -> None:
    """Each waitlisted enrolment's place in its queue (one query for all)."""
    if not waitlisted:
        return
    queue_rows = Enrollment.objects.waitlist().filter(
        offering_id__in={e.offering_id for e in waitlisted}
    )
    positions, counters = {}, {}
    for pk, offering_id in queue_rows.values_list("pk", "offering_id"):
        counters[offering_id] = counters.get(offering_id, 0) + 1
        positions[pk] = counters[offering_id]
    for enrollment in waitlisted:
        enrollment.position = positions.get(enrollment.pk)
