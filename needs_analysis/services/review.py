"""Reviewing findings: bulk status changes, redaction, merging duplicates (coordinators)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from needs_analysis import aggregates
from needs_analysis.models import REDACTED_TEXT, Finding


@transaction.atomic
def set_status(findings, status: str, by) -> int:
    """Change the status of several findings at once (the review's bulk action)."""
    if status not in Finding.Status.values:
        raise ValueError(status)
    ids = list(findings.values_list("pk", flat=True))
    Finding.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
    aggregates.findings_changed()  # update() sends no signal
    for finding in Finding.objects.filter(pk__in=ids):
        log(finding, "needs_analysis.finding.status_changed", user=by, data={"status": status})
    return len(ids)


@transaction.atomic
def redact(findings, by) -> int:
    """Black out the descriptions of ``findings`` (personal data entered by mistake)."""
    ids = list(findings.values_list("pk", flat=True))
    Finding.objects.filter(pk__in=ids).update(
        description=REDACTED_TEXT, redacted=True, updated_at=timezone.now()
    )
    for finding in Finding.objects.filter(pk__in=ids):
        log(finding, "needs_analysis.finding.redacted", user=by)
    return len(ids)


@transaction.atomic
def merge(keep: Finding, duplicates: Iterable[Finding], by) -> Finding:
    """Merge duplicates into ``keep``: staff affected add up, topics and offerings move over,
    the duplicates are archived (kept for traceability, no longer counted)."""
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        return keep
    ids = [d.pk for d in duplicates]
    keep = Finding.objects.select_for_update().get(pk=keep.pk)
    others = list(Finding.objects.filter(pk__in=ids).prefetch_related("topics", "offerings"))
    keep.staff_affected += sum(d.staff_affected for d in others)
    notes = [f"#{d.pk}" for d in others]
    keep.source = (keep.source + " " if keep.source else "") + _("merged: %(ids)s") % {
        "ids": ", ".join(notes)
    }
    keep.source = keep.source[:255]
    keep.save(update_fields=["staff_affected", "source", "updated_at"])
    for duplicate in others:
        keep.topics.add(*duplicate.topics.all())
        keep.offerings.add(*duplicate.offerings.all())
    Finding.objects.filter(pk__in=ids).update(
        status=Finding.Status.ARCHIVED, updated_at=timezone.now()
    )
    aggregates.findings_changed()  # update() sends no signal
    log(keep, "needs_analysis.finding.merged", user=by, data={"merged": ids})
    return keep
