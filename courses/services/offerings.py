"""Offerings as a whole: create one with its sessions, change its capacity, cancel it.

Capacity changes and cancellations lock the offering row like the enrolment services do
(``courses.services.enrolment``), because both move enrolments (waitlist promotion,
cancellation of every active enrolment). Every change is written to Wagtail's audit log.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from courses import notifications
from courses.models import Enrollment, Offering, Session
from courses.services.enrolment import (
    EnrollmentError,
    Status,
    lock_offering,
    log_enrollment,
    promote_waiting,
)
from courses.workdays import working_days

# New offerings start eight weeks ahead by default: time enough to announce them and for
# people to get leave for a training day.
PLANNING_LEAD = datetime.timedelta(weeks=8)
SESSION_START = datetime.time(9, 0)
SESSION_END = datetime.time(16, 0)


def default_first_day(today: datetime.date | None = None) -> datetime.date:
    """The first working day eight weeks from ``today``."""
    return working_days((today or timezone.localdate()) + PLANNING_LEAD, 1)[0]


def create_offering(
    module,
    region,
    *,
    by,
    first_day: datetime.date | None = None,
    findings_note: str = "",
    start_time: datetime.time = SESSION_START,
    end_time: datetime.time = SESSION_END,
    log_action: str = "courses.offering.created",
    log_data: dict | None = None,
    **values,
) -> Offering:
    """Create an offering of ``module`` in ``region`` with its sessions, and return it.

    The offering starts as planned, with the module's default capacity and format and the
    module's audiences as its eligible audiences; ``values`` may set any other ``Offering``
    field or override these. It gets one session per day of the module's ``duration_days``,
    on consecutive working days (``courses.workdays``) from ``first_day`` on (default: eight
    weeks ahead), each from ``start_time`` to ``end_time``; the coordination edits them later.
    ``findings_note`` (why the offering exists, for example the findings it answers) is added
    to the internal notes. The creation is logged by ``by`` under ``log_action`` with
    ``log_data`` added, so that callers such as the needs analysis keep their own audit entry.
    """
    first_day = first_day or default_first_day()
    notes = [values.pop("internal_notes", ""), findings_note]
    fields = {
        "capacity": module.default_capacity,
        "format": module.default_format,
        "status": Offering.Status.PLANNED,
        "internal_notes": "\n\n".join(note.strip() for note in notes if note and note.strip()),
        **values,
    }
    days = working_days(first_day, max(1, module.duration_days or 1))
    with transaction.atomic():
        offering = Offering(module=module, region=region, **fields)
        # A parental many-to-many: kept in memory until the offering is saved.
        offering.eligible_audiences.set(module.audiences.all())
        offering.save()
        Session.objects.bulk_create(
            Session(offering=offering, date=day, start_time=start_time, end_time=end_time)
            for day in days
        )
        log(
            offering,
            log_action,
            user=by,
            data={
                "region": region.pk if region is not None else None,
                "sessions": [day.isoformat() for day in days],
                **(log_data or {}),
            },
        )
    return offering


def change_capacity(offering: Offering, capacity: int, by) -> list[Enrollment]:
    """Set the capacity; raising it promotes from the waitlist. Returns the promoted."""
    with transaction.atomic():
        locked = lock_offering(offering)
        held = Enrollment.objects.holding_seats().filter(offering=locked).count()
        if capacity < held:
            raise EnrollmentError("capacity_below_confirmed")
        old = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        offering.capacity = capacity
        log(
            locked,
            "courses.offering.capacity_changed",
            user=by,
            data={"old": old, "new": capacity},
        )
        return promote_waiting(locked, timezone.now())


def cancel_offering(offering: Offering, by, reason: str) -> list[Enrollment]:
    """Cancel the offering and every active enrolment; everybody is told why."""
    now = timezone.now()
    with transaction.atomic():
        locked = lock_offering(offering)
        if locked.is_cancelled:
            raise EnrollmentError("offering_cancelled")
        locked.status = Offering.Status.CANCELLED
        locked.cancellation_reason = reason
        locked.save(update_fields=["status", "cancellation_reason", "updated_at"])
        offering.status, offering.cancellation_reason = locked.status, reason
        log(locked, "courses.offering.cancelled", user=by, data={"reason": reason})
        cancelled = list(Enrollment.objects.active().filter(offering=locked))
        for enrollment in cancelled:
            enrollment.offering = locked
            enrollment.status = Status.CANCELLED
            enrollment.cancelled_at = now
            enrollment.acted_by = by
            enrollment.save(update_fields=["status", "cancelled_at", "acted_by"])
            log_enrollment(enrollment, "cancelled", by, offering_cancelled=True)
            notifications.notify(enrollment, notifications.OFFERING_CANCELLED, reason=reason)
    return cancelled
