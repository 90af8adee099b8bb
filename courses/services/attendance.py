"""Attendance: who was there, and who counts as having attended.

Marked by trainers and the coordination per session (``mark_attendance``); "attended" is the
basis of certificates and of the evaluation, so it is computed here once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.log_actions import log

from courses.models import Attendance, Enrollment, Offering, Session
from courses.services.enrolment import EnrollmentError, Status


def attendance_share() -> float:
    """The share of sessions a participant must attend (``PORTAL_ATTENDANCE_SHARE``)."""
    return float(getattr(settings, "PORTAL_ATTENDANCE_SHARE", 1.0))


def mark_attendance(offering: Offering, session: Session, present_enrollment_ids, by) -> int:
    """Set the attendance of every confirmed participant of ``offering`` for ``session``:
    present if their enrolment's id is in ``present_enrollment_ids``, absent otherwise.
    Returns the number of participants marked present."""
    now = timezone.now()
    if session.offering_id != offering.pk:
        raise EnrollmentError("wrong_session")
    if session.starts_at > now:
        raise EnrollmentError("session_not_started")
    present_ids = {int(pk) for pk in present_enrollment_ids}
    with transaction.atomic():
        confirmed = list(Enrollment.objects.confirmed().filter(offering=offering))
        existing = {
            a.enrollment_id: a
            for a in Attendance.objects.select_for_update().filter(
                session=session, enrollment__in=confirmed
            )
        }
        changed = 0
        present_count = 0
        for enrollment in confirmed:
            present = enrollment.pk in present_ids
            present_count += present
            attendance = existing.get(enrollment.pk)
            if attendance is None:
                Attendance.objects.create(
                    enrollment=enrollment,
                    session=session,
                    present=present,
                    marked_by=by,
                    marked_at=now,
                )
                changed += 1
            elif attendance.present != present:
                attendance.present = present
                attendance.marked_by = by
                attendance.marked_at = now
                attendance.save(update_fields=["present", "marked_by", "marked_at"])
                changed += 1
        log(
            offering,
            "courses.offering.attendance_marked",
            user=by,
            data={
                "session": session.pk,
                "date": session.date.isoformat(),
                "present": present_count,
                "absent": len(confirmed) - present_count,
                "changed": changed,
            },
        )
        if changed:
            from courses.services.renewal import after_attendance

            after_attendance(offering, confirmed, by=by)
    return present_count


def _is_attended(present: int, sessions: int) -> bool:
    if sessions <= 0:
        return False
    return present >= attendance_share() * sessions - 1e-9


def attended(enrollment: Enrollment) -> bool:
    """Attended: confirmed, and present at least at ``PORTAL_ATTENDANCE_SHARE`` (default: all)
    of the offering's sessions."""
    if enrollment.status != Status.CONFIRMED:
        return False
    sessions = Session.objects.filter(offering_id=enrollment.offering_id).count()
    present = Attendance.objects.filter(
        enrollment=enrollment, present=True, session__offering_id=enrollment.offering_id
    ).count()
    return _is_attended(present, sessions)


def attended_ids(enrollments) -> set[int]:
    """The ids of the attended ones among ``enrollments`` (two queries for any number; one
    when their offerings' sessions are loaded already, as on "My trainings")."""
    enrollments = [e for e in enrollments if e.status == Status.CONFIRMED]
    if not enrollments:
        return set()
    if all(_sessions_loaded(e) for e in enrollments):
        sessions = {e.offering_id: len(e.offering.sessions.all()) for e in enrollments}
    else:
        offering_ids = {e.offering_id for e in enrollments}
        sessions = dict(
            Session.objects.filter(offering_id__in=offering_ids)
            .values_list("offering_id")
            .annotate(n=Count("pk"))
            .values_list("offering_id", "n")
        )
    present = dict(
        Attendance.objects.filter(
            enrollment__in=[e.pk for e in enrollments],
            present=True,
        )
        .values_list("enrollment_id")
        .annotate(n=Count("pk"))
        .values_list("enrollment_id", "n")
    )
    return {
        e.pk
        for e in enrollments
        if _is_attended(present.get(e.pk, 0), sessions.get(e.offering_id, 0))
    }


def _sessions_loaded(enrollment) -> bool:
    # Asked without loading anything: an enrolment's offering is a query when it is not.
    if not enrollment._meta.get_field("offering").is_cached(enrollment):
        return False
    return "sessions" in getattr(enrollment.offering, "_prefetched_objects_cache", {})
