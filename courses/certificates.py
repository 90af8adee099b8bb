"""Certificates and the training history ("Fortbildungsnachweis") as files.

Issuing and revoking are rules and live in ``courses.services``; this module only turns the
stored snapshots into PDFs and CSV.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Certificate
from portal import spreadsheets
from portal.mail import absolute_url
from portal.pdf import render_pdf


def verification_url(certificate: Certificate) -> str:
    """The public verification page, absolute (as printed on the certificate)."""
    return absolute_url(certificate.get_absolute_url())


def certificate_filename(certificate: Certificate) -> str:
    return f"teilnahmebescheinigung-{certificate.code}.pdf"


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate of participation ("Teilnahmebescheinigung") as PDF."""
    return render_pdf(
        "courses/pdf/certificate.html",
        {
            "certificate": certificate,
            "verification_url": verification_url(certificate),
        },
    )


def history_certificates(user):
    """The valid certificates of ``user``, oldest training first."""
    return (
        Certificate.objects.filter(enrollment__user=user, revoked_at__isnull=True)
        .select_related("enrollment__offering")
        .order_by("first_date", "pk")
    )


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
            c.module_title,
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
    hours = sum((c.hours for c in certificates if c.hours is not None), start=0)
    units = sum(c.teaching_units for c in certificates if c.teaching_units is not None)
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
