"""Finding modules: the catalogue's filters, search and sorting, and the calendar feed's offerings.

The catalogue shows module pages of the active language, and every module not yet translated
into it in the default language (German), marked so (``other_language``): an English visitor
sees all modules, not only the translated ones. Offerings hang off the source page and are
matched through ``translation_key``, so every language sees the same dates. Every listing
here runs a fixed number of queries, however many modules or offerings there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import PageViewRestriction

from courses.models import Enrollment, ModuleFunding, ModulePage, Offering, Session
from courses.reserved_seats import attach_reserved
from courses.search import search_module_pages
from courses.vocabulary import vocabulary
from portal.hooks import CATALOG_SORTS, collect
from portal.page_languages import in_language_or_untranslated, mark_other_language


# Other apps may add sort orders (for example "demand in my region", from the needs analysis)
# without this module importing them: name -> (label, function(queryset, request) -> queryset).
def extra_sorts() -> dict[str, tuple]:
    """Sorts other apps add to the catalogue (hook ``register_catalog_sort``):
    ``{key: (label, function(modules, request) -> modules)}``."""
    return {key: (label, function) for key, label, function in collect(CATALOG_SORTS)}


@dataclass
class CatalogFilters:
    query: str = ""
    topic: object = None
    audience: object = None
    region: object = None
    project: object = None
    format: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    free_seats: bool = False
    sort: str = "date"
    extra: dict = field(default_factory=dict)

    @property
    def filters_offerings(self) -> bool:
        """True when a filter concerns dates: then only modules with a matching date show."""
        return bool(
            self.region or self.format or self.date_from or self.date_to or self.free_seats
        )

    @property
    def active(self) -> bool:
        return bool(
            self.query or self.topic or self.audience or self.project or self.filters_offerings
        )


def upcoming_offerings(filters: CatalogFilters | None = None, today=None) -> QuerySet:
    """Offerings a professional can still see in the catalogue: open, not yet begun."""
    today = today or timezone.localdate()
    queryset = Offering.objects.filter(status=Offering.Status.OPEN).annotate(
        first_date=Subquery(
            Session.objects.filter(offering=OuterRef("pk"))
            .order_by("date", "start_time")
            .values("date")[:1]
        )
    )
    queryset = queryset.filter(first_date__gte=today)
    if filters is None:
        return queryset
    if filters.region:
        queryset = queryset.serving(filters.region)  # the one region rule
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    if filters.date_from:
        queryset = queryset.filter(first_date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(first_date__lte=filters.date_to)
    if filters.audience:
        queryset = queryset.filter(
            Q(eligible_audiences__isnull=True) | Q(eligible_audiences=filters.audience)
        ).distinct()
    if filters.free_seats:
        queryset = queryset.with_seat_counts().filter(seats_taken__lt=F("capacity"))
    return queryset


def search_modules(filters: CatalogFilters, request=None) -> QuerySet:
    """The module pages of the active language, or the untranslated German ones, that match
    the filters, sorted. Each module appears once without ``distinct()`` (the filters on
    topics and fields of work are subqueries), so a window can count them (``page_of``)."""
    modules = in_language_or_untranslated(public(ModulePage.objects.live()), get_language())
    if filters.query:
        modules = search_module_pages(modules, filters.query)  # inside this query
    if filters.topic:
        topics = ModulePage.topics.through.objects.filter(modulepage=OuterRef("pk"))
        modules = modules.filter(Exists(topics.filter(topic=filters.topic)))
    if filters.project:
        modules = modules.filter(project_id=filters.project.pk)
    if filters.audience:
        audiences = ModulePage.audiences.through.objects.filter(modulepage=OuterRef("pk"))
        modules = modules.filter(
            Exists(audiences.filter(audience=filters.audience)) | ~Exists(audiences)
        )
    offerings = upcoming_offerings(filters)
    if filters.filters_offerings:
        modules = modules.filter(
            Exists(offerings.filter(module__translation_key=OuterRef("translation_key")))
        )
    modules = modules.annotate(
        next_date=Subquery(
            offerings.filter(module__translation_key=OuterRef("translation_key"))
            .order_by("first_date")
            .values("first_date")[:1]
        )
    )
    sorts = extra_sorts()
    if filters.sort in sorts and request is not None:
        modules = sorts[filters.sort][1](modules, request)
    elif filters.sort == "title":
        modules = modules.order_by("title")
    else:
        modules = modules.order_by(F("next_date").asc(nulls_last=True), "title")
    return modules.select_related("provider")


def public(pages: QuerySet) -> QuerySet:
    """Wagtail's ``public()`` inside the query: no view restriction on a page or above it.
    (Wagtail reads all restrictions first, one query more per listing.)"""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.filter(~Exists(restricted))


def page_of(modules: QuerySet, number: int, per_page: int) -> tuple[list, int]:
    """Page ``number`` of ``modules`` and the number of all of them, in one query (a window
    counts the rows before the page is cut out). A page past the end is counted apart."""
    start = (number - 1) * per_page
    rows = list(
        modules.defer_streamfields().annotate(found_total=Window(Count("pk")))[
            start : start + per_page
        ]
    )
    if rows:
        return rows, rows[0].found_total
    return rows, (modules.count() if number > 1 else 0)


def attach_offerings(modules: list[ModulePage], filters: CatalogFilters, limit=3) -> None:
    """Give each module of a page of results its topics (``card_topics``) and its next
    matching offerings (two queries), and mark those shown in another language than the
    active one (``other_language``)."""
    mark_other_language(modules, get_language())
    terms = vocabulary()
    topics: dict[int, list] = {module.pk: [] for module in modules}
    links = ModulePage.topics.through.objects.filter(modulepage_id__in=topics)
    for module_id, topic_id in links.values_list("modulepage_id", "topic_id"):
        topic = terms.get("topic", topic_id)
        if topic is not None:
            topics[module_id].append(topic)
    order = {topic.pk: index for index, topic in enumerate(terms.topics)}
    keys = {module.translation_key for module in modules}
    offerings = (
        upcoming_offerings(filters)  # also hides dates reserved for other fields of work
        .filter(module__translation_key__in=keys)
        .annotate(module_key=F("module__translation_key"))
        .order_by("first_date", "pk")
    )
    by_key: dict = {}
    for offering in attach_sessions(attach_seat_counts(list(offerings))):
        with_region(offering, terms)
        by_key.setdefault(offering.module_key, []).append(offering)
    for module in modules:
        module.card_topics = sorted(topics[module.pk], key=lambda topic: order[topic.pk])
        found = by_key.get(module.translation_key, [])
        module.next_offerings = found[:limit]
        module.more_offerings = max(0, len(found) - limit)


class SessionRow(NamedTuple):
    """A session as an offering card shows it (``session_items``)."""

    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time


def attach_sessions(offerings: list[Offering]) -> list[Offering]:
    """Give each offering its sessions in order as ``session_rows``, in one query of plain rows:
    a ``Prefetch`` of ``sessions`` builds a model (a cluster model at that) per session, which
    was a tenth of the catalogue's query time."""
    rows: dict[int, list] = {offering.pk: [] for offering in offerings}
    sessions = Session.objects.filter(offering_id__in=rows).order_by("date", "start_time")
    for offering_id, *fields in sessions.values_list(
        "offering_id", "date", "start_time", "end_time"
    ):
        rows[offering_id].append(SessionRow(*fields))
    for offering in offerings:
        offering.session_rows = rows[offering.pk]
    return offerings


