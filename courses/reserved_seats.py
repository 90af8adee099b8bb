"""Reserved seats in words: "3 Plätze für Polizei und Kommunen reserviert bis 15. Januar 2027".

The module page and the admin's offering list show, per offering, the seats its contingents
still keep back (``courses.services.seats`` decides who may take them). The free seats are
read for all shown offerings in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext, ngettext


@dataclass
class Reserved:
    free: int
    release_at: object
    names: list[tuple[str, str]] = field(default_factory=list)  # (German, English) per audience

    def text(self) -> str:
        english = (get_language() or "de").startswith("en")
        labels = [(name_en or name) if english else name for name, name_en in self.names]
        day = date_format(timezone.localtime(self.release_at), "DATE_FORMAT")
        return ngettext(
            "%(counter)s place reserved for %(audiences)s until %(date)s",
            "%(counter)s places reserved for %(audiences)s until %(date)s",
            self.free,
        ) % {
            "counter": localize(self.free),
            "audiences": get_text_list(labels, gettext("and")),
            "date": day,
        }


def attach_reserved(offerings, now=None):
    """Set ``offering.reserved`` (a list of ``Reserved`` with free seats, soonest release
    first) on each of ``offerings``, from one query."""
    from courses.models import Contingent, Enrollment

    now = now or timezone.now()
    by_offering = {offering.pk: [] for offering in offerings}
    used = (
        Enrollment.objects.filter(contingent=OuterRef("pk"), status__in=Enrollment.SEAT_STATUSES)
        .order_by()
        .values("contingent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Contingent.objects.filter(offering_id__in=by_offering, release_at__gt=now)
        .annotate(used=Coalesce(Subquery(used, output_field=IntegerField()), 0))
        .filter(used__lt=F("seats"))
        .order_by("release_at", "pk", "audiences__sort_order", "audiences__name")
        .values_list(
            "pk",
            "offering_id",
            "seats",
            "used",
            "release_at",
            "audiences__name",
            "audiences__name_en",
        )
    )
    found: dict[int, Reserved] = {}
    for pk, offering_id, seats, taken, release_at, name, name_en in rows:
        if pk not in found:
            found[pk] = Reserved(seats - taken, release_at)
            by_offering[offering_id].append(found[pk])
        if name:
            found[pk].names.append((name, name_en))
    for offering in offerings:
        offering.reserved = by_offering[offering.pk]
    return offerings


def reserved_texts(offering) -> list[str]:
    return [reserved.text() for reserved in getattr(offering, "reserved", [])]
