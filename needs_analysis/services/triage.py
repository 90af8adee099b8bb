"""Evaluation answers: the "further topics" of an evaluation become findings after triage.

``courses.Evaluation`` is optional (R3): without the fields the triage needs, there is nothing
to triage and ``evaluation_model()`` is None.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from needs_analysis.models import Channel, Finding, Kind, Urgency
from needs_analysis.services.common import new_finding


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
    finding = new_finding(
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
