"""The enrolment rules: enrol, cancel, approve, decline, fill from the waiting list.

Views, admin views and commands call these; nothing else changes an enrolment's state.

Every function that changes seats runs in one ``transaction.atomic()`` and locks the offering
row once (``select_for_update``), just before it counts seats, so that concurrent requests
serialise per offering (on SQLite the connection is opened with ``IMMEDIATE`` transactions).
Notifications are queued with ``transaction.on_commit``: nothing is sent for a rolled-back
change. Every transition is written to Wagtail's audit log.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses import notifications
from courses.models import Enrollment, Offering
from courses.services.seats import seat_state

Status = Enrollment.Status

# Test hooks for the concurrency tests only: switch the row lock off (negative control) and
# run a callable inside the critical section (between lock and seat count) to widen the race.
_LOCK_ENABLED = True
_critical_section_hook = None


class EnrollmentError(Exception):
    """A rule forbids the action; ``message`` is meant for the person who tried it."""

    MESSAGES = {
        "already_enrolled": _("You are already enrolled in this offering."),
        "not_eligible": _("This offering is reserved for other fields of work."),
        "registration_not_open": _("Registration for this offering is not open yet."),
        "registration_closed": _("Registration for this offering has closed."),
        "email_not_verified": _("Please confirm your email address before you enrol."),
        "profile_incomplete": _("Please complete your profile before you enrol."),
        "offering_cancelled": _("This offering has been cancelled."),
        "offering_started": _("This offering has already started."),
        "offering_ended": _("This offering has already taken place."),
        "not_active": _("This enrolment is no longer active."),
        "not_requested": _("Only requested enrolments can be approved."),
        "capacity_below_confirmed": _(
            "The capacity cannot be lower than the number of confirmed participants."
        ),
        "not_attended": _("This enrolment does not count as attended."),
        "session_not_started": _("Attendance can only be marked once the session has started."),
        "wrong_session": _("This session belongs to another offering."),
        "already_revoked": _("This certificate has already been revoked."),
        "offering_not_ended": _("The offering has not ended yet."),
        "already_evaluated": _("You have already evaluated this offering. Thank you!"),
        "no_open_offer": _("This seat is no longer offered to you."),
        "offer_expired": _(
            "The time to accept this seat has passed; it has been offered to the next person."
        ),
    }

    def __init__(self, code: str, message=None):
        self.code = code
        self.message = message or self.MESSAGES[code]
        super().__init__(str(self.message))


# The seat lock and waitlist promotion, shared with courses.services.offerings --------------


def lock_offering(offering: Offering) -> Offering:
    """Lock the offering row (once per transaction) and return a fresh copy of it."""
    queryset = Offering.objects.all()
    if _LOCK_ENABLED:
        queryset = queryset.select_for_update()
    locked = queryset.get(pk=offering.pk)
    if _critical_section_hook is not None:
        _critical_section_hook()
    return locked


def each_locked_offering(due_rows):
    """Yield the offerings that ``due_rows`` (a queryset of rows with an ``offering_id``) name,
    each locked in a transaction of its own, in id order: the scheduled commands handle one
    offering at a time, and two runs at once take the locks in the same order."""
    ids = sorted(set(due_rows.order_by().values_list("offering_id", flat=True).distinct()))
    for offering_id in ids:
        with transaction.atomic():
            yield lock_offering(Offering(pk=offering_id))


def _lock_enrollment(enrollment: Enrollment) -> Enrollment:
    """Lock the enrolment's offering and re-read the enrolment under that lock: its status may
    have changed since the caller loaded it (a second tab, a coordinator at the same time)."""
    offering = lock_offering(enrollment.offering)
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    enrollment.offering = offering
    return enrollment


def log_enrollment(enrollment: Enrollment, action: str, by, **data):
    log(
        enrollment,
        f"courses.enrollment.{action}",
        user=by,
        data={"offering": enrollment.offering_id, "status": enrollment.status, **data},
    )


def promote_waiting(offering: Offering, now) -> list[Enrollment]:
    """Fill free seats from the waitlist, first come first served, until the offering starts.

    Each person in turn takes a seat they are entitled to (``courses.services.seats``): a
    person outside a contingent waits while only reserved seats are free, and the next person
    who fits the contingent is served. With ``waitlist_mode`` "offer" the seat is offered
    with a deadline (``courses.services.offers``) instead of given. The caller holds the lock
    on ``offering``.
    """
    if offering.is_cancelled or offering.has_started(now):
        return []
    state = seat_state(offering, now)
    if not state.any_free:
        return []
    offer = offering.waitlist_mode == Offering.WaitlistMode.OFFER
    promoted = []
    for enrollment in (
        Enrollment.objects.waitlist().filter(offering=offering).select_related("user")
    ):
        seat = state.seat_for(enrollment.user.audience_id if enrollment.user_id else None)
        if seat is False:
            continue
        state.take(seat)
        enrollment.offering = offering
        enrollment.contingent = seat
        if offer:
            from courses.services.offers import make_offer

            make_offer(enrollment, now)
        else:
            enrollment.status = Status.CONFIRMED
            enrollment.confirmed_at = now
            enrollment.acted_by = None
            enrollment.save(update_fields=["status", "confirmed_at", "acted_by", "contingent"])
            log_enrollment(enrollment, "promoted", None, contingent=_pk(seat))
            notifications.notify(enrollment, notifications.PROMOTED)
        promoted.append(enrollment)
        if not state.any_free:
            break
    return promoted


def _pk(contingent):
    return contingent.pk if contingent is not None else None


def _take_seat_or_wait(enrollment: Enrollment, offering: Offering, user, now) -> None:
    """Give ``enrollment`` the seat ``user`` is entitled to, or put it on the waitlist.

    The waitlist is served first (``promote_waiting``), so a seat still free afterwards is
    one nobody waiting is entitled to: taking it jumps no queue. Enrolling is never refused
    while a seat the person is entitled to is free.
    """
    promote_waiting(offering, now)
    seat = seat_state(offering, now).seat_for(user.audience_id if user is not None else None)
    if seat is False:
        enrollment.status = Status.WAITLISTED
        enrollment.waitlisted_at = now
        enrollment.contingent = None
    else:
        enrollment.status = Status.CONFIRMED
        enrollment.confirmed_at = now
        enrollment.contingent = seat


def _check_person(user):
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists():
        raise EnrollmentError("email_not_verified")
    if not user.profile_complete:
        raise EnrollmentError("profile_incomplete")


def _check_not_begun(offering: Offering, now):
    """Refuse with ``offering_ended`` once the last session is over (or it is completed), with
    ``offering_started`` only while it runs: a past training never reads "has already begun"."""
    ends_at = offering.ends_at
    if offering.status == Offering.Status.COMPLETED or (ends_at is not None and ends_at <= now):
        raise EnrollmentError("offering_ended")
    if offering.has_started(now):
        raise EnrollmentError("offering_started")


def _check_offering_open(offering: Offering, now):
    if offering.is_cancelled:
        raise EnrollmentError("offering_cancelled")
    _check_not_begun(offering, now)
    if offering.status != Offering.Status.OPEN or (
        offering.registration_opens and offering.registration_opens > now
    ):
        raise EnrollmentError("registration_not_open")
    if offering.registration_closes and offering.registration_closes <= now:
        raise EnrollmentError("registration_closed")


def _check_eligible(offering: Offering, user):
    eligible = {audience.pk for audience in offering.eligible_audiences.all()}
    if eligible and user.audience_id not in eligible:
        raise EnrollmentError("not_eligible")


def check_can_enroll(offering: Offering, user, now=None) -> None:
    """Raise ``EnrollmentError`` if ``user`` may not enrol now (without changing anything)."""
    now = now or timezone.now()
    _check_offering_open(offering, now)
    _check_person(user)
    _check_eligible(offering, user)
    if Enrollment.objects.active().filter(offering=offering, user=user).exists():
        raise EnrollmentError("already_enrolled")


# Services -------------------------------------------------------------------------------------


def enroll(offering: Offering, user, comment: str = "") -> Enrollment:
    """Enrol ``user``: confirmed if a seat is free, else waitlisted; a request if approval is
    required. Raises ``EnrollmentError`` with a message for the person."""
    now = timezone.now()
    check_can_enroll(offering, user, now)
    with transaction.atomic():
        offering = lock_offering(offering)
        _check_offering_open(offering, now)  # it may have changed while we waited
        enrollment = Enrollment(offering=offering, user=user, comment=comment, acted_by=user)
        if offering.requires_approval:
            enrollment.status = Status.REQUESTED
        else:
            _take_seat_or_wait(enrollment, offering, user, now)
        try:
            with transaction.atomic():  # a savepoint: a double submit must not break the outer
                enrollment.save()
        except IntegrityError:
            raise EnrollmentError("already_enrolled") from None
        log_enrollment(enrollment, enrollment.status, user)
        notifications.notify(enrollment, enrollment.status)
    return enrollment


def is_late_cancellation(enrollment: Enrollment, now=None) -> bool:
    """A confirmed place given back after the offering's cancellation deadline."""
    deadline = enrollment.offering.cancellation_deadline
    return bool(
        enrollment.status == Status.CONFIRMED and deadline and deadline < (now or timezone.now())
    )


