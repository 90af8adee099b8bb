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

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from courses.models import ModulePage, Offering, Session
from courses.search import search_module_pages
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
        return bool(self.query or self.topic or self.audience or self.filters_offerings)


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
    the filters, sorted."""
    modules = in_language_or_untranslated(ModulePage.objects.live().public(), get_language())
    if filters.query:
        modules = search_module_pages(modules, filters.query)  # inside this query
    if filters.topic:
        modules = modules.filter(topics=filters.topic)
    if filters.audience:
        modules = modules.filter(Q(audiences=filters.audience) | Q(audiences__isnull=True))
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
    ).distinct()
    sorts = extra_sorts()
    if filters.sort in sorts and request is not None:
        modules = sorts[filters.sort][1](modules, request)
    elif filters.sort == "title":
        modules = modules.order_by("title")
    else:
        modules = modules.order_by(F("next_date").asc(nulls_last=True), "title")
    return modules.select_related("provider").prefetch_related("topics", "audiences")


def attach_offerings(modules: list[ModulePage], filters: CatalogFilters, limit=3) -> None:
    """Give each module of a page of results its next matching offerings (one query), and
    mark those shown in another language than the active one (``other_language``)."""
    mark_other_language(modules, get_language())
    keys = {module.translation_key for module in modules}
    offerings = (
        upcoming_offerings(filters)  # also hides dates reserved for other fields of work
        .filter(module__translation_key__in=keys)
        .with_seat_counts()
        .select_related("region", "module")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("date")))
        .order_by("first_date", "pk")
    )
    by_key: dict = {}
    for offering in offerings:
        by_key.setdefault(offering.module.translation_key, []).append(offering)
    for module in modules:
        found = by_key.get(module.translation_key, [])
        module.next_offerings = found[:limit]
        module.more_offerings = max(0, len(found) - limit)


def module_offerings(module: ModulePage) -> list[Offering]:
    """All upcoming offerings of a module (any translation), with seats and sessions."""
    return list(
        upcoming_offerings()
        .filter(module__translation_key=module.translation_key)
        .with_seat_counts()
        .select_related("region")
        .prefetch_related(
            "eligible_audiences",
            Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time")),
        )
        .order_by("first_date", "pk")
    )
