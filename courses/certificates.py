"""Certificates and the training history ("Fortbildungsnachweis") as files.

Issuing and revoking are rules and live in ``courses.services``; this module only turns the
stored snapshots into PDFs and CSV. A qualification certificate ("Qualifikationszertifikat")
is printed from its own snapshot too: the modules it counts are in ``Certificate.parts``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Case, F, Prefetch, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Certificate, CertificateRenewal
from portal import spreadsheets
from portal.mail import absolute_url
from portal.pdf import render_pdf


def verification_url(certificate: Certificate) -> str:
    """The public verification page, absolute (as printed on the certificate)."""
    return absolute_url(certificate.get_absolute_url())


def certificate_filename(certificate: Certificate) -> str:
    if certificate.is_qualification:
        return f"qualifikationszertifikat-{certificate.code}.pdf"
    return f"teilnahmebescheinigung-{certificate.code}.pdf"


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def certificate_parts(certificate: Certificate) -> list[dict]:
    """The modules a qualification certificate counts, as stored in ``parts`` (JSON), with
    hours as ``Decimal`` and dates as ``date`` for the templates; missing keys are None, so an
    older or hand-made snapshot still prints."""
    parts = []
    for part in certificate.parts or []:
        if not isinstance(part, dict):
            continue
        parts.append(
            {
                "title": part.get("title") or "",
                "dates": part.get("dates") or "",
                "first_date": _date(part.get("first_date")),
                "last_date": _date(part.get("last_date")),
                "hours": _decimal(part.get("hours")),
                "teaching_units": part.get("teaching_units"),
                "provider": part.get("provider") or "",
                "code": part.get("code") or "",
            }
        )
    return parts


def last_renewal(certificate: Certificate) -> CertificateRenewal | None:
    """The latest refresher that extended ``certificate`` (what the certificate and its page
    show), or None. Uses prefetched ``renewals`` when there are."""
    renewals = list(certificate.renewals.all())
    return max(renewals, key=lambda r: (r.renewed_at, r.pk), default=None)


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF: a certificate of participation ("Teilnahmebescheinigung") for
    one module, or the combined qualification certificate listing its modules."""
    context = {
        "certificate": certificate,
        "verification_url": verification_url(certificate),
        "renewal": last_renewal(certificate),
    }
    if not certificate.is_qualification:
        return render_pdf("courses/pdf/certificate.html", context)
    parts = certificate_parts(certificate)
    hours = [p["hours"] for p in parts if p["hours"] is not None]
    units = [p["teaching_units"] for p in parts if p["teaching_units"] is not None]
    return render_pdf(
        "courses/pdf/qualification_certificate.html",
        {
            **context,
            "parts": parts,
            # Totals from the listed modules, so that the table adds up on paper.
            "total_hours": sum(hours, start=Decimal(0)) if hours else certificate.hours,
            "total_units": sum(units) if units else certificate.teaching_units,
        },
    )


def history_certificates(user):
    """The valid certificates of ``user`` (module and qualification certificates), in the
    order they were earned: a module by its first day, a qualification by the day it was
    completed, so it follows the modules it counts."""
    return (
        Certificate.objects.filter(
            Q(holder=user) | Q(enrollment__user=user), revoked_at__isnull=True
        )
        .annotate(
            earned_on=Case(
                When(kind=Certificate.Kind.QUALIFICATION, then=F("last_date")),
                default=F("first_date"),
            )
        )
        .select_related("enrollment__offering")
        .order_by("earned_on", "pk")
    )


def history_title(certificate: Certificate) -> str:
    """The title in the history: a qualification says that it is one."""
    if certificate.is_qualification:
        return _("Qualification: %(title)s") % {"title": certificate.module_title}
    return certificate.module_title


def history_header() -> list[str]:
    return [
        _("Module"),
        _("Dates"),
        _("Hours"),
        _("Teaching units"),
        _("Provider"),
        _("Certificate code"),
        _("Verification"),
    ]


def history_rows(certificates) -> list[list]:
    return [
        [
            history_title(c),
            c.dates_text,
            str(c.hours).replace(".", ",") if c.hours is not None else "",
            c.teaching_units if c.teaching_units is not None else "",
            c.provider,
            c.code,
            verification_url(c),
        ]
        for c in certificates
    ]


def history_csv(user) -> bytes:
    """The training history as CSV for German Excel (``portal.spreadsheets``)."""
    return spreadsheets.to_csv(history_header(), history_rows(history_certificates(user)))


def history_pdf(user) -> bytes:
    certificates = list(history_certificates(user))
    for certificate in certificates:
        certificate.verification_url = verification_url(certificate)
    # A qualification's hours are those of its modules, which are listed themselves: the
    # totals count modules only, or they would count the same training twice.
    modules = [c for c in certificates if not c.is_qualification]
    hours = sum((c.hours for c in modules if c.hours is not None), start=0)
    units = sum(c.teaching_units for c in modules if c.teaching_units is not None)
    for certificate in certificates:
        # Display only (the template prints ``module_title``); these objects are never saved.
        certificate.module_title = history_title(certificate)
    return render_pdf(
        "courses/pdf/history.html",
        {
            "person_name": user.get_full_name().strip() or user.email,
            "organisation": user.organisation,
            "certificates": certificates,
            "total_hours": hours,
            "total_units": units,
            "created_on": timezone.localdate(),
            "verification_base": absolute_url(
                reverse("courses:verify_certificate", args=["x"])
            ).removesuffix("x/"),
        },
    )


def with_renewals(queryset):
    """``queryset`` with the renewals ``last_renewal`` reads, in one more query."""
    return queryset.prefetch_related(
        Prefetch("renewals", queryset=CertificateRenewal.objects.order_by("renewed_at", "pk"))
    )
