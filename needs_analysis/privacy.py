"""Requests of a person in the data export and the account deletion (portal.privacy).

Consultation and in-house requests and interests hold personal data: they are exported, and on
deletion the link to the person is removed (the need itself stays). The messages a person wrote
in the thread of a consultation request are exported too; on deletion they lose their author
and keep their text, with the person's name and address replaced by a marker. Findings hold no
personal data by design, but the ones a person reported or that came from their requests are
theirs to see, so the export lists them too.
"""

from django.db.models import Q

from needs_analysis.models import (
    ConsultationMessage,
    ConsultationRequest,
    Finding,
    InHouseRequest,
    Interest,
)
from needs_analysis.retention import retain
from portal import erasure
from portal.privacy import Contributor


def export(user):
    """The person's requests and interests with all their fields, and the needs (findings)
    the person reported or that came from their requests and interests."""
    consultations = (
        ConsultationRequest.objects.filter(user=user)
        .select_related("region", "audience")
        .prefetch_related("topics")
        .order_by("created_at", "pk")
    )
    in_house = (
        InHouseRequest.objects.filter(user=user)
        .select_related("module", "region", "audience", "offering__module")
        .prefetch_related("offering__sessions")
        .order_by("created_at", "pk")
    )
    interests = (
        Interest.objects.filter(user=user)
        .select_related("module", "region", "notified_offering__module")
        .prefetch_related("notified_offering__sessions")
        .order_by("created_at", "pk")
    )
    return {
        "consultation_requests": [
            {
                "created_at": r.created_at.isoformat(),
                "updated_at": r.updated_at.isoformat(),
                "status": r.status,
                "status_label": str(r.get_status_display()),
                "region": r.region.name,
                "field_of_work": _name(r.audience),
                "phase": r.phase,
                "phase_label": str(r.get_phase_display()) if r.phase else "",
                "topics": sorted(topic.name for topic in r.topics.all()),
                "description": r.description,
                "preferred_contact": r.preferred_contact,
                # What the coordination noted about the request concerns the person too (Art. 15).
                "internal_notes": r.internal_notes,
                "closed_at": _iso(r.closed_at),
            }
            for r in consultations
        ],
        "in_house_requests": [
            {
                "created_at": r.created_at.isoformat(),
                "updated_at": r.updated_at.isoformat(),
                "module": r.module.title,
                "organisation": r.organisation,
                "region": r.region.name,
                "field_of_work": _name(r.audience),
                "group_size": r.group_size,
                "preferred_period": r.preferred_period,
                "message": r.message,
                "status": r.status,
                "status_label": str(r.get_status_display()),
                "offering": str(r.offering) if r.offering_id else None,
            }
            for r in in_house
        ],
        "interests": [
            {
                "module": i.module.title,
                "region": i.region.name,
                "status": i.status,
                "status_label": str(i.get_status_display()),
                "created_at": i.created_at.isoformat(),
                "updated_at": i.updated_at.isoformat(),
                "notified_at": _iso(i.notified_at),
                "notified_offering": str(i.notified_offering) if i.notified_offering_id else None,
            }
            for i in interests
        ],
        "consultation_messages": [
            {
                "request": m.request_id,
                "created_at": m.created_at.isoformat(),
                "body": m.body,
                "redacted_at": _iso(m.redacted_at),
            }
            for m in ConsultationMessage.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "findings": export_findings(user),
    }


def export_findings(user) -> list[dict]:
    """Needs the person reported (recorded by them) or that came from their requests and
    interests: what the needs analysis counts on their behalf."""
    findings = (
        Finding.objects.filter(
            Q(created_by=user)
            | Q(consultation_request__user=user)
            | Q(in_house_request__user=user)
            | Q(interest__user=user)
        )
        .distinct()
        .select_related("region", "audience", "workshop")
        .prefetch_related("topics")
        .order_by("recorded_on", "pk")
    )
    return [
        {
            "recorded_on": finding.recorded_on.isoformat(),
            "created_at": finding.created_at.isoformat(),
            "channel": finding.channel,
            "channel_label": str(finding.get_channel_display()),
            "workshop": str(finding.workshop) if finding.workshop_id else None,
            "region": finding.region.name,
            "field_of_work": _name(finding.audience),
            "topics": sorted(topic.name for topic in finding.topics.all()),
            "phase": finding.phase,
            "phase_label": str(finding.get_phase_display()) if finding.phase else "",
            "kind": finding.kind,
            "kind_label": str(finding.get_kind_display()),
            "urgency": finding.urgency,
            "urgency_label": str(finding.get_urgency_display()),
            "staff_affected": finding.staff_affected,
            "description": finding.description,
            "source": finding.source,
            "status": finding.status,
            "status_label": str(finding.get_status_display()),
            "recorded_by_you": finding.created_by_id == user.pk,
        }
        for finding in findings
    ]


def _name(vocabulary):
    return vocabulary.name if vocabulary is not None else None


def _iso(moment):
    return moment.isoformat() if moment else None


def anonymise(user):
    """The requests stay for the coordination and the needs, without the person: their text
    keeps what was asked, with the person's name and e-mail address replaced by a marker (also
    in the findings that came from them, and wherever coordinators' notes name the person)."""
    full, identifying = erasure.needles_for(user), erasure.identifying_needles(user)
    own_findings = Finding.objects.filter(
        Q(created_by=user)
        | Q(consultation_request__user=user)
        | Q(in_house_request__user=user)
        | Q(interest__user=user)
    ).distinct()
    erasure.redact_rows(own_findings, ("description", "source"), full)
    erasure.redact_rows(Finding.objects.all(), ("description",), full, select=identifying)
    consultation = ("description", "internal_notes")
    erasure.redact_rows(ConsultationRequest.objects.filter(user=user), consultation, full)
    erasure.redact_rows(ConsultationRequest.objects.all(), consultation, full, select=identifying)
    in_house = ("message", "organisation", "preferred_period")
    erasure.redact_rows(InHouseRequest.objects.filter(user=user), in_house, full)
    erasure.redact_rows(InHouseRequest.objects.all(), ("message",), full, select=identifying)
    own_threads = ConsultationMessage.objects.filter(Q(author=user) | Q(request__user=user))
    erasure.redact_rows(own_threads, ("body",), full)
    erasure.redact_rows(ConsultationMessage.objects.all(), ("body",), full, select=identifying)
    ConsultationMessage.objects.filter(author=user).update(author=None)
    ConsultationRequest.objects.filter(user=user).update(user=None, preferred_contact="")
    InHouseRequest.objects.filter(user=user).update(user=None)
    Interest.objects.filter(user=user).update(user=None, status=Interest.Status.WITHDRAWN)


def contributor() -> Contributor:
    return Contributor(
        "needs_analysis",
        export,
        anonymise,
        models=(ConsultationRequest, ConsultationMessage, InHouseRequest, Interest, Finding),
        retention=(
            "Findings are kept as the evidence of need without time limit; they hold no "
            "personal data by design (redacted on review), and the ones the person recorded or "
            "that came from their requests are exported. Requests are deleted "
            "PRIVACY_RETENTION['request_days'] (1 year) after they were closed (by the "
            "professional or the coordination), a consultation request together with its "
            "messages; interests "
            "'event_days' (1 year) after the offering they announced ended "
            "or their last change (needs_analysis.retention); findings from them stay "
            "(SET_NULL). On account deletion the link to the person is removed, the preferred "
            "contact cleared, interests withdrawn and the person's name and e-mail address in "
            "the requests' text and notes and in the findings from them replaced by a marker; "
            "the text stays for the coordination. The messages the person wrote in a "
            "consultation thread are exported; on deletion their author is set to NULL and "
            "their text kept, with the person's name and e-mail address replaced by a marker "
            "(also in the coordination's messages on the person's requests). The assigned "
            "coordinator, a message's coordinator author and who redacted a message are set "
            "to NULL when that account is deleted."
        ),
        retain=retain,
    )
