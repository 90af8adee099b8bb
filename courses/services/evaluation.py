"""The anonymous evaluation: who may answer, storing an answer, and the aggregated results.

Answers carry no link to the person (DESIGN.md §4); results are shown only from
``MIN_EVALUATION_ANSWERS`` answers up, so that nobody can be singled out.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from courses.models import Enrollment, Evaluation, Format
from courses.services.attendance import attended
from courses.services.enrolment import EnrollmentError

MIN_EVALUATION_ANSWERS = 3  # DESIGN.md §4: results are shown only from 3 answers up

EVALUATION_FIELDS = (
    *Evaluation.RATING_FIELDS,
    "need_met",
    "will_apply",
    "further_topics",
)


def can_evaluate(enrollment: Enrollment, now=None) -> bool:
    """May the person answer the questionnaire for this enrolment now? Not for a
    Fachaustausch, which is not evaluated."""
    now = now or timezone.now()
    ends_at = enrollment.offering.ends_at
    return (
        enrollment.offering.format != Format.EXCHANGE
        and not enrollment.evaluated
        and not enrollment.offering.is_cancelled
        and ends_at is not None
        and ends_at <= now
        and attended(enrollment)
    )


def submit_evaluation(enrollment: Enrollment, answers: dict) -> Evaluation:
    """Store one anonymous answer for an attended, ended offering; once per enrolment.

    ``answers`` holds the rating fields (1–5), ``need_met``, ``will_apply``,
    ``further_topics`` and optionally ``further_topic_terms`` (topics). The answer is stored
    without any link to the person or the enrolment, with the date only; the enrolment is
    marked ``evaluated`` in the same transaction (its row locked, so a double submit gives
    ``already_evaluated``). Deliberately no audit-log entry: its timestamp and user would
    link the person to the answer.
    """
    now = timezone.now()
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("offering")
            .get(pk=enrollment.pk)
        )
        if enrollment.evaluated:
            raise EnrollmentError("already_evaluated")
        offering = enrollment.offering
        ends_at = offering.ends_at
        if offering.is_cancelled or ends_at is None or ends_at > now:
            raise EnrollmentError("offering_not_ended")
        if not attended(enrollment):
            raise EnrollmentError("not_attended")
        evaluation = Evaluation(
            offering=offering,
            submitted_on=timezone.localdate(now),
            **{name: answers.get(name, "") for name in EVALUATION_FIELDS},
        )
        evaluation.full_clean(exclude=["offering"])
        evaluation.save()
        topics = answers.get("further_topic_terms")
        if topics:
            evaluation.further_topic_terms.set(topics)
        enrollment.evaluated = True
        enrollment.save(update_fields=["evaluated"])
    return evaluation


def evaluation_results(offerings) -> dict | None:
    """The aggregated answers for ``offerings`` (a queryset or list), or None below 3 answers.

    ``{"count", "items": [{"name", "label", "average", "answered", "values": [{"value",
    "count", "percent"}]}], "need_met": {"values": [{"value", "label", "count", "percent"}]},
    "will_apply": [...], "further_topics": [...], "topics": [{"topic", "count"}]}``.
    Free texts are sorted alphabetically, never in the order they came in.
    """
    evaluations = list(
        Evaluation.objects.filter(offering__in=offerings).prefetch_related("further_topic_terms")
    )
    count = len(evaluations)
    if count < MIN_EVALUATION_ANSWERS:
        return None

    def percent(n):
        return round(100 * n / count) if count else 0

    items = []
    for name in Evaluation.RATING_FIELDS:
        values = [getattr(e, name) for e in evaluations]
        answered = [v for v in values if v]
        items.append(
            {
                "name": name,
                "label": Evaluation._meta.get_field(name).verbose_name,
                "answered": len(answered),
                "average": round(sum(answered) / len(answered), 2) if answered else None,
                "values": [
                    {
                        "value": value,
                        "count": answered.count(value),
                        "percent": percent(answered.count(value)),
                    }
                    for value in range(1, 6)
                ],
            }
        )
    need_met = [e.need_met for e in evaluations]
    topics: dict = {}
    for evaluation in evaluations:
        for topic in evaluation.further_topic_terms.all():
            topics.setdefault(topic.pk, {"topic": topic, "count": 0})["count"] += 1

    def texts(name):
        answers = [getattr(e, name).strip() for e in evaluations if getattr(e, name).strip()]
        return sorted(answers, key=str.casefold)

    return {
        "count": count,
        "items": items,
        "need_met": {
            "values": [
                {
                    "value": value,
                    "label": label,
                    "count": need_met.count(value),
                    "percent": percent(need_met.count(value)),
                }
                for value, label in Evaluation.NeedMet.choices
            ]
        },
        "will_apply": texts("will_apply"),
        "further_topics": texts("further_topics"),
        "topics": sorted(topics.values(), key=lambda t: (-t["count"], t["topic"].name)),
    }
