"""The enrolment rules. Views, admin views and commands call these; nothing else changes states.

Every function that changes seats runs in one ``transaction.atomic()`` and locks the offering
row once (``select_for_update``), just before it counts seats, so that concurrent requests
serialise per offering (on SQLite the connection is opened with ``IMMEDIATE`` transactions).
Notifications are queued with ``transaction.on_commit``: nothing is sent for a rolled-back
change. Every transition is written to Wagtail's audit log.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses import notifications
from courses.models import (
    PARTICIPANT_COLLECTION,
    Attendance,
    Certificate,
    Enrollment,
    Evaluation,
    ModulePage,
    Offering,
    ParticipantMaterial,
    Session,
)
from portal.roles import is_coordinator

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
    }

    def __init__(self, code: str, message=None):
        self.code = code
        self.message = message or self.MESSAGES[code]
        super().__init__(str(self.message))


# Internals ------------------------------------------------------------------------------------


def _lock(offering: Offering) -> Offering:
    """Lock the offering row (once per transaction) and return a fresh copy of it."""
    queryset = Offering.objects.all()
    if _LOCK_ENABLED:
        queryset = queryset.select_for_update()
    locked = queryset.get(pk=offering.pk)
    if _critical_section_hook is not None:
        _critical_section_hook()
    return locked


def _free_seats(offering: Offering) -> int:
    confirmed = Enrollment.objects.filter(offering=offering, status=Status.CONFIRMED).count()
    return offering.capacity - confirmed


def _log(enrollment: Enrollment, action: str, by, **data):
    log(
        enrollment,
        f"courses.enrollment.{action}",
        user=by,
        data={"offering": enrollment.offering_id, "status": enrollment.status, **data},
    )


def _promote(offering: Offering, now) -> list[Enrollment]:
    """Fill free seats from the waitlist, first come first served, until the offering starts.

    The caller holds the lock on ``offering``.
    """
    if offering.is_cancelled or offering.has_started(now):
        return []
    free = _free_seats(offering)
    if free <= 0:
        return []
    promoted = list(Enrollment.objects.waitlist().filter(offering=offering)[:free])
    for enrollment in promoted:
        enrollment.status = Status.CONFIRMED
        enrollment.confirmed_at = now
        enrollment.acted_by = None
        enrollment.save(update_fields=["status", "confirmed_at", "acted_by"])
        enrollment.offering = offering
        _log(enrollment, "promoted", None)
        notifications.notify(enrollment, notifications.PROMOTED)
    return promoted


def _check_person(user):
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists():
        raise EnrollmentError("email_not_verified")
    if not user.profile_complete:
        raise EnrollmentError("profile_incomplete")


def _check_offering_open(offering: Offering, now):
    if offering.is_cancelled:
        raise EnrollmentError("offering_cancelled")
    if offering.status == Offering.Status.COMPLETED or offering.has_started(now):
        raise EnrollmentError("offering_started")
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
        offering = _lock(offering)
        _check_offering_open(offering, now)  # it may have changed while we waited
        enrollment = Enrollment(offering=offering, user=user, comment=comment, acted_by=user)
        if offering.requires_approval:
            enrollment.status = Status.REQUESTED
        else:
            _promote(offering, now)  # nobody jumps the queue
            has_queue = Enrollment.objects.waitlist().filter(offering=offering).exists()
            if _free_seats(offering) > 0 and not has_queue:
                enrollment.status = Status.CONFIRMED
                enrollment.confirmed_at = now
            else:
                enrollment.status = Status.WAITLISTED
                enrollment.waitlisted_at = now
        try:
            with transaction.atomic():  # a savepoint: a double submit must not break the outer
                enrollment.save()
        except IntegrityError:
            raise EnrollmentError("already_enrolled") from None
        _log(enrollment, enrollment.status, user)
        notifications.notify(enrollment, enrollment.status)
    return enrollment


def is_late_cancellation(enrollment: Enrollment, now=None) -> bool:
    """A confirmed place given back after the offering's cancellation deadline."""
    deadline = enrollment.offering.cancellation_deadline
    return bool(
        enrollment.status == Status.CONFIRMED and deadline and deadline < (now or timezone.now())
    )


