"""The weight of a finding (DESIGN.md §4), in SQL and in Python: the one place of that rule.

weight = staff affected × urgency factor (low 0.5, medium 1.0, high 1.5)
× 0.5 ** (age in days / half-life); age counts from ``Finding.recorded_on`` to ``on``.

``weight_expression`` is summed by the database (``needs_analysis.demand.matrix``);
``finding_weight`` computes the same number for one finding (explanations and tests).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, F, FloatField, Func, Value, When
from django.db.models.functions import Cast, Power
from django.utils import timezone

from needs_analysis.models import URGENCY_FACTORS, Finding, NeedsAnalysisSettings


class DaysBetween(Func):
    """Whole days from the date column ``start`` to the date ``end`` (a float, SQL side)."""

    output_field = FloatField()

    def __init__(self, end: datetime.date, start, **extra):
        super().__init__(Value(end, output_field=models.DateField()), start, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST((%(expressions)s) AS double precision)",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sql(self, compiler, connection, **extra_context):
        if "template" not in extra_context:
            # Other backends: a generic fallback through Django's date subtraction is not
            # portable; the project supports SQLite and PostgreSQL.
            raise NotImplementedError(connection.vendor)
        return super().as_sql(compiler, connection, **extra_context)


def weight_expression(on: datetime.date, half_life_days: int, prefix: str = ""):
    """The weight of a finding as an SQL expression (``prefix`` for lookups through a join)."""
    factor = Case(
        *(
            When(**{f"{prefix}urgency": urgency}, then=Value(value))
            for urgency, value in URGENCY_FACTORS.items()
        ),
        default=Value(1.0),
        output_field=FloatField(),
    )
    decay = Power(
        Value(0.5, output_field=FloatField()),
        DaysBetween(on, F(f"{prefix}recorded_on")) / Value(float(half_life_days)),
    )
    return Cast(F(f"{prefix}staff_affected"), FloatField()) * factor * decay


def finding_weight(finding: Finding, on=None, half_life_days=None) -> float:
    """The weight of one finding, in Python (for explanations and tests)."""
    on = on or timezone.localdate()
    if half_life_days is None:
        half_life_days = NeedsAnalysisSettings.load().half_life_days
    age = (on - finding.recorded_on).days
    return (
        finding.staff_affected * URGENCY_FACTORS[finding.urgency] * 0.5 ** (age / half_life_days)
    )