def check_can_cancel(enrollment: Enrollment, now=None) -> None:
    """Raise ``EnrollmentError`` if the person may not give ``enrollment`` up themselves now
    (for the confirmation page; ``cancel`` checks again under the lock)."""
    if not enrollment.is_active:
        raise EnrollmentError("not_active")
    _check_not_begun(enrollment.offering, now or timezone.now())


def cancel(enrollment: Enrollment, by) -> Enrollment:
    """Cancel an active enrolment, by the person or by the organisers. A freed seat goes to the
    first person on the waitlist. After the cancellation deadline the cancellation is marked
    late and the coordination is told."""
    now = timezone.now()
    with transaction.atomic():
        enrollment = _lock_enrollment(enrollment)
        offering = enrollment.offering
        if not enrollment.is_active:
            raise EnrollmentError("not_active")
        by_person = by is not None and by.pk == enrollment.user_id
        if by_person:
            _check_not_begun(offering, now)
        previous_status = enrollment.status
        held_seat = previous_status in Enrollment.SEAT_STATUSES
        enrollment.late_cancellation = is_late_cancellation(enrollment, now)
        enrollment.status = Status.CANCELLED
        enrollment.cancelled_at = now
        enrollment.acted_by = by
        enrollment.save(update_fields=["status", "cancelled_at", "acted_by", "late_cancellation"])
        log_enrollment(enrollment, "cancelled", by, late=enrollment.late_cancellation)
        if by_person:
            # The mail names what was given up: a seat, a place on the waiting list, a request.
            notifications.notify(
                enrollment, notifications.CANCELLED_BY_PERSON, previous_status=previous_status
            )
        else:
            notifications.notify(enrollment, notifications.CANCELLED_BY_ORGANISER)
        if enrollment.late_cancellation:
            notifications.notify_coordinators_late_cancellation(enrollment)
        if held_seat:
            promote_waiting(offering, now)
    return enrollment


