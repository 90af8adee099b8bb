"""A person's trainings ("Meine Fortbildungen"), sorted into what they are waiting for."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from courses.models import Enrollment, Session

Status = Enrollment.Status


def my_trainings(user, now=None) -> dict[str, list[Enrollment]]:
    """Upcoming, waitlisted (with position), requested, past and cancelled enrolments."""
    now = now or timezone.now()
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .select_related("offering__module", "offering__region")
        .prefetch_related(
            Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "start_time"))
        )
        .order_by("-requested_at")
    )
    groups: dict[str, list[Enrollment]] = {
        "upcoming": [],
        "waitlisted": [],
        "requested": [],
        "past": [],
        "cancelled": [],
    }
    for enrollment in enrollments:
        offering = enrollment.offering
        ends_at = offering.ends_at
        if enrollment.status in (Status.CANCELLED, Status.DECLINED) or offering.is_cancelled:
            groups["cancelled"].append(enrollment)
        elif ends_at and ends_at < now:
            groups["past"].append(enrollment)
        elif enrollment.status == Status.CONFIRMED:
            groups["upcoming"].append(enrollment)
        elif enrollment.status == Status.WAITLISTED:
            enrollment.position = enrollment.waitlist_position()
            groups["waitlisted"].append(enrollment)
        else:
            groups["requested"].append(enrollment)
    groups["upcoming"].sort(key=lambda e: e.offering.starts_at or now)
    return groups
