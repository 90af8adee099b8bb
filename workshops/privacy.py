"""Workshop registrations in the data export and the account deletion (portal.privacy)."""

from portal.privacy import Contributor
from workshops.models import WorkshopRegistration


def export(user):
    return [
        {
            "workshop": str(registration.workshop),
            "status": registration.status,
            "registered_at": registration.created_at.isoformat(),
        }
        for registration in WorkshopRegistration.objects.filter(user=user).select_related(
            "workshop"
        )
    ]


def anonymise(user):
    # The registration stays (how many of which field of work came), without the person.
    WorkshopRegistration.objects.filter(user=user).update(user=None)


def contributor() -> Contributor:
    return Contributor(
        "workshop_registrations",
        export,
        anonymise,
        models=(WorkshopRegistration,),
        retention=(
            "Kept for the workshops' attendance numbers; on deletion the link to the person is "
            "removed and the registration stays anonymous."
        ),
    )
