"""What attending a module completes or renews: the combined certificate of a qualification
issued when the last module is attended, and the validity a refresher extends.

Called by ``attendance.mark_attendance`` in its transaction, so the certificate and the
renewal stand or fall with the attendance that earned them. A refresher renews from the old
expiry while the certificate is valid, and from the day of the refresher when it expired at
most ``SiteSettings.renewal_grace_days`` before; later, the qualification must be earned again.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from wagtail.log_actions import log

from courses.models import Certificate, CertificateRenewal, Enrollment
from courses.services.attendance import attended_ids
from courses.validity import add_months, valid_until

DEFAULT_GRACE_DAYS = 180


def grace_days() -> int:
    """``SiteSettings.renewal_grace_days`` of the default site (180 if there are none)."""
    from portal.models import SiteSettings

    days = (
        SiteSettings.objects.filter(site__is_default_site=True)
        .values_list("renewal_grace_days", flat=True)
        .first()
    )
    return DEFAULT_GRACE_DAYS if days is None else days


def renewed_until(
    current: datetime.date, attended_on: datetime.date, months: int, grace: int
) -> datetime.date | None:
    """The new last day of validity after a refresher on ``attended_on``; None when the
    certificate expired longer than the grace period before."""
    if attended_on <= current:
        return add_months(current, months)
    if (attended_on - current).days <= grace:
        return valid_until(attended_on, months)
    return None


def renew(certificate: Certificate, enrollment: Enrollment, attended_on, months: int, by=None):
    """Extend ``certificate`` for the refresher ``enrollment``: once per refresher (also when
    called concurrently). Returns the ``CertificateRenewal``, or None when nothing changes."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked or certificate.valid_until is None or not months:
            return None
        if CertificateRenewal.objects.filter(
            certificate=certificate, enrollment=enrollment
        ).exists():
            return None
        new = renewed_until(certificate.valid_until, attended_on, months, grace_days())
        if new is None or new <= certificate.valid_until:
            return None
        renewal = CertificateRenewal(
            certificate=certificate,
            enrollment=enrollment,
            module_title=enrollment.offering.module.title,
            attended_on=attended_on,
            previous_valid_until=certificate.valid_until,
            valid_until=new,
        )
        try:
            with transaction.atomic():
                renewal.save()
        except IntegrityError:
            return None
        certificate.valid_until = new
        certificate.reminded_90_at = certificate.reminded_30_at = None
        certificate.save(update_fields=["valid_until", "reminded_90_at", "reminded_30_at"])
        log(
            certificate,
            "courses.certificate.renewed",
            user=by,
            data={
                "code": certificate.code,
                "valid_until": new.isoformat(),
                "by_enrollment": enrollment.pk,
            },
        )
    return renewal


def after_attendance(offering, enrollments, by=None) -> None:
    """Issue completed qualifications and apply refreshers for the attended ``enrollments`` of
    ``offering``. Nothing to do (and two queries) for a module no qualification names."""
    from courses.qualification_mail import tell_issued
    from courses.services.qualifications import (
        issue_qualification_certificate,
        live_qualifications,
        qualification_progress,
        with_module_keys,
    )

    module = offering.module
    counted = attended_ids(enrollments)
    if not counted:
        return
    people = [e for e in enrollments if e.pk in counted and e.user_id]
    qualifications = [
        q
        for q in with_module_keys(live_qualifications())
        if module.translation_key in q.module_keys
    ]
    if qualifications:
        held = set(
            Certificate.objects.filter(
                kind=Certificate.Kind.QUALIFICATION,
                qualification__in=qualifications,
                holder__in=[e.user_id for e in people],
            ).values_list("holder_id", "qualification_id")
        )
        for enrollment in people:
            for qualification in qualifications:
                if (enrollment.user_id, qualification.pk) in held:
                    continue
                if qualification_progress(enrollment.user, qualification).completed_on:
                    certificate = issue_qualification_certificate(
                        enrollment.user, qualification, by=by
                    )
                    tell_issued(certificate)
    _apply_refresher(module, people, by)


def _apply_refresher(module, people, by) -> None:
    renews_qualifications = list(module.renews_qualifications.all())
    renews_modules = list(module.renews_modules.all())
    if not (renews_qualifications or renews_modules) or not people:
        return
    last_days = dict(
        Enrollment.objects.filter(pk__in=[e.pk for e in people])
        .annotate(last_day=Max("offering__sessions__date"))
        .values_list("pk", "last_day")
    )
    users = [e.user_id for e in people]
    certificates = list(
        Certificate.objects.filter(revoked_at__isnull=True, valid_until__isnull=False)
        .filter(
            kind=Certificate.Kind.QUALIFICATION,
            holder__in=users,
            qualification__in=renews_qualifications,
        )
        .select_related("qualification")
    )
    keys = {m.translation_key: m for m in renews_modules}
    certificates += list(
        Certificate.objects.filter(revoked_at__isnull=True, valid_until__isnull=False)
        .filter(
            kind=Certificate.Kind.MODULE,
            enrollment__user__in=users,
            enrollment__offering__module__translation_key__in=keys,
        )
        .select_related("enrollment__offering__module")
        .order_by("-valid_until")
    )
    for enrollment in people:
        attended_on = last_days.get(enrollment.pk)
        if attended_on is None:
            continue
        renewed_modules = set()
        for certificate in certificates:
            if certificate.is_qualification:
                if certificate.holder_id != enrollment.user_id:
                    continue
                months = certificate.qualification.validity_months
            else:
                if certificate.enrollment.user_id != enrollment.user_id:
                    continue
                renewed = certificate.enrollment.offering.module
                if renewed.translation_key in renewed_modules:
                    continue  # only the newest certificate of a module
                renewed_modules.add(renewed.translation_key)
                months = renewed.validity_months
            renew(certificate, enrollment, attended_on, months, by=by)