def attach_seat_counts(offerings: list[Offering]) -> list[Offering]:
    """``seats_taken``, ``waitlist_length`` and ``requests_count`` as
    ``OfferingQuerySet.with_seat_counts()`` annotates them, from one grouped query: its three
    correlated subqueries cost more to build than the database needs to count."""
    Status = Enrollment.Status
    names = {
        Status.CONFIRMED: "seats_taken",
        Status.OFFERED: "seats_taken",  # a held offer takes a seat
        Status.WAITLISTED: "waitlist_length",
        Status.REQUESTED: "requests_count",
    }
    counts = {(offering.pk, name): 0 for offering in offerings for name in names.values()}
    rows = (
        Enrollment.objects.filter(offering_id__in={o.pk for o in offerings}, status__in=names)
        .order_by()
        .values_list("offering_id", "status")
        .annotate(n=Count("pk"))
    )
    for offering_id, status, number in rows:
        counts[offering_id, names[status]] += number
    for offering in offerings:
        for name in names.values():
            setattr(offering, name, counts[offering.pk, name])
    return offerings


def with_region(offering: Offering, terms) -> Offering:
    """Set the offering's region from the cached vocabulary (no query for it)."""
    region = terms.get("region", offering.region_id)
    if region is not None:
        offering.region = region
    return offering


def module_offerings(module: ModulePage) -> list[Offering]:
    """All upcoming offerings of a module (any translation), with seats and their sessions as
    ``session_rows``; their regions come from the cached vocabulary."""
    terms = vocabulary()
    offerings = (
        upcoming_offerings()
        .filter(module__translation_key=module.translation_key)
        .order_by("first_date", "pk")
    )
    found = attach_reserved(attach_sessions(attach_seat_counts(list(offerings))))
    return [with_region(offering, terms) for offering in found]


