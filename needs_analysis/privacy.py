"""Requests of a person in the data export and the account deletion (portal.privacy).

Findings hold no personal data. Consultation and in-house requests and interests do: they are
exported, and on deletion the link to the person is removed (the need itself stays).
"""

from needs_analysis.models import ConsultationRequest, InHouseRequest, Interest
from portal.privacy import Contributor


def export(user):
    return {
        "consultation_requests": [
            {
                "created_at": r.created_at.isoformat(),
                "status": r.status,
                "description": r.description,
            }
            for r in ConsultationRequest.objects.filter(user=user)
        ],
        "in_house_requests": [
            {
                "created_at": r.created_at.isoformat(),
                "module": r.module.title,
                "organisation": r.organisation,
                "group_size": r.group_size,
                "preferred_period": r.preferred_period,
                "message": r.message,
                "status": r.status,
            }
            for r in InHouseRequest.objects.filter(user=user).select_related("module")
        ],
        "interests": [
            {"module": i.module.title, "region": i.region.name, "status": i.status}
            for i in Interest.objects.filter(user=user).select_related("module", "region")
        ],
    }


def anonymise(user):
    ConsultationRequest.objects.filter(user=user).update(user=None, preferred_contact="")
    InHouseRequest.objects.filter(user=user).update(user=None)
    Interest.objects.filter(user=user).update(user=None, status=Interest.Status.WITHDRAWN)


def contributor() -> Contributor:
    return Contributor(
        "needs_analysis",
        export,
        anonymise,
        models=(ConsultationRequest, InHouseRequest, Interest),
        retention=(
            "Kept as evidence of need without time limit. On deletion the link to the person is "
            "removed, the preferred contact cleared and interests withdrawn; the text of a "
            "request stays (no retention job yet). The assigned coordinator is set to NULL when "
            "that account is deleted."
        ),
    )