def cancel(enrollment: Enrollment, by) -> Enrollment:
    """Cancel an active enrolment, by the person or by the organisers. A freed seat goes to the
    first person on the waitlist. After the cancellation deadline the cancellation is marked
    late and the coordination is told."""
    now = timezone.now()
    with transaction.atomic():
        offering = _lock(enrollment.offering)
        enrollment = Enrollment.objects.get(pk=enrollment.pk)
        enrollment.offering = offering
        if not enrollment.is_active:
            raise EnrollmentError("not_active")
        by_person = by is not None and by.pk == enrollment.user_id
        if by_person and offering.has_started(now):
            raise EnrollmentError("offering_started")
        was_confirmed = enrollment.status == Status.CONFIRMED
        enrollment.late_cancellation = is_late_cancellation(enrollment, now)
        enrollment.status = Status.CANCELLED
        enrollment.cancelled_at = now
        enrollment.acted_by = by
        enrollment.save(update_fields=["status", "cancelled_at", "acted_by", "late_cancellation"])
        _log(enrollment, "cancelled", by, late=enrollment.late_cancellation)
        notifications.notify(
            enrollment,
            notifications.CANCELLED_BY_PERSON
            if by_person
            else notifications.CANCELLED_BY_ORGANISER,
        )
        if enrollment.late_cancellation:
            notifications.notify_coordinators_late_cancellation(enrollment)
        if was_confirmed:
            _promote(offering, now)
    return enrollment


def approve(enrollment: Enrollment, by) -> Enrollment:
    """Approve a request: it takes a seat if one is free, otherwise it joins the waitlist."""
    now = timezone.now()
    with transaction.atomic():
        offering = _lock(enrollment.offering)
        enrollment = Enrollment.objects.get(pk=enrollment.pk)
        enrollment.offering = offering
        if enrollment.status != Status.REQUESTED:
            raise EnrollmentError("not_requested")
        _promote(offering, now)
        has_queue = Enrollment.objects.waitlist().filter(offering=offering).exists()
        if _free_seats(offering) > 0 and not has_queue:
            enrollment.status = Status.CONFIRMED
            enrollment.confirmed_at = now
            event = notifications.APPROVED
        else:
            enrollment.status = Status.WAITLISTED
            enrollment.waitlisted_at = now
            event = notifications.APPROVED_WAITLISTED
        enrollment.acted_by = by
        enrollment.save(update_fields=["status", "confirmed_at", "waitlisted_at", "acted_by"])
        _log(enrollment, "approved", by)
        notifications.notify(enrollment, event)
    return enrollment


def decline(enrollment: Enrollment, by, reason: str = "") -> Enrollment:
    """Decline an enrolment (a request, a waitlisted or a confirmed one); a freed seat is
    passed on to the waitlist."""
    now = timezone.now()
    with transaction.atomic():
        offering = _lock(enrollment.offering)
        enrollment = Enrollment.objects.get(pk=enrollment.pk)
        enrollment.offering = offering
        if not enrollment.is_active:
            raise EnrollmentError("not_active")
        was_confirmed = enrollment.status == Status.CONFIRMED
        enrollment.status = Status.DECLINED
        enrollment.declined_at = now
        enrollment.decline_reason = reason
        enrollment.acted_by = by
        enrollment.save(update_fields=["status", "declined_at", "decline_reason", "acted_by"])
        _log(enrollment, "declined", by, reason=reason)
        notifications.notify(enrollment, notifications.DECLINED, reason=reason)
        if was_confirmed:
            _promote(offering, now)
    return enrollment


def promote_waitlist(offering: Offering) -> list[Enrollment]:
    """Give free seats to the waitlist, first come first served (until the offering starts)."""
    with transaction.atomic():
        offering = _lock(offering)
        return _promote(offering, timezone.now())


