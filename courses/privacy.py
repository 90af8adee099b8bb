"""The courses app's part of the data export and the account deletion (see portal.privacy)."""

from django.db.models import Prefetch, Q

from courses import services
from courses.models import Attendance, Certificate, CertificateRenewal, Enrollment
from courses.retention import retain_enrollments
from portal import erasure
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
            "offering": str(enrollment.offering),
            "region": enrollment.offering.region.name,
            "sessions": [
                f"{session.date.isoformat()} {session.start_time:%H:%M}-{session.end_time:%H:%M}"
                for session in enrollment.offering.ordered_sessions
            ],
            "status": enrollment.status,
            "status_label": str(enrollment.get_status_display()),
            "comment": enrollment.comment,
            "requested_at": enrollment.requested_at.isoformat(),
            "confirmed_at": _iso(enrollment.confirmed_at),
            "waitlisted_at": _iso(enrollment.waitlisted_at),
            "offered_at": _iso(enrollment.offered_at),
            "offer_expires_at": _iso(enrollment.offer_expires_at),
            "cancelled_at": _iso(enrollment.cancelled_at),
            "declined_at": _iso(enrollment.declined_at),
            "late_cancellation": enrollment.late_cancellation,
            "decline_reason": enrollment.decline_reason,
            "reminder_sent_at": _iso(enrollment.reminder_sent_at),
            "evaluation_requested_at": _iso(enrollment.evaluation_requested_at),
            # Only whether the person answered: the answers are anonymous.
            "evaluated": enrollment.evaluated,
            # The transfer survey months later: when it was sent, and only whether it was
            # answered (the answers are anonymous).
            "transfer_survey_sent_at": _iso(enrollment.transfer_survey_sent_at),
            "transfer_answered": enrollment.transfer_answered,
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
    # Other people's comments and decline reasons may name the person too.
    erasure.redact_rows(
        Enrollment.objects.exclude(user=user),
        ("comment", "decline_reason"),
        erasure.needles_for(user),
        select=erasure.identifying_needles(user),
    )


def _certificates_of(user):
    """The person's certificates, module and qualification: those naming them as ``holder``,
    and module certificates of their enrolments made before holders were recorded."""
    return Certificate.objects.filter(Q(holder=user) | Q(enrollment__user=user))


def export_certificates(user) -> list[dict]:
    """The person's certificates, with what they certify and their verification code; a
    qualification certificate with the modules it counts and its renewals."""
    from courses.certificates import verification_url

    certificates = (
        _certificates_of(user)
        .prefetch_related(
            Prefetch(
                "renewals",
                queryset=CertificateRenewal.objects.order_by("renewed_at", "pk"),
            )
        )
        .order_by("issued_at", "pk")
    )
    return [
        {
            "code": certificate.code,
            "certificate_kind": certificate.kind,
            "certificate_kind_label": str(certificate.get_kind_display()),
            "verification_url": verification_url(certificate),
            "participant_name": certificate.participant_name,
            "module": certificate.module_title,
            "dates": certificate.dates_text,
            "first_date": _iso(certificate.first_date),
            "last_date": _iso(certificate.last_date),
            "hours": str(certificate.hours) if certificate.hours is not None else None,
            "teaching_units": certificate.teaching_units,
            "topics": certificate.topics,
            "provider": certificate.provider,
            "trainers": certificate.trainers,
            "funders": certificate.funders,
            # A qualification certificate's modules, as printed on it.
            "counted_modules": [
                {
                    "module": part.get("title", ""),
                    **{key: value for key, value in part.items() if key != "title"},
                }
                for part in certificate.parts or []
                if isinstance(part, dict)
            ],
            "valid_until": _iso(certificate.valid_until),
            # The refreshers that extended it ("module": the refresher, "date": attended).
            "renewals": [
                {
                    "module": renewal.module_title,
                    "date": _iso(renewal.attended_on),
                    "previous_valid_until": _iso(renewal.previous_valid_until),
                    "valid_until": _iso(renewal.valid_until),
                    "renewed_at": _iso(renewal.renewed_at),
                }
                for renewal in certificate.renewals.all()
            ],
            "issued_at": certificate.issued_at.isoformat(),
            "revoked_at": _iso(certificate.revoked_at),
            "revoke_reason": certificate.revoke_reason,
        }
        for certificate in certificates
    ]


def keep_certificates(user) -> None:
    """Certificates are kept when an account is deleted, on purpose, with the initials only.

    A certificate is a snapshot the person has handed to others (an employer, a chamber); its
    public verification page must keep confirming it after the account is gone, or deleting
    the account would silently invalidate every certificate the person holds. So the
    certificate keeps module (or qualification and its modules) and dates, the name becomes
    the initials ("Z. Q."), which the holder can match against the paper certificate, and
    ``holder_deleted_at`` records the deletion, which the verification page states. The link
    to the account disappears (``holder`` and the enrolment's ``user`` are set to NULL by the
    deletion); a revocation reason loses the name. Evaluations and transfer-survey answers are
    anonymous and hold nothing about the person.
    """
    from django.utils import timezone

    from courses.models.certificates import initials

    needles = erasure.needles_for(user)
    for certificate in _certificates_of(user):
        Certificate.objects.filter(pk=certificate.pk).update(
            participant_name=initials(user.first_name, user.last_name) or "–",
            holder_deleted_at=timezone.now(),
            revoke_reason=erasure.redact(certificate.revoke_reason, needles),
        )


