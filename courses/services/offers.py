"""Waiting-list offers with a deadline ("Angebot mit Frist").

Shift workers cannot take a seat at a day's notice, so an offering may hand a freed seat to
the first person on the waiting list as an offer: the seat is held for them (it counts as
taken, DESIGN.md §4) until they accept, decline, or the deadline passes; then the next
person entitled to the seat gets the offer. Like every seat change, each step locks the
offering row first and re-reads the enrolment under the lock, so an acceptance and the
expiry of the same offer cannot both happen.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from courses import notifications
from courses.models import Enrollment
from courses.services.enrolment import (
    EnrollmentError,
    Status,
    _lock_enrollment,
    each_locked_offering,
    log_enrollment,
    promote_waiting,
)

# For the concurrency tests' negative control only: run a callable after the offer was read
# (under the lock when the lock is on), so that two processes can be held at that point.
_after_read_hook = None


def _after_read():
    if _after_read_hook is not None:
        _after_read_hook()


def offer_deadline(offering, now) -> datetime.datetime:
    """``offer_hours`` from now, but never more than half the time left until the offering
    starts: an offer made three days before the start must leave room for the next person."""
    deadline = now + datetime.timedelta(hours=offering.offer_hours)
    starts_at = offering.starts_at
    if starts_at is not None and starts_at > now:
        deadline = min(deadline, now + (starts_at - now) / 2)
    return deadline


def make_offer(enrollment: Enrollment, now) -> None:
    """Hold a seat for a waitlisted person (``enrollment.contingent`` names the seat) and mail
    them the offer. Called by ``promote_waiting`` under the offering's lock."""
    enrollment.status = Status.OFFERED
    enrollment.offered_at = now
    enrollment.offer_expires_at = offer_deadline(enrollment.offering, now)
    enrollment.acted_by = None
    enrollment.save(
        update_fields=["status", "offered_at", "offer_expires_at", "acted_by", "contingent"]
    )
    log_enrollment(
        enrollment,
        "offered",
        None,
        until=enrollment.offer_expires_at.isoformat(),
        contingent=enrollment.contingent_id,
    )
    notifications.notify(enrollment, notifications.SEAT_OFFERED)


def accept_offer(enrollment: Enrollment, by) -> Enrollment:
    """The person takes the offered seat. Raises ``EnrollmentError`` ("offer_expired") when
    the deadline has passed; the lapsed offer then goes to the next person at once."""
    now = timezone.now()
    lapsed = False
    with transaction.atomic():
        enrollment = _lock_enrollment(enrollment)
        _after_read()
        if enrollment.status != Status.OFFERED:
            raise EnrollmentError("no_open_offer")
        if enrollment.offer_expires_at <= now:
            _lapse(enrollment, now)
            promote_waiting(enrollment.offering, now)
            lapsed = True
        else:
            enrollment.status = Status.CONFIRMED
            enrollment.confirmed_at = now
            enrollment.acted_by = by
            enrollment.save(update_fields=["status", "confirmed_at", "acted_by"])
            log_enrollment(enrollment, "offer_accepted", by)
            notifications.notify(enrollment, notifications.CONFIRMED)
    if lapsed:
        raise EnrollmentError("offer_expired")
    return enrollment


def decline_offer(enrollment: Enrollment, by) -> Enrollment:
    """The person gives the offered seat back; it is offered to the next person. They leave
    the waiting list (an offer declined is a place given up)."""
    now = timezone.now()
    with transaction.atomic():
        enrollment = _lock_enrollment(enrollment)
        if enrollment.status != Status.OFFERED:
            raise EnrollmentError("no_open_offer")
        enrollment.status = Status.CANCELLED
        enrollment.cancelled_at = now
        enrollment.acted_by = by
        enrollment.save(update_fields=["status", "cancelled_at", "acted_by"])
        log_enrollment(enrollment, "offer_declined", by)
        promote_waiting(enrollment.offering, now)
    return enrollment


def expire_offers(now=None) -> int:
    """End every offer whose deadline has passed and offer the seats to the next people.

    Safe to run repeatedly and concurrently (``manage.py expire_offers`` from cron): each
    offering is handled under its lock, and offers are re-read there, so an offer accepted or
    expired by another process in the meantime is left alone. Returns the number expired.
    """
    now = now or timezone.now()
    due = Enrollment.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
    expired = 0
    for offering in each_locked_offering(due):
        lapsed = list(
            Enrollment.objects.filter(
                offering=offering, status=Status.OFFERED, offer_expires_at__lte=now
            ).select_related("user")
        )
        _after_read()
        for enrollment in lapsed:
            enrollment.offering = offering
            _lapse(enrollment, now)
            expired += 1
        promote_waiting(offering, now)
    return expired


def _lapse(enrollment: Enrollment, now) -> None:
    enrollment.status = Status.CANCELLED
    enrollment.cancelled_at = now
    enrollment.acted_by = None
    enrollment.save(update_fields=["status", "cancelled_at", "acted_by"])
    log_enrollment(enrollment, "offer_expired", None)
    notifications.notify(enrollment, notifications.OFFER_EXPIRED)