def change_capacity(offering: Offering, capacity: int, by) -> list[Enrollment]:
    """Set the capacity; raising it promotes from the waitlist. Returns the promoted."""
    with transaction.atomic():
        locked = _lock(offering)
        confirmed = Enrollment.objects.filter(offering=locked, status=Status.CONFIRMED).count()
        if capacity < confirmed:
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
        return _promote(locked, timezone.now())


def cancel_offering(offering: Offering, by, reason: str) -> list[Enrollment]:
    """Cancel the offering and every active enrolment; everybody is told why."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(offering)
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
            _log(enrollment, "cancelled", by, offering_cancelled=True)
            notifications.notify(enrollment, notifications.OFFERING_CANCELLED, reason=reason)
    return cancelled


# Materials ------------------------------------------------------------------------------------


def is_staff_for_module(user, module_keys) -> bool:
    """Coordinators, superusers and the trainers of the modules (by ``translation_key``) or of
    any of their offerings."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_coordinator(user):
        return True
    return (
        ModulePage.objects.filter(translation_key__in=module_keys, trainers=user).exists()
        or Offering.objects.filter(module__translation_key__in=module_keys, trainers=user).exists()
    )


def can_access_participant_materials(user, module) -> bool:
    """Confirmed participants of any offering of ``module`` (any translation), its trainers,
    the coordination and superusers."""
    if not user.is_authenticated:
        return False
    keys = [module.translation_key]
    if is_staff_for_module(user, keys):
        return True
    return (
        Enrollment.objects.confirmed()
        .filter(user=user, offering__module__translation_key__in=keys)
        .exists()
    )


def _in_participant_collection(document) -> bool:
    collection = document.collection
    if collection is None:
        return False
    return collection.get_ancestors(inclusive=True).filter(name=PARTICIPANT_COLLECTION).exists()


def can_download(user, document) -> bool:
    """May ``user`` download ``document``?

    A participant material of any module is for the confirmed participants of any offering of
    that module (in any translation), its trainers (module or offering) and the coordination.
    A document in the collection "Teilnehmendenmaterial" that no module uses (yet; for example
    only in a draft) is for trainers and the coordination only. Every other document is public,
    as Wagtail has it (collection privacy still applies on top).
    """
    keys = list(
        ModulePage.objects.filter(participant_materials__document=document)
        .values_list("translation_key", flat=True)
        .distinct()
    )
    if not keys:
        if not _in_participant_collection(document):
            return True
        return user.is_authenticated and (
            user.is_superuser or is_coordinator(user) or _is_trainer_of_any(user)
        )
    if not user.is_authenticated:
        return False
    if is_staff_for_module(user, keys):
        return True
    return (
        Enrollment.objects.confirmed()
        .filter(user=user, offering__module__translation_key__in=keys)
        .exists()
    )


def _is_trainer_of_any(user) -> bool:
    from portal.roles import is_trainer

    return is_trainer(user)


def participant_materials_by_module_key(user, module_keys) -> dict:
    """``{translation_key: [ParticipantMaterial, ...]}`` for the modules in ``module_keys``
    (one query). The caller has checked that ``user`` may see them."""
    materials = (
        ParticipantMaterial.objects.filter(page__translation_key__in=module_keys, page__live=True)
        .select_related("document", "page")
        .order_by("page__translation_key", "page__locale_id", "sort_order")
    )
    result: dict = {}
    seen: dict = {}
    for material in materials:
        key = material.page.translation_key
        # One language version per module: the first locale that has materials.
        first_page = seen.setdefault(key, material.page_id)
        if first_page == material.page_id:
            result.setdefault(key, []).append(material)
    return result


# Attendance -----------------------------------------------------------------------------------


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
    """The ids of the attended ones among ``enrollments`` (two queries for any number)."""
    from django.db.models import Count

    enrollments = [e for e in enrollments if e.status == Status.CONFIRMED]
    if not enrollments:
        return set()
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


# Certificates ---------------------------------------------------------------------------------


