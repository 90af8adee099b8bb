"""The write side of the needs analysis: every domain action that changes findings.

- ``intake``: the channels through which a need becomes a ``Finding`` (reports, consultation
  and in-house requests, workshop records), with ``interests`` (and their notification) and
  ``triage`` (evaluation answers); ``common`` holds what all channels share;
- ``planning``: offerings planned from recommendations, findings addressed afterwards;
- ``review``: status changes, redaction and merging by the coordination.

The read side is ``needs_analysis.demand`` (demand, supply, gap), ``needs_analysis.weights`` and
``needs_analysis.recommendations``. Their names are re-exported here, as are the others, so that
``from needs_analysis.services import coverage`` keeps working; new code imports from the
module that owns the name.
"""

from needs_analysis.demand import (
    DECIMALS,
    LEVEL_LABELS,
    PARTIAL_FROM,
    Coverage,
    Filters,
    Matrix,
    counting_findings,
    coverage,
    finding_topic_links,
    findings_for_cell,
    matrix,
    supplying_offerings,
)
from needs_analysis.figures import findings_per_quarter, topics_without_module
from needs_analysis.recommendations import (
    ModuleOption,
    Recommendation,
    recommendations,
    suggested_capacity,
)
from needs_analysis.services.intake import (
    FindingRow,
    record_workshop_findings,
    report_need,
    request_consultation,
    request_in_house,
)
from needs_analysis.services.interests import (
    express_interest,
    interests_served_by,
    notify_interested,
    schedule_interest_notification,
)
from needs_analysis.services.planning import (
    mark_addressed,
    plan_offering,
    taken_place_offerings,
    update_findings,
)
from needs_analysis.services.review import merge, redact, set_status
from needs_analysis.services.triage import (
    dismiss_evaluation,
    evaluation_model,
    triage_evaluation,
    untriaged_evaluations,
)
from needs_analysis.weights import finding_weight, weight_expression

__all__ = [
    "DECIMALS",
    "LEVEL_LABELS",
    "PARTIAL_FROM",
    "Coverage",
    "Filters",
    "FindingRow",
    "Matrix",
    "ModuleOption",
    "Recommendation",
    "counting_findings",
    "coverage",
    "dismiss_evaluation",
    "evaluation_model",
    "express_interest",
    "finding_topic_links",
    "finding_weight",
    "findings_for_cell",
    "findings_per_quarter",
    "interests_served_by",
    "mark_addressed",
    "matrix",
    "merge",
    "notify_interested",
    "plan_offering",
    "recommendations",
    "record_workshop_findings",
    "redact",
    "report_need",
    "request_consultation",
    "request_in_house",
    "schedule_interest_notification",
    "set_status",
    "suggested_capacity",
    "supplying_offerings",
    "taken_place_offerings",
    "topics_without_module",
    "triage_evaluation",
    "untriaged_evaluations",
    "update_findings",
    "weight_expression",
]
