"""The grouped parts of the funders' report (``courses.reports``): breakdowns of attended
participations, the gender table, the funding lines and the list of offerings.

Each function is one query (the region breakdown two, plus the region list), grouped in the
database; the rules are documented in ``courses.reports``.
"""

from __future__ import annotations

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.models import Enrollment, ModuleFunding, Offering, OfferingFunding
from courses.models.pages import Format
from courses.reports import (
    PERSONS,
    Breakdown,
    FundingLine,
    GenderTable,
    OfferingLine,
    _per_offering,
    annotated_offerings,
)
from portal.forms import gender_is_asked
from portal.models import Region, User


def _persons():
    # Distinct accounts, and each enrolment of a deleted account as one person.
    return PERSONS


def _label(name, name_en) -> str:
    if name_en and (get_language() or "de").startswith("en"):
        return name_en
    return name or ""


def _rows(values, key, name=None, name_en=None, labels=None):
    not_stated = _("not stated")
    rows = []
    for row in values:
        value = row[key]
        if value is None or value == "":
            label = not_stated
        elif labels is not None:
            label = str(labels.get(value, value))
        else:
            label = _label(row[name], row[name_en])
        rows.append(Breakdown(value, label, row["participations"], row["persons"]))
    # Largest first; "not stated" last.
    return sorted(rows, key=lambda r: (r.key in (None, ""), -r.participations, r.label))


def _grouped(attended, *fields, **annotations):
    return (
        attended.annotate(**annotations)
        .order_by()
        .values(*fields)
        .annotate(participations=Count("pk"), persons=_persons())
    )


def by_audience(attended):
    """Attended participations and persons by the person's field of work."""
    fields = ("user__audience", "user__audience__name", "user__audience__name_en")
    return _rows(_grouped(attended, *fields), *fields)


def by_topic(attended):
    """By the module's topics: a module with two topics counts in both rows."""
    prefix = "offering__module__topics"
    fields = (prefix, f"{prefix}__name", f"{prefix}__name_en")
    return _rows(_grouped(attended, *fields), *fields)


def by_format(attended):
    return _rows(
        _grouped(attended, "offering__format"), "offering__format", labels=dict(Format.choices)
    )


def _subtrees(regions: list[dict]) -> dict[int, set[int]]:
    children: dict = {}
    for region in regions:
        children.setdefault(region["parent_id"], []).append(region["pk"])
    result = {}
    for region in regions:
        found, stack = set(), [region["pk"]]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        result[region["pk"]] = found
    return result


def _region_case(regions, subtrees):
    whens = [When(user__region_id__in=subtrees[r["pk"]], then=Value(r["pk"])) for r in regions]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def by_region(attended):
    """(states, districts): by the federal state and the district (or district-free city) the
    person's region lies in. A person whose region is a state has no district ("not
    stated" there)."""
    regions = list(Region.objects.values("pk", "parent_id", "name", "name_en"))
    subtrees = _subtrees(regions)
    states = [r for r in regions if r["parent_id"] is None]
    state_ids = {r["pk"] for r in states}
    districts = [r for r in regions if r["parent_id"] in state_ids]
    labels = {r["pk"]: _label(r["name"], r["name_en"]) for r in regions}
    state_rows = _rows(
        _grouped(attended, "state", state=_region_case(states, subtrees)), "state", labels=labels
    )
    district_rows = _rows(
        _grouped(attended, "district", district=_region_case(districts, subtrees)),
        "district",
        labels=labels,
    )
    return state_rows, district_rows


def gender_asked() -> bool:
    """Is the voluntary gender field switched on (the default site's settings)?"""
    return gender_is_asked()


def gender_table(attended):
    """Attended persons by self-declared gender; "" (not asked, not answered or deleted
    account) as "not stated". Whether it may be shown is ``GenderTable.withheld``."""
    counts = {
        row["gender"]: row["persons"]
        for row in attended.annotate(gender=Coalesce("user__gender", Value("")))
        .order_by()
        .values("gender")
        .annotate(persons=_persons())
    }
    rows = [(value, str(label), counts.get(value, 0)) for value, label in User.Gender.choices]
    rows.append(("", _("not stated"), counts.get("", 0)))
    return GenderTable(rows=rows)


def funding_lines(held, funder=None):
    """Held offerings per (funder, programme, reference) of their effective funding: their own
    rows, else their module's. Offerings without any funding form a line of their own."""
    offerings = Offering.objects.filter(pk__in=held.values("pk"))
    own = OfferingFunding.objects.filter(offering=OuterRef("pk"))
    module_rows = ModuleFunding.objects.filter(page=OuterRef("module"))
    with_own = offerings.filter(Exists(own))
    by_module = offerings.filter(~Q(Exists(own)))
    keys = ("fundings__funder__name", "fundings__programme", "fundings__reference")
    module_keys = tuple(f"module__{key}" for key in keys)
    own_q, module_q = Q(fundings__isnull=False), Q(module__fundings__isnull=False)
    if funder is not None:
        own_q &= Q(fundings__funder=funder)
        module_q &= Q(module__fundings__funder=funder)
    lines: dict[tuple, int] = {}
    for queryset, fields, condition in (
        (with_own, keys, own_q),
        (by_module, module_keys, module_q),
    ):
        grouped = (
            queryset.filter(condition)
            .order_by()
            .values_list(*fields)
            .annotate(n=Count("pk", distinct=True))
        )
        for name, programme, reference, n in grouped:
            lines[(name, programme, reference)] = lines.get((name, programme, reference), 0) + n
    result = [FundingLine(*key, offerings=n) for key, n in sorted(lines.items())]
    if funder is None:
        unfunded = by_module.filter(~Q(Exists(module_rows))).count()
        if unfunded:
            result.append(FundingLine(_("no funding recorded"), "", "", unfunded))
    return result


def offering_lines(held, cancelled, attended):
    """Every offering of the report, held and cancelled, by its first session."""
    ids = Q(pk__in=held.values("pk")) | Q(pk__in=cancelled.values("pk"))
    confirmed = Enrollment.objects.filter(status=Enrollment.Status.CONFIRMED)
    rows = (
        annotated_offerings(Offering.objects.filter(ids))
        .annotate(
            n_confirmed=_per_offering(confirmed, Count("pk")),
            n_attended=_per_offering(attended, Count("pk")),
        )
        .select_related("module", "region")
        .order_by("first_date", "pk")
    )
    formats = dict(Format.choices)
    return [
        OfferingLine(
            pk=o.pk,
            title=f"{o.module.title} – {o.title_suffix}" if o.title_suffix else o.module.title,
            first_date=o.first_date,
            region=o.region.label,
            format=str(formats.get(o.format, o.format)),
            cancelled=o.status == Offering.Status.CANCELLED,
            sessions=o.n_sessions,
            minutes=o.minutes,
            teaching_units=o.units,
            capacity=o.capacity,
            confirmed=o.n_confirmed,
            attended=o.n_attended,
        )
        for o in rows
    ]