def _dates_text(sessions) -> str:
    days = sorted({session.date for session in sessions})
    if not days:
        return ""
    if len(days) == 1:
        return date_format(days[0], "DATE_FORMAT")
    if len(days) == 2:
        return _("%(first)s and %(second)s") % {
            "first": date_format(days[0], "DATE_FORMAT"),
            "second": date_format(days[1], "DATE_FORMAT"),
        }
    if (days[-1] - days[0]).days == len(days) - 1:
        return f"{date_format(days[0], 'DATE_FORMAT')} – {date_format(days[-1], 'DATE_FORMAT')}"
    return ", ".join(date_format(day, "DATE_FORMAT") for day in days)


def _hours(offering: Offering, sessions) -> Decimal | None:
    if offering.module.duration_hours is not None:
        return offering.module.duration_hours
    minutes = sum(
        (s.ends_at - s.starts_at).total_seconds() / 60 for s in sessions
    )  # no breaks known: the sessions' full length
    return Decimal(round(minutes / 60, 1)).quantize(Decimal("0.1")) if minutes else None


def issue_certificate(enrollment: Enrollment, by=None) -> Certificate:
    """The certificate of an attended enrolment; the existing one if it was issued before.

    Raises ``EnrollmentError("not_attended")`` otherwise. The certificate keeps a snapshot of
    what it certifies (in the site's default language), see ``Certificate``.
    """
    with transaction.atomic():
        enrollment = (
            # Lock only the enrolment row: PostgreSQL refuses FOR UPDATE on the nullable side
            # of an outer join (user, provider).
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("user", "offering__module__provider")
            .get(pk=enrollment.pk)
        )
        existing = Certificate.objects.filter(enrollment=enrollment).first()
        if existing is not None:
            return existing
        if enrollment.user_id is None or not attended(enrollment):
            raise EnrollmentError("not_attended")
        offering = enrollment.offering
        module = offering.module
        sessions = list(offering.sessions.order_by("date", "start_time"))
        trainers = list(offering.trainers.all()) or list(module.trainers.all())
        user = enrollment.user
        with translation.override(settings.LANGUAGE_CODE):
            certificate = Certificate(
                enrollment=enrollment,
                issued_at=timezone.now(),
                issued_by=by,
                participant_name=(user.get_full_name().strip() or user.email),
                module_title=module.title,
                first_date=sessions[0].date if sessions else None,
                last_date=sessions[-1].date if sessions else None,
                dates_text=_dates_text(sessions),
                hours=_hours(offering, sessions),
                teaching_units=module.teaching_units,
                topics=", ".join(topic.name for topic in module.topics.order_by("name")),
                provider=module.provider.name if module.provider_id else "",
                trainers=", ".join(
                    t.get_full_name().strip() or t.email
                    for t in sorted(trainers, key=lambda t: (t.last_name, t.first_name))
                ),
            )
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    certificate.save()
                break
            except IntegrityError:  # a code collision (practically never happens)
                from courses.models.certificates import new_code

                certificate.pk = None
                certificate.code = new_code()
        else:
            raise RuntimeError("Could not find a free certificate code.")
        log(
            certificate,
            "courses.certificate.issued",
            user=by,
            data={"enrollment": enrollment.pk, "offering": offering.pk, "code": certificate.code},
        )
    return certificate


def issue_certificates(offering: Offering, by) -> list[Certificate]:
    """Certificates for every attended participant of ``offering`` who has none yet."""
    enrollments = list(
        Enrollment.objects.confirmed().filter(offering=offering, certificate__isnull=True)
    )
    issued = []
    for enrollment_id in attended_ids(enrollments):
        issued.append(issue_certificate(Enrollment(pk=enrollment_id), by=by))
    return issued


