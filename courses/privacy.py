"""The courses app's part of the data export and the account deletion (see portal.privacy)."""

from courses import services
from courses.models import Enrollment


def export_enrollments(user) -> list[dict]:
    enrollments = (
        Enrollment.objects.filter(user=user)
        .select_related("offering__module", "offering__region")
        .prefetch_related("offering__sessions")
        .order_by("requested_at")
    )
    return [
        {
            "module": enrollment.offering.module.title,
            "region": enrollment.offering.region.name,
            "sessions": [
                f"{session.date.isoformat()} {session.start_time:%H:%M}-{session.end_time:%H:%M}"
                for session in enrollment.offering.ordered_sessions
            ],
            "status": enrollment.status,
            "comment": enrollment.comment,
            "requested_at": enrollment.requested_at.isoformat(),
            "confirmed_at": _iso(enrollment.confirmed_at),
            "waitlisted_at": _iso(enrollment.waitlisted_at),
            "cancelled_at": _iso(enrollment.cancelled_at),
            "declined_at": _iso(enrollment.declined_at),
            "late_cancellation": enrollment.late_cancellation,
        }
        for enrollment in enrollments
    ]


def anonymise_enrollments(user) -> None:
    """Give back active places (the waitlist moves up), then drop what points to the person.

    The rows stay, without a person, so that offerings keep their participant numbers.
    """
    for enrollment in Enrollment.objects.active().filter(user=user):
        started = enrollment.offering.has_started()
        if not started:
            services.cancel(enrollment, by=user)
    Enrollment.objects.filter(user=user).update(comment="", decline_reason="")


def _iso(moment):
    return moment.isoformat() if moment else None