def _iso(moment):
    return moment.isoformat() if moment else None


def enrollments_contributor() -> Contributor:
    return Contributor(
        "enrollments",
        export_enrollments,
        anonymise_enrollments,
        models=(Enrollment, Attendance),
        retention=(
            "The row is kept for the offerings' participant numbers. On deletion, and "
            "PRIVACY_RETENTION['enrollment_days'] (3 years, plus a funder's extension) after "
            "the offering ended (courses.retention), comment and decline reason are cleared and "
            "the link to the person (and to whoever acted on the enrolment) is set to NULL; "
            "the retention also deletes the audit-log entries about it. On deletion active "
            "places of offerings not yet started are given back. Attendance (exported with "
            "each enrolment) stays with the anonymous enrolment."
        ),
        retain=retain_enrollments,
    )


def certificates_contributor() -> Contributor:
    return Contributor(
        "certificates",
        export_certificates,
        keep_certificates,
        models=(Certificate, CertificateRenewal),
        retention=(
            "Kept after the account is deleted, on purpose (see keep_certificates): module "
            "and qualification certificates with their dates (and renewals) stay verifiable, "
            "the name is reduced to the initials and the deletion is recorded; the link to the "
            "account (holder and enrolment) and to issuing or revoking staff is set to NULL. "
            "Trainer names in the snapshot stay: the certificate is its holder's document."
        ),
    )


# The personal calendar feed -------------------------------------------------------------------


def export_calendar_feed(user) -> dict | None:
    """That the person has a calendar address, since when and when it was last fetched; never
    the token itself: it is a secret like a password, and the export may travel further."""
    from courses.models import CalendarFeedToken

    token = CalendarFeedToken.objects.filter(user=user).first()
    if token is None:
        return None
    return {"created_at": token.created_at.isoformat(), "last_used_at": _iso(token.last_used_at)}


def delete_calendar_feed(user) -> None:
    """The address stops working with the account (the row would go with it anyway)."""
    from courses.models import CalendarFeedToken

    CalendarFeedToken.objects.filter(user=user).delete()


def calendar_feed_contributor() -> Contributor:
    from courses.models import CalendarFeedToken

    return Contributor(
        "calendar_feed",
        export_calendar_feed,
        delete_calendar_feed,
        models=(CalendarFeedToken,),
        retention=(
            "Kept while the person uses the address; renewing replaces it, deleting it or the "
            "account removes it."
        ),
    )


# Teaching: trainer assignments of modules and offerings -----------------------------------------


def export_teaching(user) -> dict:
    """The modules and offerings the person is named as trainer for."""
    from courses.models import ModulePage, Offering

    return {
        "modules": [
            {"module": module.title, "language": module.locale.language_code}
            for module in ModulePage.objects.filter(trainers=user)
            .select_related("locale")
            .order_by("title", "pk")
        ],
        "offerings": [
            {
                "offering": str(offering),
                "region": offering.region.name,
                "sessions": [
                    f"{s.date.isoformat()} {s.start_time:%H:%M}-{s.end_time:%H:%M}"
                    for s in offering.ordered_sessions
                ],
                "cancelled": offering.is_cancelled,
            }
            for offering in Offering.objects.filter(trainers=user)
            .select_related("module", "region")
            .prefetch_related("sessions")
            .order_by("pk")
        ],
    }


def anonymise_teaching(user) -> None:
    """The assignment rows go with the account (Django deletes the many-to-many rows itself).

    The coordination's notes and cancellation reasons of offerings may name the person: in the
    offerings the person taught or enrolled in every mention (also "Frau Quellenberg") is
    replaced, elsewhere the e-mail address and full name.
    """
    from django.db.models import Q

    from courses.models import Offering

    fields = ("internal_notes", "cancellation_reason")
    full, identifying = erasure.needles_for(user), erasure.identifying_needles(user)
    own = Offering.objects.filter(Q(trainers=user) | Q(enrollments__user=user)).distinct()
    erasure.redact_rows(own, fields, full)
    erasure.redact_rows(Offering.objects.all(), fields, full, select=identifying)


def teaching_contributor() -> Contributor:
    from courses.models import ModulePage, Offering

    return Contributor(
        "teaching",
        export_teaching,
        anonymise_teaching,
        models=(Offering, ModulePage),
        retention=(
            "Trainer assignments are kept while the account exists and removed with it; "
            "modules and offerings stay. Names in an offering's internal notes and "
            "cancellation reason are replaced by a marker on deletion; who confirmed that an "
            "under-booked offering runs is set to NULL with the account."
        ),
    )