def revoke_certificate(certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate; its verification page says so from now on, with the reason."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise EnrollmentError("already_revoked")
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason.strip()
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        log(
            certificate,
            "courses.certificate.revoked",
            user=by,
            data={"code": certificate.code, "reason": certificate.revoke_reason},
        )
    return certificate


# Evaluation -----------------------------------------------------------------------------------

MIN_EVALUATION_ANSWERS = 3  # DESIGN.md §4: results are shown only from 3 answers up

EVALUATION_FIELDS = (
    *Evaluation.RATING_FIELDS,
    "need_met",
    "will_apply",
    "further_topics",
)


def can_evaluate(enrollment: Enrollment, now=None) -> bool:
    """May the person answer the questionnaire for this enrolment now?"""
    now = now or timezone.now()
    ends_at = enrollment.offering.ends_at
    return (
        not enrollment.evaluated
        and not enrollment.offering.is_cancelled
        and ends_at is not None
        and ends_at <= now
        and attended(enrollment)
    )


def submit_evaluation(enrollment: Enrollment, answers: dict) -> Evaluation:
    """Store one anonymous answer for an attended, ended offering; once per enrolment.

    ``answers`` holds the rating fields (1–5), ``need_met``, ``will_apply``,
    ``further_topics`` and optionally ``further_topic_terms`` (topics). The answer is stored
    without any link to the person or the enrolment, with the date only; the enrolment is
    marked ``evaluated`` in the same transaction (its row locked, so a double submit gives
    ``already_evaluated``). Deliberately no audit-log entry: its timestamp and user would
    link the person to the answer.
    """
    now = timezone.now()
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("offering")
            .get(pk=enrollment.pk)
        )
        if enrollment.evaluated:
            raise EnrollmentError("already_evaluated")
        offering = enrollment.offering
        ends_at = offering.ends_at
        if offering.is_cancelled or ends_at is None or ends_at > now:
            raise EnrollmentError("offering_not_ended")
        if not attended(enrollment):
            raise EnrollmentError("not_attended")
        evaluation = Evaluation(
            offering=offering,
            submitted_on=timezone.localdate(now),
            **{name: answers.get(name, "") for name in EVALUATION_FIELDS},
        )
        evaluation.full_clean(exclude=["offering"])
        evaluation.save()
        topics = answers.get("further_topic_terms")
        if topics:
            evaluation.further_topic_terms.set(topics)
        enrollment.evaluated = True
        enrollment.save(update_fields=["evaluated"])
    return evaluation


def evaluation_results(offerings) -> dict | None:
    """The aggregated answers for ``offerings`` (a queryset or list), or None below 3 answers.

    ``{"count", "items": [{"name", "label", "average", "answered", "values": [{"value",
    "count", "percent"}]}], "need_met": {"values": [{"value", "label", "count", "percent"}]},
    "will_apply": [...], "further_topics": [...], "topics": [{"topic", "count"}]}``.
    Free texts are sorted alphabetically, never in the order they came in.
    """
    evaluations = list(
        Evaluation.objects.filter(offering__in=offerings).prefetch_related("further_topic_terms")
    )
    count = len(evaluations)
    if count < MIN_EVALUATION_ANSWERS:
        return None

    def percent(n):
        return round(100 * n / count) if count else 0

    items = []
    for name in Evaluation.RATING_FIELDS:
        values = [getattr(e, name) for e in evaluations]
        answered = [v for v in values if v]
        items.append(
            {
                "name": name,
                "label": Evaluation._meta.get_field(name).verbose_name,
                "answered": len(answered),
                "average": round(sum(answered) / len(answered), 2) if answered else None,
                "values": [
                    {
                        "value": value,
                        "count": answered.count(value),
                        "percent": percent(answered.count(value)),
                    }
                    for value in range(1, 6)
                ],
            }
        )
    need_met = [e.need_met for e in evaluations]
    topics: dict = {}
    for evaluation in evaluations:
        for topic in evaluation.further_topic_terms.all():
            topics.setdefault(topic.pk, {"topic": topic, "count": 0})["count"] += 1

    def texts(name):
        answers = [getattr(e, name).strip() for e in evaluations if getattr(e, name).strip()]
        return sorted(answers, key=str.casefold)

    return {
        "count": count,
        "items": items,
        "need_met": {
            "values": [
                {
                    "value": value,
                    "label": label,
                    "count": need_met.count(value),
                    "percent": percent(need_met.count(value)),
                }
                for value, label in Evaluation.NeedMet.choices
            ]
        },
        "will_apply": texts("will_apply"),
        "further_topics": texts("further_topics"),
        "topics": sorted(topics.values(), key=lambda t: (-t["count"], t["topic"].name)),
    }
