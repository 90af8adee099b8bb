"""Retention of enrolments (R6; the runner is ``portal.retention``).

An enrolment keeps its personal details for ``enrollment_days`` (three years by default) after
its offering ended, longer when a funder's retention duty adds
``enrollment_funder_extension_days``. Then the link to the person, the comment, the decline
reason and the link to the staff member who acted on it are cleared, and the audit-log entries
about it are deleted (their labels carry the person's name). The row itself stays with its
offering, status, attendance and evaluation flag: the participant numbers per offering, status
and attendance are the statistics the projects report.

Certificates are not touched: the person has handed them to others, and their verification
page keeps confirming them (see ``courses.privacy.keep_certificates``).
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast

from courses.models import Enrollment, Offering
from portal.retention import cutoff_date, deleted, enrollment_days


def offerings_ended_before(day: datetime.date):
    """Offerings whose last session was before ``day``; an offering without sessions (given
    up before it was scheduled) counts from its last change."""
    return (
        Offering.objects.with_dates()
        .filter(Q(last_date__lt=day) | Q(last_date__isnull=True, updated_at__date__lt=day))
        .values("pk")
    )


def retain_enrollments(now: datetime.datetime, p: dict) -> dict:
    """Clear the personal details of enrolments whose offering ended more than the enrolment
    period ago, and delete the audit-log entries about them; each a conditional statement,
    so a second run finds nothing left."""
    from wagtail.models import ModelLogEntry

    past = Enrollment.objects.filter(
        offering__in=offerings_ended_before(cutoff_date(now, enrollment_days(p)))
    )
    personal = (
        Q(user__isnull=False) | Q(acted_by__isnull=False) | ~Q(comment="") | ~Q(decline_reason="")
    )
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Enrollment),
        object_id__in=past.annotate(key=Cast("pk", models.CharField())).values("key"),
    )
    with transaction.atomic():
        anonymised = past.filter(personal).update(
            user=None, acted_by=None, comment="", decline_reason=""
        )
        log_entries = deleted(entries)
    return {"enrollments_anonymised": anonymised, "enrollment_log_entries_deleted": log_entries}
