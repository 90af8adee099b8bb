"""Workshop registrations in the data export and the account deletion (portal.privacy)."""

from portal.privacy import Contributor
from workshops.models import WorkshopRegistration
from workshops.retention import retain_registrations


def export(user):
    registrations = (
        WorkshopRegistration.objects.filter(user=user)
        .select_related("workshop__region", "audience")
        .order_by("created_at", "pk")
    )
    return [
        {
            "workshop": str(registration.workshop),
            "region": registration.workshop.region.name,
            "starts_at": registration.workshop.starts_at.isoformat(),
            "status": registration.status,
            "status_label": str(registration.get_status_display()),
            "field_of_work": registration.audience.name if registration.audience_id else None,
            "registered_at": registration.created_at.isoformat(),
            "cancelled_at": (
                registration.cancelled_at.isoformat() if registration.cancelled_at else None
            ),
            "updated_at": registration.updated_at.isoformat(),
        }
        for registration in registrations
    ]


def anonymise(user):
    """Places in workshop talks still to come are given back; the registration stays (how many
    of which field of work came), without the person."""
    from django.utils import timezone

    from workshops import services

    upcoming = WorkshopRegistration.objects.filter(
        user=user,
        status=WorkshopRegistration.Status.REGISTERED,
        workshop__starts_at__gt=timezone.now(),
    ).select_related("workshop")
    for registration in upcoming:
        services.cancel(registration.workshop, user)
    WorkshopRegistration.objects.filter(user=user).update(user=None)


def contributor() -> Contributor:
    return Contributor(
        "workshop_registrations",
        export,
        anonymise,
        models=(WorkshopRegistration,),
        retention=(
            "Kept for the workshops' attendance numbers; on account deletion, and "
            "PRIVACY_RETENTION['event_days'] (1 year) after the workshop talk ended "
            "(workshops.retention), the link to the person is removed and the registration "
            "stays anonymous; on deletion places in talks still to come are given back."
        ),
        retain=retain_registrations,
    )


# Facilitation -----------------------------------------------------------------------------------


def export_facilitation(user) -> list[dict]:
    """The workshop talks the person facilitates or facilitated."""
    from workshops.models import Workshop

    return [
        {
            "workshop": str(workshop),
            "region": workshop.region.name,
            "starts_at": workshop.starts_at.isoformat(),
            "status": workshop.status,
        }
        for workshop in Workshop.objects.filter(facilitators=user)
        .select_related("region")
        .order_by("starts_at", "pk")
    ]


def anonymise_facilitation(user) -> None:
    """The facilitator rows go with the account (Django deletes many-to-many rows itself)."""


def facilitation_contributor() -> Contributor:
    from workshops.models import Workshop

    return Contributor(
        "workshop_facilitation",
        export_facilitation,
        anonymise_facilitation,
        models=(Workshop,),
        retention=(
            "Facilitator assignments are kept while the account exists and removed with it; "
            "the workshop talk stays. host_name names the host organisation, not a person."
        ),
    )
