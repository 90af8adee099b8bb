"""The intake channels of the needs analysis: every way a need reaches a ``Finding``.

Each function does one domain action inside a transaction; views, admin views, commands and
the demo call them. A one-time ``token`` (the hidden field of the form it came from) is stored
in a unique column, so a double submit or a second tab returns what the first one created
instead of a second row.

Channels (DESIGN.md §4): workshop records, needs reports, consultation requests, in-house
requests, interests and evaluation answers. None of them stores personal data about clients.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from needs_analysis.models import (
    Channel,
    ConsultationRequest,
    Finding,
    InHouseRequest,
    Interest,
    Kind,
    Urgency,
)


def _existing(model, token):
    if token is None:
        return None
    return model.objects.filter(submission_token=token).first()


def _create_once(model, token, create):
    """Run ``create()`` unless ``token`` was used already; then return the first result."""
    found = _existing(model, token)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        found = _existing(model, token)
        if found is None:
            raise
        return found, False


def _finding(*, channel, region, topics, by=None, **values) -> Finding:
    finding = Finding.objects.create(channel=channel, region=region, created_by=by, **values)
    finding.topics.set(topics)
    return finding


# 2. Needs report ("Bedarf melden") ------------------------------------------------------------


@transaction.atomic
def report_need(
    user,
    *,
    region,
    topics,
    audience=None,
    phase="",
    kind=Kind.KNOWLEDGE,
    urgency=Urgency.MEDIUM,
    staff_affected=1,
    description="",
    token=None,
) -> Finding:
    """A professional reports a need: one finding (channel report)."""
    finding, created = _create_once(
        Finding,
        token,
        lambda: _finding(
            channel=Channel.REPORT,
            region=region,
            topics=topics,
            by=user,
            audience=audience,
            phase=phase,
            kind=kind,
            urgency=urgency,
            staff_affected=staff_affected,
            description=description,
            submission_token=token,
        ),
    )
    if created:
        log(finding, "needs_analysis.finding.reported", user=user)
    return finding


# 3. Consultation request ("Fachberatung anfragen") --------------------------------------------


@transaction.atomic
def request_consultation(
    user,
    *,
    region,
    topics,
    description,
    audience=None,
    phase="",
    urgency=Urgency.MEDIUM,
    preferred_contact="",
    token=None,
) -> ConsultationRequest:
    """A consultation request, which also counts as a finding (kind: case consultation)."""

    def create():
        request = ConsultationRequest.objects.create(
            user=user,
            region=region,
            audience=audience,
            phase=phase,
            description=description,
            preferred_contact=preferred_contact,
            submission_token=token,
        )
        request.topics.set(topics)
        _finding(
            channel=Channel.CONSULTATION,
            region=region,
            topics=topics,
            by=user,
            audience=audience,
            phase=phase,
            kind=Kind.CONSULTATION,
            urgency=urgency,
            consultation_request=request,
            source=str(request),
        )
        return request

    request, created = _create_once(ConsultationRequest, token, create)
    if created:
        log(request, "needs_analysis.consultation.requested", user=user)
    return request


# 4. In-house request ("Inhouse-Schulung anfragen") --------------------------------------------


@transaction.atomic
def request_in_house(
    user,
    module,
    *,
    organisation,
    region,
    group_size,
    audience=None,
    preferred_period="",
    message="",
    token=None,
) -> InHouseRequest:
    """An in-house request for ``module``; a finding for the module's topics, the group counts."""
    module = getattr(module, "specific", module)

    def create():
        request = InHouseRequest.objects.create(
            module=module,
            user=user,
            organisation=organisation,
            region=region,
            audience=audience,
            group_size=group_size,
            preferred_period=preferred_period,
            message=message,
            submission_token=token,
        )
        _finding(
            channel=Channel.IN_HOUSE,
            region=region,
            topics=list(module.topics.all()),
            by=user,
            audience=audience,
            kind=Kind.KNOWLEDGE,
            staff_affected=max(1, group_size),
            in_house_request=request,
            source=str(request)[:255],
        )
        return request

    request, created = _create_once(InHouseRequest, token, create)
    if created:
        log(request, "needs_analysis.in_house.requested", user=user)
    return request


# 5. Interest ("Interesse bekunden") -----------------------------------------------------------


