"""Expiring qualifications as demand: the channel "renewal" of the needs analysis.

Whoever holds a qualification that expires within ``HORIZON_DAYS`` will need a refresher. Per
qualification, region and field of work one open finding of the channel "renewal" carries how
many people that are (no names: a finding is a count), tagged with the topics of the
refreshers (else of the qualification's modules). ``record_renewal_demand`` keeps these in step
with the certificates, daily from ``manage.py record_renewal_demand``: counts follow, a group
that was renewed in full is archived, a planned one is left to its offering.

``plan_refresher`` is "Angebot planen" for such a group, as ``planning.plan_for_need`` is for a
cell of the dashboard: the group's open findings are linked to one planned offering of the
refresher, at most once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from courses.models import Certificate, ModulePage, Qualification
from needs_analysis import aggregates
from needs_analysis.models import Channel, Finding, Kind, Urgency
from needs_analysis.services.planning import Planned, plan_offering

HORIZON_DAYS = 183  # six months


def expiring_certificates(on=None):
    """Unrevoked qualification certificates of active people that expire in the horizon."""
    on = on or timezone.localdate()
    return Certificate.objects.filter(
        kind=Certificate.Kind.QUALIFICATION,
        revoked_at__isnull=True,
        holder__is_active=True,
        qualification__isnull=False,
        valid_until__gte=on,
        valid_until__lte=on + datetime.timedelta(days=HORIZON_DAYS),
    )


def expiring_groups(on=None, certificates=None):
    """(qualification, region, audience) → how many and the earliest expiry; one query."""
    certificates = expiring_certificates(on) if certificates is None else certificates
    rows = (
        certificates.values("qualification_id", "holder__region_id", "holder__audience_id")
        .annotate(people=Count("pk"), first=Min("valid_until"))
        .order_by()
    )
    return {
        (row["qualification_id"], row["holder__region_id"], row["holder__audience_id"]): row
        for row in rows
    }


def refresher_topics(qualification_ids) -> dict:
    """qualification pk → the topic pks of its refreshers, else of its modules (two queries)."""
    through = ModulePage.renews_qualifications.through
    topics: dict = {}
    for qualification_id, topic_id in through.objects.filter(
        qualification_id__in=qualification_ids, modulepage__topics__isnull=False
    ).values_list("qualification_id", "modulepage__topics"):
        topics.setdefault(qualification_id, set()).add(topic_id)
    missing = [pk for pk in qualification_ids if pk not in topics]
    if missing:
        qualifications = list(Qualification.objects.filter(pk__in=missing))
        modules = {q.pk: q.module_ids() for q in qualifications}
        ids = {pk for found in modules.values() for pk in found}
        by_module: dict = {}
        for module_id, topic_id in ModulePage.topics.through.objects.filter(
            modulepage_id__in=ids
        ).values_list("modulepage_id", "topic_id"):
            by_module.setdefault(module_id, set()).add(topic_id)
        for pk, found in modules.items():
            topics[pk] = {t for module_id in found for t in by_module.get(module_id, ())}
    return topics


@transaction.atomic
def record_renewal_demand(on=None) -> dict:
    """Bring the renewal findings in step with the expiring certificates. Returns how many
    were created, updated and archived."""
    on = on or timezone.localdate()
    groups = {key: row for key, row in expiring_groups(on).items() if key[1] is not None}
    open_findings = {
        (f.renewal_of_id, f.region_id, f.audience_id): f
        for f in Finding.objects.select_for_update()
        .filter(channel=Channel.RENEWAL)
        .open()
        .order_by("pk")
    }
    planned = set(
        Finding.objects.filter(channel=Channel.RENEWAL, status=Finding.Status.PLANNED)
        .values_list("renewal_of_id", "region_id", "audience_id")
        .distinct()
    )
    topics = refresher_topics({key[0] for key in groups})
    counts = {"created": 0, "updated": 0, "archived": 0}
    for key, row in groups.items():
        finding = open_findings.pop(key, None)
        if finding is not None:
            if finding.staff_affected != row["people"]:
                finding.staff_affected = row["people"]
                finding.recorded_on = on
                finding.save(update_fields=["staff_affected", "recorded_on", "updated_at"])
                counts["updated"] += 1
            continue
        if key in planned:
            continue  # a refresher is planned for them already
        qualification_id, region_id, audience_id = key
        finding = Finding.objects.create(
            channel=Channel.RENEWAL,
            region_id=region_id,
            audience_id=audience_id,
            renewal_of_id=qualification_id,
            staff_affected=row["people"],
            urgency=Urgency.MEDIUM,
            kind=Kind.KNOWLEDGE,
            recorded_on=on,
            source=f"renewal:{qualification_id}",
        )
        finding.topics.set(topics.get(qualification_id, ()))
        counts["created"] += 1
    for finding in open_findings.values():  # renewed, or expired past the horizon
        finding.status = Finding.Status.ARCHIVED
        finding.save(update_fields=["status", "updated_at"])
        counts["archived"] += 1
    if any(counts.values()):
        aggregates.findings_changed()
    return counts


@transaction.atomic
def plan_refresher(qualification, region, module, by, **prefill) -> Planned:
    """Plan an offering of the refresher ``module`` in ``region`` for the people whose
    ``qualification`` expires there, at most once (the open findings are locked first; a
    second submit gets the offering planned before, ``created=False``)."""
    findings = list(
        Finding.objects.select_for_update()
        .filter(channel=Channel.RENEWAL, renewal_of=qualification, region=region)
        .open()
        .order_by("pk")
    )
    if not findings:
        existing = (
            Finding.objects.filter(
                channel=Channel.RENEWAL, renewal_of=qualification, region=region
            )
            .exclude(offerings=None)
            .values_list("offerings", flat=True)
            .order_by("-offerings")
            .first()
        )
        from courses.models import Offering

        return Planned(Offering.objects.filter(pk=existing).first(), created=False)
    offering = plan_offering(module, region, findings, by, topic=None, **prefill)
    return Planned(offering, created=True)
