"""The funders' report ("Förderbericht / Verwendungsnachweis"): what was delivered in a period.

``funding_report(start, end, funder=..., region=...)`` answers with a ``FundingReport``; the
admin page, its XLSX and its PDF all show that one result (``courses.report_tables``). Every
number is counted by the database (aggregates and annotations); the number of queries does not
depend on the number of offerings, enrolments or answers.

The rules, in one place:

- **In the period**: an offering belongs to the period of its first session, as a whole
  (``start <= first session date <= end``); its later sessions count there too.
- **Held**: in the period, not cancelled, and its first session is not after the day of the
  report (``today``). Offerings still to come are not reported. **Cancelled**: status
  cancelled and its planned first session in the period.
- **Region** (optional): held in the region, i.e. the offering's region is the region or lies
  below it (``Region.subtree_ids``). An online offering counts for the region it is assigned
  to, not for the regions above or below it (unlike the catalogue's ``serving``, which shows
  participants what they can attend: a funder pays for what was delivered there).
- **Funder** (optional): the offering's effective funding names the funder. An offering's own
  funding rows, where it has any, replace its module's (``courses.models.funding``).
- **Hours** are the sessions' length (end − start). **Teaching units**: the module's stated
  ``teaching_units`` per held offering; for a module without them, whole 45-minute units of
  the offering's session time (rounded down).
- **Seats** are the capacity of the held offerings. **Enrolments** of held offerings by status.
- **Attended**: confirmed and present at the share of sessions ``courses.services.attendance``
  asks for (``PORTAL_ATTENDANCE_SHARE``, default all). Counted as participations (enrolments)
  and as persons (distinct accounts; an enrolment of a deleted account counts as one person).
  **Attendance rate** = attended participations / confirmed enrolments of held offerings.
- **Breakdowns** of attended participations (and persons): by the person's field of work, by
  the federal state and district of the person's region (where they work, from their profile;
  "not stated" without one), by the module's topics (a module with two topics counts in
  both, so these rows add up to more than the total) and by format.
- **Evaluation**: averages of the anonymous answers to held offerings, only from
  ``MIN_EVALUATION_ANSWERS`` (3) answers up; below that they are withheld.
- **Findings addressed**: findings of the needs analysis linked to held offerings (through
  the reverse relation ``Offering.findings``; ``courses`` does not import ``needs_analysis``).
- **Gender** (only while ``SiteSettings.ask_gender`` of the default site is on): attended
  persons by their self-declared gender, counts only. Shown only if every group that has
  anybody in it has at least ``MIN_GROUP_SIZE`` (3) persons; otherwise the whole table is
  withheld (one small group could single people out, and leaving only it out would reveal it
  by subtraction).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractHour, ExtractMinute
from django.utils import timezone

from courses.models import (
    Attendance,
    Enrollment,
    Evaluation,
    ModuleFunding,
    Offering,
    OfferingFunding,
    Session,
)
from courses.services.attendance import attendance_share
from courses.services.evaluation import MIN_EVALUATION_ANSWERS

MIN_GROUP_SIZE = 3  # the gender table: every non-empty group at least this many persons
UNIT_MINUTES = 45  # one teaching unit ("Unterrichtseinheit")
Status = Enrollment.Status


@dataclass
class Breakdown:
    """One row of a breakdown: a label, attended participations and persons."""

    key: object
    label: str
    participations: int
    persons: int


@dataclass
class FundingLine:
    funder: str
    programme: str
    reference: str
    offerings: int


@dataclass
class OfferingLine:
    pk: int
    title: str
    first_date: datetime.date | None
    region: str
    format: str
    cancelled: bool
    sessions: int
    minutes: int
    teaching_units: int
    capacity: int
    confirmed: int
    attended: int

    @property
    def hours(self) -> Decimal:
        return _hours(self.minutes)


@dataclass
class EvaluationSummary:
    answers: int
    averages: dict[str, float] = field(default_factory=dict)  # empty while withheld

    @property
    def withheld(self) -> bool:
        return self.answers < MIN_EVALUATION_ANSWERS


@dataclass
class FindingsSummary:
    count: int
    staff_affected: int
    by_kind: list[tuple[str, str, int]]  # (kind, label, findings)


@dataclass
class GenderTable:
    rows: list[tuple[str, str, int]]  # (value, label, persons); "" is "not stated"

    @property
    def withheld(self) -> bool:
        return any(0 < n < MIN_GROUP_SIZE for _value, _label, n in self.rows) or (
            sum(n for *_rest, n in self.rows) < MIN_GROUP_SIZE
        )


@dataclass
class FundingReport:
    start: datetime.date
    end: datetime.date
    today: datetime.date
    funder: object = None
    region: object = None
    fundings: list[FundingLine] = field(default_factory=list)
    offerings_held: int = 0
    offerings_cancelled: int = 0
    sessions: int = 0
    minutes: int = 0
    teaching_units: int = 0
    seats: int = 0
    enrolments_by_status: dict[str, int] = field(default_factory=dict)
    attended_participations: int = 0
    attended_persons: int = 0
    by_audience: list[Breakdown] = field(default_factory=list)
    by_state: list[Breakdown] = field(default_factory=list)
    by_district: list[Breakdown] = field(default_factory=list)
    by_topic: list[Breakdown] = field(default_factory=list)
    by_format: list[Breakdown] = field(default_factory=list)
    evaluation: EvaluationSummary | None = None
    findings: FindingsSummary | None = None
    gender: GenderTable | None = None  # None: gender is not asked
    offerings: list[OfferingLine] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return _hours(self.minutes)

    @property
    def confirmed(self) -> int:
        return self.enrolments_by_status.get(Status.CONFIRMED, 0)

    @property
    def attendance_rate(self) -> float | None:
        """Attended participations per confirmed enrolment (0–1), None without any."""
        return self.attended_participations / self.confirmed if self.confirmed else None


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Expressions ----------------------------------------------------------------------------------


def _clock_minutes(name):
    return Cast(ExtractHour(name), IntegerField()) * 60 + Cast(ExtractMinute(name), IntegerField())


SESSION_MINUTES = _clock_minutes("end_time") - _clock_minutes("start_time")


def _per_offering(queryset, expression):
    """A correlated subquery: ``expression`` aggregated over the rows of ``queryset`` that
    belong to the outer offering (``offering`` = OuterRef("pk")), 0 without rows."""
    return Coalesce(
        Subquery(
            queryset.filter(offering=OuterRef("pk"))
            .order_by()
            .values("offering")
            .annotate(n=expression)
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def annotated_offerings(queryset):
    """``queryset`` with ``first_date``, ``n_sessions``, ``minutes`` and ``units`` (teaching
    units: the module's, else whole 45-minute units of the session time)."""
    first = Session.objects.filter(offering=OuterRef("pk")).order_by("date").values("date")[:1]
    minutes = _per_offering(Session.objects.all(), Sum(SESSION_MINUTES))
    return queryset.annotate(
        first_date=Subquery(first),
        n_sessions=_per_offering(Session.objects.all(), Count("pk")),
        minutes=minutes,
        units=Case(
            When(module__teaching_units__isnull=False, then=F("module__teaching_units")),
            default=Cast(minutes, IntegerField()) / UNIT_MINUTES,
            output_field=IntegerField(),
        ),
    )


def effective_funding_q(funder) -> Q:
    """Offerings whose effective funding names ``funder``: their own rows, or, without own
    rows, their module's."""
    own = OfferingFunding.objects.filter(offering=OuterRef("pk"))
    module_rows = ModuleFunding.objects.filter(page=OuterRef("module"), funder=funder)
    return Q(Exists(own.filter(funder=funder))) | (~Q(Exists(own)) & Q(Exists(module_rows)))


def _count_by(queryset, by):
    return queryset.order_by().values(by).annotate(n=Count("pk")).values("n")


def attended_enrollments(offerings):
    """The attended enrolments of ``offerings`` (a queryset), as a plain queryset of
    ``Enrollment`` (the rule of ``courses.services.attendance.attended``, in SQL)."""
    present = Attendance.objects.filter(
        enrollment=OuterRef("pk"), present=True, session__offering=OuterRef("offering")
    )
    sessions = Session.objects.filter(offering=OuterRef("offering"))
    candidates = (
        Enrollment.objects.filter(offering__in=offerings, status=Status.CONFIRMED)
        .annotate(
            n_present=Coalesce(Subquery(_count_by(present, "enrollment"), IntegerField()), 0),
            n_sessions=Coalesce(Subquery(_count_by(sessions, "offering"), IntegerField()), 0),
        )
        .filter(
            n_sessions__gt=0,
            n_present__gte=ExpressionWrapper(
                Value(attendance_share()) * F("n_sessions") - Value(1e-9),
                output_field=FloatField(),
            ),
        )
    )
    return Enrollment.objects.filter(pk__in=candidates.values("pk"))


PERSONS = Count("user", distinct=True) + Count("pk", filter=Q(user__isnull=True))


def selected_offerings(start, end, *, funder=None, region=None, offerings=None, today=None):
    """(held, cancelled): the offerings of the report as two querysets (not evaluated)."""
    today = today or timezone.localdate()
    base = annotated_offerings(offerings if offerings is not None else Offering.objects.all())
    base = base.filter(first_date__gte=start, first_date__lte=end)
    if funder is not None:
        base = base.filter(effective_funding_q(funder))
    if region is not None:
        base = base.filter(region_id__in=region.subtree_ids())
    held = base.exclude(status=Offering.Status.CANCELLED).filter(first_date__lte=today)
    cancelled = base.filter(status=Offering.Status.CANCELLED)
    return held, cancelled


def funding_report(start, end, *, funder=None, region=None, offerings=None, today=None):
    """The funders' report for ``[start, end]`` (dates, both included).

    ``funder`` (a ``Provider`` of kind funder) and ``region`` (a ``Region``, with everything
    below it) narrow it; ``offerings`` is the queryset the reader may see (their scope,
    ``courses.access.funding_report_offerings``); ``today`` the day of the report.
    """
    from courses import report_parts as parts

    today = today or timezone.localdate()
    held, cancelled = selected_offerings(
        start, end, funder=funder, region=region, offerings=offerings, today=today
    )
    held_ids = held.values("pk")
    report = FundingReport(start=start, end=end, today=today, funder=funder, region=region)
    totals = held.aggregate(
        total_count=Count("pk"),
        total_seats=Coalesce(Sum("capacity"), 0),
        total_sessions=Coalesce(Sum("n_sessions"), 0),
        total_minutes=Coalesce(Sum("minutes"), 0),
        total_units=Coalesce(Sum("units"), 0),
    )
    report.offerings_held = totals["total_count"]
    report.seats = totals["total_seats"]
    report.sessions = totals["total_sessions"]
    report.minutes = totals["total_minutes"]
    report.teaching_units = totals["total_units"]
    report.offerings_cancelled = cancelled.count()

    enrolments = Enrollment.objects.filter(offering__in=held_ids)
    by_status = dict(
        enrolments.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    report.enrolments_by_status = {value: by_status.get(value, 0) for value in Status.values}

    attended = attended_enrollments(held_ids)
    people = attended.aggregate(participations=Count("pk"), persons=PERSONS)
    report.attended_participations = people["participations"]
    report.attended_persons = people["persons"]
    report.by_audience = parts.by_audience(attended)
    report.by_state, report.by_district = parts.by_region(attended)
    report.by_topic = parts.by_topic(attended)
    report.by_format = parts.by_format(attended)
    report.evaluation = evaluation_summary(held_ids)
    report.findings = findings_summary(held_ids)
    report.gender = parts.gender_table(attended) if parts.gender_asked() else None
    report.fundings = parts.funding_lines(held, funder)
    report.offerings = parts.offering_lines(held, cancelled, attended)
    return report


def evaluation_summary(offering_ids) -> EvaluationSummary:
    """The averages of the rating questions, only from ``MIN_EVALUATION_ANSWERS`` answers."""
    fields = Evaluation.RATING_FIELDS
    result = Evaluation.objects.filter(offering__in=offering_ids).aggregate(
        answers=Count("pk"), **{name: Avg(name) for name in fields}
    )
    summary = EvaluationSummary(answers=result["answers"])
    if not summary.withheld:
        summary.averages = {name: round(float(result[name]), 2) for name in fields}
    return summary


def findings_summary(offering_ids) -> FindingsSummary | None:
    """Findings of the needs analysis the held offerings address, or None without that app."""
    try:
        finding_model = Offering._meta.get_field("findings").related_model
    except FieldDoesNotExist:  # the needs analysis is not installed
        return None
    linked = finding_model.objects.filter(offerings__in=offering_ids).values("pk")
    findings = finding_model.objects.filter(pk__in=linked)
    rows = dict(
        findings.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    totals = findings.aggregate(count=Count("pk"), staff=Coalesce(Sum("staff_affected"), 0))
    kind_field = finding_model._meta.get_field("kind")
    by_kind = [
        (value, str(label), rows[value]) for value, label in kind_field.choices if value in rows
    ]
    return FindingsSummary(count=totals["count"], staff_affected=totals["staff"], by_kind=by_kind)
