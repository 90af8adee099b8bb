"""From recommendations to offerings, and the findings' bookkeeping afterwards.

``plan_for_need`` turns a recommendation (a topic in a region) into a planned offering and links
its open findings, once: a second click ("Angebot planen" twice, a second tab) finds no open
findings left and returns the offering already planned instead of a second, empty one.
``plan_offering`` does the creating and linking; ``update_findings`` (command
``manage.py update_findings``, run daily by cron) marks findings as addressed once their
offering has taken place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Offering, Session
from courses.services.offerings import create_offering
from needs_analysis import aggregates
from needs_analysis.demand import findings_for_cell
from needs_analysis.models import Finding


@dataclass(frozen=True)
class Planned:
    """What ``plan_for_need`` did: the offering (new or already planned) and whether it is new."""

    offering: Offering | None
    created: bool


def offerings_for_need(topic, region):
    """Not-cancelled offerings linked to findings of the topic in the region (and below)."""
    behind = findings_for_cell(topic, region).values("pk")
    return (
        Offering.objects.not_cancelled()
        .filter(findings__in=behind)
        .distinct()
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def plan_for_need(topic, region, module, by, **prefill) -> Planned:
    """Plan an offering of ``module`` for the need (``topic`` in ``region``), at most once.

    The open findings of the need are locked first, so two submits of the same plan are
    serialised: the first links them (they become "planned"), the second finds none open and
    gets the offering already planned for the need (preferably of the same module), with
    ``created=False``; without any it gets ``Planned(None, False)``. An offering planned here
    therefore always answers at least one finding.
    """
    candidates = list(
        findings_for_cell(topic, region).open().values_list("pk", flat=True).distinct()
    )
    findings = list(
        Finding.objects.select_for_update().filter(pk__in=candidates).open().order_by("pk")
    )
    if not findings:
        existing = offerings_for_need(topic, region)
        same_module = existing.filter(module__translation_key=module.translation_key).first()
        return Planned(same_module or existing.first(), created=False)
    offering = plan_offering(module, region, findings, by, topic=topic, **prefill)
    return Planned(offering, created=True)


@transaction.atomic
def plan_offering(module, region, findings: Iterable[Finding], by, **prefill) -> Offering:
    """Create a planned offering of ``module`` in ``region`` and link ``findings`` to it.

    The offering itself is made by ``courses.services.offerings.create_offering`` (the module's
    defaults, its audiences as eligible audiences, one session per module day on working days
    eight weeks ahead, to be edited by the coordinator). ``prefill`` may set any offering field
    (``capacity``, ``format``, ``venue``, ...), ``topic`` for the notes and ``session_date`` for
    the first day. Open findings among ``findings`` become "planned"; the planning is
    audit-logged as ``needs_analysis.offering.planned`` with the findings.
    """
    findings = list(findings)
    topic = prefill.pop("topic", None)
    first_day = prefill.pop("session_date", None)
    notes = _("Planned from the needs analysis: %(count)s finding(s)") % {"count": len(findings)}
    if topic is not None:
        notes = f"{notes} – {topic}"
    offering = create_offering(
        module,
        region,
        by=by,
        first_day=first_day,
        findings_note=f"{notes}, {region}.",
        log_action="needs_analysis.offering.planned",
        log_data={"findings": [f.pk for f in findings]},
        **prefill,
    )
    if findings:
        offering.findings.add(*findings)
        Finding.objects.filter(
            pk__in=[f.pk for f in findings],
            status__in=[Finding.Status.NEW, Finding.Status.REVIEWED],
        ).update(status=Finding.Status.PLANNED, updated_at=timezone.now())
        aggregates.findings_changed()  # update() sends no signal
    return offering


def taken_place_offerings(on=None):
    """Offerings that have taken place: completed, or not cancelled and last session past."""
    on = on or timezone.localdate()
    ongoing = Session.objects.filter(date__gte=on).values("offering")
    return Offering.objects.filter(
        Q(status=Offering.Status.COMPLETED)
        | (~Q(status=Offering.Status.CANCELLED) & Q(sessions__isnull=False) & ~Q(pk__in=ongoing))
    ).distinct()


@transaction.atomic
def mark_addressed(offering, on=None) -> int:
    """Set the planned findings of ``offering`` to addressed if it has taken place."""
    if not taken_place_offerings(on).filter(pk=offering.pk).exists():
        return 0
    findings = Finding.objects.filter(status=Finding.Status.PLANNED, offerings=offering)
    return _set_addressed(findings)


def _set_addressed(findings) -> int:
    ids = list(findings.values_list("pk", flat=True).distinct())
    if ids:
        Finding.objects.filter(pk__in=ids).update(
            status=Finding.Status.ADDRESSED, updated_at=timezone.now()
        )
        aggregates.findings_changed()  # update() sends no signal
    return len(ids)


@transaction.atomic
def update_findings(on=None) -> dict:
    """The daily bookkeeping (``manage.py update_findings``).

    Planned findings whose offering has taken place become addressed; planned findings whose
    offerings were all cancelled go back to reviewed, so that they show up as open again.
    """
    addressed = _set_addressed(
        Finding.objects.filter(
            status=Finding.Status.PLANNED, offerings__in=taken_place_offerings(on)
        )
    )
    live_links = Finding.offerings.through.objects.exclude(
        offering__status=Offering.Status.CANCELLED
    ).values("finding_id")
    reopened = (
        Finding.objects.filter(status=Finding.Status.PLANNED, offerings__isnull=False)
        .exclude(pk__in=live_links)
        .distinct()
    )
    reopened_ids = list(reopened.values_list("pk", flat=True))
    if reopened_ids:
        Finding.objects.filter(pk__in=reopened_ids).update(
            status=Finding.Status.REVIEWED, updated_at=timezone.now()
        )
        aggregates.findings_changed()  # update() sends no signal
    return {"addressed": addressed, "reopened": len(reopened_ids)}