def approve(enrollment: Enrollment, by) -> Enrollment:
    """Approve a request: it takes a seat if one is free, otherwise it joins the waitlist."""
    now = timezone.now()
    with transaction.atomic():
        enrollment = _lock_enrollment(enrollment)
        offering = enrollment.offering
        if enrollment.status != Status.REQUESTED:
            raise EnrollmentError("not_requested")
        _take_seat_or_wait(enrollment, offering, enrollment.user, now)
        if enrollment.status == Status.CONFIRMED:
            event = notifications.APPROVED
        else:
            event = notifications.APPROVED_WAITLISTED
        enrollment.acted_by = by
        enrollment.save(
            update_fields=["status", "confirmed_at", "waitlisted_at", "acted_by", "contingent"]
        )
        log_enrollment(enrollment, "approved", by)
        notifications.notify(enrollment, event)
    return enrollment


def decline(enrollment: Enrollment, by, reason: str = "") -> Enrollment:
    """Decline an enrolment (a request, a waitlisted or a confirmed one); a freed seat is
    passed on to the waitlist."""
    now = timezone.now()
    with transaction.atomic():
        enrollment = _lock_enrollment(enrollment)
        offering = enrollment.offering
        if not enrollment.is_active:
            raise EnrollmentError("not_active")
        held_seat = enrollment.status in Enrollment.SEAT_STATUSES
        enrollment.status = Status.DECLINED
        enrollment.declined_at = now
        enrollment.decline_reason = reason
        enrollment.acted_by = by
        enrollment.save(update_fields=["status", "declined_at", "decline_reason", "acted_by"])
        log_enrollment(enrollment, "declined", by, reason=reason)
        notifications.notify(enrollment, notifications.DECLINED, reason=reason)
        if held_seat:
            promote_waiting(offering, now)
    return enrollment


def promote_waitlist(offering: Offering) -> list[Enrollment]:
    """Give free seats to the waitlist, first come first served (until the offering starts)."""
    with transaction.atomic():
        offering = lock_offering(offering)
        return promote_waiting(offering, timezone.now())
