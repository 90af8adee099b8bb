"""The intake channels of the needs analysis: every way a need reaches a ``Finding``.

Each function does one domain action inside a transaction; views, admin views, commands and
the demo call them. A one-time ``token`` (the hidden field of the form it came from) is stored
in a unique column, so a double submit or a second tab returns what the first one created
instead of a second row (``services.common.create_once``).

Channels (DESIGN.md §4): workshop records, needs reports, consultation requests, in-house
requests, interests (``services.interests``) and evaluation answers (``services.triage``). None
of them stores personal data about clients. The names of those two modules are re-exported
here, so ``intake.express_interest`` keeps working.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from needs_analysis import notifications
from needs_analysis.models import (
    Channel,
    ConsultationRequest,
    Finding,
    InHouseRequest,
    Kind,
    Urgency,
)
from needs_analysis.services.common import by_token, create_once, new_finding
from needs_analysis.services.interests import (
    express_interest,
    interests_served_by,
    notify_interested,
    schedule_interest_notification,
)
from needs_analysis.services.triage import (
    dismiss_evaluation,
    evaluation_model,
    triage_evaluation,
    untriaged_evaluations,
)

__all__ = [
    "FindingRow",
    "dismiss_evaluation",
    "earlier_report",
    "evaluation_model",
    "express_interest",
    "interests_served_by",
    "notify_interested",
    "record_workshop_findings",
    "report_need",
    "request_consultation",
    "request_in_house",
    "schedule_interest_notification",
    "triage_evaluation",
    "untriaged_evaluations",
]


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
    """A professional reports a need: one finding (channel report).

    Once per form (``token``) and once per person, text and day (``earlier_report``): going
    back and sending the same text again, which gets a fresh token, adds nothing either.
    """
    same_token = by_token(Finding, token)
    return create_once(
        lambda: same_token() or earlier_report(user, description),
        lambda: new_finding(
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
        action="needs_analysis.finding.reported",
        user=user,
    )


def earlier_report(user, description: str, on=None) -> Finding | None:
    """The report with the same text that ``user`` already sent on the same day, if any."""
    if user is None or not description.strip():
        return None
    on = on or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))
    return (
        Finding.objects.filter(
            channel=Channel.REPORT,
            created_by=user,
            description=description.strip(),
            created_at__gte=start,
            created_at__lt=start + datetime.timedelta(days=1),
        )
        .order_by("pk")
        .first()
    )


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
        new_finding(
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
        notifications.notify_request(notifications.CONSULTATION, request)
        return request

    return create_once(
        by_token(ConsultationRequest, token),
        create,
        action="needs_analysis.consultation.requested",
        user=user,
    )


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
        new_finding(
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
        notifications.notify_request(notifications.IN_HOUSE, request)
        return request

    return create_once(
        by_token(InHouseRequest, token),
        create,
        action="needs_analysis.in_house.requested",
        user=user,
    )


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
        new_finding(
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