def module_facts(module: ModulePage) -> dict:
    """The module's topics, fields of work, trainers' names and funders for its page in one
    query (a union of the link tables and the funding rows); the terms and the module's project
    (with its funders, shown when the module names none of its own) come from the cached
    vocabulary. The qualifications it counts towards and what it renews come with them
    (``module_qualifications``)."""
    terms = vocabulary()
    blank = Value("", output_field=CharField())

    def links(field, kind, target, first=blank, last=blank):
        return (
            getattr(ModulePage, field)
            .through.objects.filter(modulepage=module)
            .annotate(kind=Value(kind, output_field=CharField()), first=first, last=last)
            .values_list("kind", "pk", target, "first", "last")
        )

    fundings = (
        ModuleFunding.objects.filter(page=module)
        .order_by()
        .annotate(kind=Value("funding", output_field=CharField()))
        .values_list("kind", "sort_order", "funder_id", "funder__name", "programme")
    )
    rows = links("topics", "topic", "topic_id").union(
        links("audiences", "audience", "audience_id"),
        links("trainers", "trainer", "user_id", F("user__first_name"), F("user__last_name")),
        fundings,
        all=True,
    )
    found: dict[str, set] = {"topic": set(), "audience": set()}
    trainers, funders = [], []
    for kind, link, target, first, last in rows:
        if kind == "trainer":
            trainers.append((link, f"{first} {last}".strip()))  # User.get_full_name()
        elif kind == "funding":
            funders.append((link, f"{first} ({last})" if last else first))
        else:
            found[kind].add(target)
    project = terms.get("project", module.project_id)
    if not funders and project is not None:
        funders = list(enumerate(project.public_funders))
    return {
        "module_project": project,
        "module_funders": list(dict.fromkeys(name for _order, name in sorted(funders))),
        "module_topics": [topic for topic in terms.topics if topic.pk in found["topic"]],
        "module_audiences": [
            audience for audience in terms.audiences if audience.pk in found["audience"]
        ],
        "module_trainers": [name for _link, name in sorted(trainers)],
        **module_qualifications(module),  # three queries more
    }


def next_dates(module_keys) -> dict:
    """The first day of the next upcoming, open offering of each module (by translation key,
    so every translation shares its dates), in one query for all of them."""
    rows = (
        upcoming_offerings()
        .filter(module__translation_key__in=module_keys)
        .order_by("first_date")
        .values_list("module__translation_key", "first_date")
    )
    found: dict = {}
    for key, first_date in rows:
        found.setdefault(key, first_date)
    return found


def catalog_qualifications(filters: CatalogFilters) -> list | None:
    """The live, public qualifications the catalogue lists beside its modules: only without
    filters, or filtered by project alone (then that project's); None when the section is not
    shown at all: the other filters (topic, search, dates, ...) concern modules, and whether a
    qualification matches them is a matter of its modules. Read (and cached) either way, so a
    filter changes no query count; no query once cached."""
    qualifications = live_qualifications(get_language())
    others = filters.query or filters.topic or filters.audience or filters.filters_offerings
    if others or filters.extra:
        return None
    if filters.project:
        return [q for q in qualifications if q.project_id == filters.project.pk]
    return qualifications


def live_qualifications(language: str) -> list:
    """The live, public qualifications in ``language`` or untranslated German, by title, each
    with ``modules_needed`` and ``other_language``: one query per content version and language
    (kept in the cache as the vocabulary is; publishing or unpublishing a page bumps the
    version), so the catalogue costs with the section what it cost without it."""
    from django.conf import settings
    from django.core.cache import cache

    from courses.models import Qualification
    from portal import content_version

    key = f"courses:catalog-qualifications:{content_version.current()}:{language}"
    found = cache.get(key)
    if found is None:
        found = list(
            in_language_or_untranslated(public(Qualification.objects.live()), language)
            .defer("description")
            .order_by("title")
        )
        mark_other_language(found, language)
        for qualification in found:
            groups = qualification.requirement_groups()
            qualification.modules_needed = sum(count for _title, count, _ids in groups)
        cache.set(key, found, settings.PORTAL_PAGE_CACHE_TIMEOUT)
    return found


def module_qualifications(module: ModulePage) -> dict:
    """The qualifications a module counts towards (two queries) and, for a refresher, the live
    modules and qualifications whose validity it renews (one query), for its page. Of a
    qualification in several languages, the one in the module's language is named, else the
    first found."""
    from wagtail.models import Page

    from courses.services.qualifications import qualifications_of_module

    chosen: dict = {}
    for qualification in qualifications_of_module(module):
        key = qualification.translation_key
        if key not in chosen or qualification.locale_id == module.locale_id:
            chosen[key] = qualification
    renews_modules = ModulePage.renews_modules.through.objects.filter(from_modulepage=module)
    renews_qualifications = ModulePage.renews_qualifications.through.objects.filter(
        modulepage=module
    )
    renews = (
        Page.objects.live()
        .filter(
            Q(pk__in=renews_modules.values("to_modulepage_id"))
            | Q(pk__in=renews_qualifications.values("qualification_id"))
        )
        .only("title", "url_path", "depth", "path")
        .order_by("title")
    )
    return {
        "module_qualifications": sorted(chosen.values(), key=lambda q: q.title),
        "module_renews": list(renews),
    }
