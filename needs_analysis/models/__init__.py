"""The needs analysis: findings from every channel, and the requests that lead to them.

A ``Finding`` ("Befund") is one need of professionals, recorded from a workshop talk, a report,
a consultation request, an in-house request, an interest or an evaluation answer. Demand,
supply and gap are computed from findings and offerings in ``needs_analysis.demand``.

Findings, consultation requests and workshop records hold no personal data about clients:
the forms say so and coordinators can redact descriptions (``redacted``).

The models live by concern: ``vocabulary`` (choices and constants), ``findings``, ``requests``
(consultation and in-house requests, interests), ``consultation`` (the message thread of a
consultation request) and ``settings``. Import them from here.
"""

from needs_analysis.models.consultation import ConsultationMessage
from needs_analysis.models.findings import Finding, FindingQuerySet
from needs_analysis.models.requests import ConsultationRequest, InHouseRequest, Interest, Request
from needs_analysis.models.settings import NeedsAnalysisSettings
from needs_analysis.models.vocabulary import (
    NO_CLIENT_DATA_HELP,
    REDACTED_TEXT,
    URGENCY_FACTORS,
    Channel,
    Kind,
    Phase,
    Urgency,
)

__all__ = [
    "NO_CLIENT_DATA_HELP",
    "REDACTED_TEXT",
    "URGENCY_FACTORS",
    "Channel",
    "ConsultationMessage",
    "ConsultationRequest",
    "Finding",
    "FindingQuerySet",
    "InHouseRequest",
    "Interest",
    "Kind",
    "NeedsAnalysisSettings",
    "Phase",
    "Request",
    "Urgency",
]