@transaction.atomic
def express_interest(user, module) -> Interest:
    """Record that ``user`` wants to hear when ``module`` is offered in their region.

    One active interest per person and module (a conditional unique constraint); asking again
    returns the existing one. The first interest also counts as a finding for the module's
    topics in the person's region.
    """
    module = getattr(module, "specific", module)
    if user.region_id is None:
        raise ValueError("The person has no region in their profile.")
    existing = Interest.objects.filter(
        user=user, module=module, status=Interest.Status.ACTIVE
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            interest = Interest.objects.create(user=user, module=module, region_id=user.region_id)
    except IntegrityError:
        return Interest.objects.get(user=user, module=module, status=Interest.Status.ACTIVE)
    _finding(
        channel=Channel.INTEREST,
        region=interest.region,
        topics=list(module.topics.all()),
        by=user,
        audience_id=user.audience_id,
        kind=Kind.KNOWLEDGE,
        urgency=Urgency.LOW,
        interest=interest,
        source=str(interest)[:255],
    )
    log(interest, "needs_analysis.interest.expressed", user=user)
    return interest


def interests_served_by(offering):
    """Active interests in the offering's module whose region the offering serves.

    The people an offering serves live in its region or below it, or, for an online offering,
    also in the regions above it: the inverse of ``Offering.serves`` (one region rule).
    """
    from courses.models import Offering

    offering = Offering.objects.select_related("module", "region").get(pk=offering.pk)
    candidates = Interest.objects.filter(
        status=Interest.Status.ACTIVE,
        module__translation_key=offering.module.translation_key,
        region_id__in=_regions_served(offering),
        user__isnull=False,
    ).select_related("user", "module", "region")
    return offering, candidates


def _regions_served(offering) -> set[int]:
    """The regions whose people ``offering`` serves, by ``Offering.serves`` on each."""
    from portal.models import Region

    candidates = offering.region.subtree_ids() | offering.region.ancestor_ids()
    return {
        region.pk for region in Region.objects.filter(pk__in=candidates) if offering.serves(region)
    }


def notify_interested(offering_pk: int) -> int:
    """Email the people interested in an opened offering's module in its region, once each.

    Called after the offering was saved with status "open" (``signal_handlers``). Each interest
    is marked notified in the same transaction as its mail is queued, so it is never mailed
    twice, and nothing is sent for a rolled-back change.
    """
    from courses.models import Offering
    from needs_analysis import emails

    with transaction.atomic():
        offering = Offering.objects.filter(pk=offering_pk, status=Offering.Status.OPEN).first()
        if offering is None or not _is_upcoming(offering):
            return 0
        offering, candidates = interests_served_by(offering)
        ids = list(candidates.values_list("pk", flat=True))
        interests = list(
            Interest.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=Interest.Status.ACTIVE)
            .select_related("user", "module", "region")
        )
        now = timezone.now()
        for interest in interests:
            interest.status = Interest.Status.NOTIFIED
            interest.notified_at = now
            interest.notified_offering = offering
            interest.save(
                update_fields=["status", "notified_at", "notified_offering", "updated_at"]
            )
            emails.send_offering_opened(interest, offering)
        return len(interests)


def _is_upcoming(offering) -> bool:
    first = offering.sessions.order_by("date").values_list("date", flat=True).first()
    return first is None or first >= timezone.localdate()


def schedule_interest_notification(offering) -> None:
    transaction.on_commit(partial(notify_interested, offering.pk))


# 1. Workshop records --------------------------------------------------------------------------


@dataclass
class FindingRow:
    """One row of a workshop record (multi-row form or imported sheet), already validated."""

    topics: list
    audience: object = None
    phase: str = ""
    kind: str = Kind.KNOWLEDGE
    urgency: str = Urgency.MEDIUM
    staff_affected: int = 1
    description: str = ""
    extra: dict = field(default_factory=dict)


@transaction.atomic
def record_workshop_findings(workshop, rows: Iterable[FindingRow], by) -> list[Finding]:
    """Save all rows as findings of ``workshop`` in one transaction (all or nothing).

    Region and date come from the workshop; the channel is "workshop".
    """
    recorded_on = timezone.localtime(workshop.starts_at).date()
    findings = [
        _finding(
            channel=Channel.WORKSHOP,
            workshop=workshop,
            region=workshop.region,
            topics=row.topics,
            by=by,
            audience=row.audience,
            phase=row.phase,
            kind=row.kind,
            urgency=row.urgency,
            staff_affected=row.staff_affected,
            description=row.description,
            recorded_on=recorded_on,
        )
        for row in rows
    ]
    if findings:
        log(
            workshop,
            "needs_analysis.workshop.findings_recorded",
            user=by,
            data={"findings": [f.pk for f in findings]},
        )
    return findings


# 6. Evaluation answers ------------------------------------------------------------------------


def evaluation_model():
    """``courses.Evaluation`` if it has the fields the triage needs, else None (R3 optional)."""
    from django.apps import apps

    if not apps.is_installed("courses"):
        return None
    try:
        model = apps.get_model("courses", "Evaluation")
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    if not {"further_topics", "triaged", "offering"} <= names:
        return None
    return model


def untriaged_evaluations():
    model = evaluation_model()
    if model is None:
        return None
    return (
        model.objects.filter(triaged=False)
        .exclude(further_topics="")
        .select_related("offering__module", "offering__region")
        .order_by("submitted_on", "pk")
    )


@transaction.atomic
def triage_evaluation(
    evaluation,
    by,
    *,
    topics,
    audience=None,
    kind=Kind.KNOWLEDGE,
    urgency=Urgency.MEDIUM,
    staff_affected=1,
    description="",
) -> Finding | None:
    """Turn an evaluation's "further topics" answer into a finding; marks it triaged."""
    model = evaluation_model()
    locked = model.objects.select_for_update().select_related("offering").get(pk=evaluation.pk)
    if locked.triaged:
        return None
    finding = _finding(
        channel=Channel.EVALUATION,
        region=locked.offering.region,
        topics=topics,
        by=by,
        audience=audience,
        kind=kind,
        urgency=urgency,
        staff_affected=staff_affected,
        description=description or locked.further_topics,
        recorded_on=locked.submitted_on or timezone.localdate(),
        source=f"Evaluation #{locked.pk}, Angebot #{locked.offering_id}",
    )
    model.objects.filter(pk=locked.pk).update(triaged=True)
    log(finding, "needs_analysis.evaluation.triaged", user=by)
    return finding


@transaction.atomic
def dismiss_evaluation(evaluation, by) -> None:
    model = evaluation_model()
    model.objects.filter(pk=evaluation.pk).update(triaged=True)
