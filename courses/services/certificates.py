"""Certificates: issued for attended enrolments, with a snapshot of what they certify; revoked
with a reason. The PDF and the verification page live in ``courses.certificates``.

Professional exchange meetings (``Format.EXCHANGE``) issue no certificates: attendance is
recorded, but an exchange among colleagues is no training to certify.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses.models import Certificate, Enrollment, Format, Offering
from courses.services.attendance import attended, attended_ids
from courses.services.enrolment import EnrollmentError
from courses.validity import valid_until


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


NO_CERTIFICATES = _(
    "Professional exchange meetings issue no certificates; their attendance is recorded as usual."
)


def issues_certificates(offering: Offering) -> bool:
    """Does this offering issue certificates? Not a professional exchange meeting."""
    return offering.format != Format.EXCHANGE


def issue_certificate(enrollment: Enrollment, by=None) -> Certificate:
    """The certificate of an attended enrolment; the existing one if it was issued before.

    Raises ``EnrollmentError("not_attended")`` otherwise, and ``"no_certificates"`` for a
    professional exchange meeting. The certificate keeps a snapshot of what it certifies (in
    the site's default language), see ``Certificate``.
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
        offering = enrollment.offering
        if not issues_certificates(offering):
            raise EnrollmentError("no_certificates", NO_CERTIFICATES)
        if enrollment.user_id is None or not attended(enrollment):
            raise EnrollmentError("not_attended")
        module = offering.module
        sessions = list(offering.sessions.order_by("date", "start_time"))
        trainers = list(offering.trainers.all()) or list(module.trainers.all())
        user = enrollment.user
        with translation.override(settings.LANGUAGE_CODE):
            certificate = Certificate(
                enrollment=enrollment,
                holder=user,
                issued_at=timezone.now(),
                issued_by=by,
                participant_name=(user.get_full_name().strip() or user.email),
                module_title=module.title,
                first_date=sessions[0].date if sessions else None,
                last_date=sessions[-1].date if sessions else None,
                dates_text=_dates_text(sessions),
                hours=_hours(offering, sessions),
                teaching_units=module.teaching_units,
                valid_until=valid_until(
                    sessions[-1].date if sessions else None, module.validity_months
                ),
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
    """Certificates for every attended participant of ``offering`` who has none yet.

    Raises ``EnrollmentError("no_certificates")`` for a professional exchange meeting."""
    if not issues_certificates(offering):
        raise EnrollmentError("no_certificates", NO_CERTIFICATES)
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
