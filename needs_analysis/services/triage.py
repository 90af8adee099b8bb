"""Evaluation and transfer-survey answers: what participants say they still need becomes
findings after triage.

The "further topics" of an evaluation become findings of channel ``evaluation``; the "still
needed" part of a transfer-survey answer (topics and free text, ``courses.TransferAnswer``,
R10) findings of channel ``transfer``, in the offering's region (the project follows from the
region), so that the next round of the needs analysis sees them. Both answer models are looked
up by name: ``courses.Evaluation`` is optional (R3), and without the fields the triage needs
there is nothing to triage and ``evaluation_model()`` / ``transfer_model()`` is None.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
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
        .select_related("offering__module", "offering__region__parent")
        .order_by("submitted_on", "pk")
    )


def _triage(model, answer, by, *, channel, default_description, source, action, **fields):
    """Turn one answer (locked) into a finding of ``channel`` in its offering's region and
    mark it triaged; None if it had been triaged already (two coordinators at once)."""
    locked = model.objects.select_for_update().select_related("offering").get(pk=answer.pk)
    if locked.triaged:
        return None
    description = fields.pop("description", "") or default_description(locked)
    finding = new_finding(
        channel=channel,
        region=locked.offering.region,
        by=by,
        description=description,
        recorded_on=locked.submitted_on or timezone.localdate(),
        source=f"{source} #{locked.pk}, Angebot #{locked.offering_id}",
        **fields,
    )
    model.objects.filter(pk=locked.pk).update(triaged=True)
    log(finding, action, user=by)
    return finding


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
    return _triage(
        evaluation_model(),
        evaluation,
        by,
        channel=Channel.EVALUATION,
        default_description=lambda answer: answer.further_topics,
        source="Evaluation",
        action="needs_analysis.evaluation.triaged",
        topics=topics,
        audience=audience,
        kind=kind,
        urgency=urgency,
        staff_affected=staff_affected,
        description=description,
    )


@transaction.atomic
def dismiss_evaluation(evaluation, by) -> None:
    model = evaluation_model()
    model.objects.filter(pk=evaluation.pk).update(triaged=True)


# Transfer-survey answers (R10) -----------------------------------------------------------------


def transfer_model():
    """``courses.TransferAnswer`` if it has the fields the triage needs, else None."""
    from django.apps import apps

    if not apps.is_installed("courses"):
        return None
    try:
        model = apps.get_model("courses", "TransferAnswer")
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    if not {"needs_text", "needed_topics", "triaged", "offering"} <= names:
        return None
    return model


def untriaged_transfer_answers():
    """Transfer answers not yet triaged that say what is still needed (text or topics), the
    oldest first, with their offering, region and topics (a fixed number of queries)."""
    model = transfer_model()
    if model is None:
        return None
    links = model.needed_topics.through.objects.filter(transferanswer_id=OuterRef("pk"))
    return (
        model.objects.filter(triaged=False)
        .filter(~Q(needs_text="") | Exists(links))
        .select_related("offering__module", "offering__region__parent")
        .prefetch_related("needed_topics")
        .order_by("submitted_on", "pk")
    )


def transfer_needs(answer) -> str:
    """The "still needed" answer as one text: the topics picked, then the free text."""
    topics = ", ".join(sorted(topic.name for topic in answer.needed_topics.all()))
    return "\n".join(part for part in (topics, answer.needs_text.strip()) if part)


@transaction.atomic
def triage_transfer_answer(
    answer,
    by,
    *,
    topics,
    audience=None,
    kind=Kind.KNOWLEDGE,
    urgency=Urgency.MEDIUM,
    staff_affected=1,
    description="",
) -> Finding | None:
    """Turn what a transfer answer still needs into a finding of channel ``transfer`` in the
    offering's region; marks the answer triaged. None if it had been triaged already."""
    return _triage(
        transfer_model(),
        answer,
        by,
        channel=Channel.TRANSFER,
        default_description=transfer_needs,
        source="Transferbefragung",
        action="needs_analysis.transfer.triaged",
        topics=topics,
        audience=audience,
        kind=kind,
        urgency=urgency,
        staff_affected=staff_affected,
        description=description,
    )


@transaction.atomic
def dismiss_transfer_answer(answer, by) -> None:
    model = transfer_model()
    model.objects.filter(pk=answer.pk).update(triaged=True)
