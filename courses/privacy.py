"""The courses app's part of the data export and the account deletion (see portal.privacy)."""

from django.db.models import Prefetch

from courses import services
from courses.models import Attendance, Certificate, Enrollment
from portal.privacy import Contributor


def export_enrollments(user) -> list[dict]:
    enrollments = (
        Enrollment.objects.filter(user=user)
        .select_related("offering__module", "offering__region")
        .prefetch_related(
            "offering__sessions",
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("session").order_by(
                    "session__date", "session__start_time"
                ),
            ),
        )
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
            # The sessions marked for the person: attended (present) or missed.
            "attendance": [
                {
                    "date": attendance.session.date.isoformat(),
                    "start": f"{attendance.session.start_time:%H:%M}",
                    "present": attendance.present,
                }
                for attendance in enrollment.attendances.all()
            ],
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


def export_certificates(user) -> list[dict]:
    """The person's certificates, with what they certify and their verification code."""
    from courses.certificates import verification_url

    certificates = Certificate.objects.filter(enrollment__user=user).order_by("issued_at", "pk")
    return [
        {
            "code": certificate.code,
            "verification_url": verification_url(certificate),
            "participant_name": certificate.participant_name,
            "module": certificate.module_title,
            "dates": certificate.dates_text,
            "hours": str(certificate.hours) if certificate.hours is not None else None,
            "teaching_units": certificate.teaching_units,
            "topics": certificate.topics,
            "provider": certificate.provider,
            "trainers": certificate.trainers,
            "issued_at": certificate.issued_at.isoformat(),
            "revoked_at": _iso(certificate.revoked_at),
            "revoke_reason": certificate.revoke_reason,
        }
        for certificate in certificates
    ]


def keep_certificates(user) -> None:
    """Certificates are kept when an account is deleted, on purpose.

    A certificate is a snapshot the person has handed to others (an employer, a chamber); its
    public verification page must keep confirming it after the account is gone, or deleting
    the account would silently invalidate every certificate the person holds. So the
    certificate keeps the name, module and dates it certifies; only the link to the account
    disappears (the enrolment's ``user`` is set to NULL by the deletion). Evaluations are
    anonymous and hold nothing about the person, so they are not touched either. The name on
    a certificate can be removed on request by revoking it (coordinators).
    """


def _iso(moment):
    return moment.isoformat() if moment else None


def enrollments_contributor() -> Contributor:
    return Contributor(
        "enrollments",
        export_enrollments,
        anonymise_enrollments,
        models=(Enrollment, Attendance),
        retention=(
            "Kept without time limit for the offerings' participant numbers. On deletion active "
            "places of offerings not yet started are given back, comment and decline reason "
            "are cleared and the link to the person (and to whoever acted on the enrolment) is "
            "set to NULL; attendance (exported with each enrolment) stays with the anonymous "
            "enrolment."
        ),
    )


def certificates_contributor() -> Contributor:
    return Contributor(
        "certificates",
        export_certificates,
        keep_certificates,
        models=(Certificate,),
        retention=(
            "Kept after the account is deleted, on purpose (see keep_certificates): the name, "
            "module and dates stay verifiable; only the link to the account (through the "
            "enrolment) and to issuing or revoking staff is set to NULL. Revoking removes it "
            "on request."
        ),
    )
