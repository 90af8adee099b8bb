"""The transfer figure of the needs dashboard (R10): per topic, the share of transfer-survey
participants who could apply what they learned. The first measure of impact, beside the
supply of seats (``needs_analysis.demand``).

An answer (``courses.TransferAnswer``) counts for every topic of its offering's module, in the
offering's region. "Could apply" is a rating of ``APPLIED_FROM`` (4) or 5 on the scale of 1 to
5. A topic's share is shown only from ``MIN_TRANSFER_ANSWERS`` (3) answers up, as every result
of an anonymous survey; below that only the number of answers. One grouped query however many
answers there are, cached (``needs_analysis.aggregates``) per data version, answers version
(``courses.services.transfer.answers_version``) and region scope, so the warm dashboard
does not ask again.
"""

from __future__ import annotations

from django.db.models import Count, Q

from courses.services.transfer import APPLIED_FROM, MIN_TRANSFER_ANSWERS, answers_version
from needs_analysis import aggregates
from portal.models import Topic


def apply_shares(region_ids=None) -> list[dict]:
    """``[{"topic", "answers", "applied", "percent"}]`` per topic with answers, the topics in
    their usual order; ``applied`` and ``percent`` are None below the minimum of answers.

    ``region_ids``: the regions whose offerings count (``None``: all, as for administrators;
    ``needs_analysis.access.dashboard_region_ids`` passes those of the person's projects).
    """
    wanted = None if region_ids is None else sorted(region_ids)
    if wanted == []:
        return []

    def compute():
        answer = "modules__offerings__transfer_answers"
        # One filter() before annotate(): the counts are over the same (region-limited) joins.
        scope = {f"{answer}__isnull": False}
        if wanted is not None:
            scope["modules__offerings__region_id__in"] = wanted
        topics = Topic.objects.filter(**scope).annotate(
            answers=Count(answer, distinct=True),
            applied=Count(
                answer, filter=Q(**{f"{answer}__could_apply__gte": APPLIED_FROM}), distinct=True
            ),
        )
        rows = []
        for topic in topics:
            shown = topic.answers >= MIN_TRANSFER_ANSWERS
            rows.append(
                {
                    "topic": topic,
                    "answers": topic.answers,
                    "applied": topic.applied if shown else None,
                    "percent": round(100 * topic.applied / topic.answers) if shown else None,
                }
            )
        return rows

    return aggregates.cached("transfer-shares", (answers_version(), wanted), compute)


def dashboard_context(region_ids=None) -> dict:
    """What ``needs_analysis/admin/includes/transfer_figure.html`` shows."""
    return {"transfer_shares": apply_shares(region_ids), "transfer_minimum": MIN_TRANSFER_ANSWERS}
