"""Certificates of participation ("Teilnahmebescheinigung") with a public verification code."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Lower-case letters and digits without look-alikes (0/o, 1/l/i): easy to type from paper.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 10  # 31**10 ≈ 8 × 10**14 codes: not guessable


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str | None:
    """A code as typed (spaces, capitals) in its stored form, or None when it cannot be one
    (wrong length or characters): then there is nothing to look up."""
    code = str(value).strip().lower()
    if 0 < len(code) <= 16 and code.isascii() and code.isalnum():
        return code
    return None


def initials(first_name: str, last_name: str) -> str:
    """ "Zoraida Quellenberg" -> "Z. Q."; each part of a double name counts ("A.-L. M.")."""
    words = f"{first_name} {last_name}".split()
    return " ".join(
        "-".join(f"{piece[0].upper()}." for piece in word.split("-") if piece) for word in words
    )


class Certificate(models.Model):
    """The certificate of one attended enrolment, or the combined certificate of a
    qualification (``kind``), which lists its modules in ``parts``.

    It keeps a snapshot of what it certifies (name, module, dates, hours, ...), so it stays
    true and verifiable when the module page changes or the person deletes their account.
    Issued, renewed and revoked only through ``courses.services``.
    """

    class Kind(models.TextChoices):
        MODULE = "module", _("certificate of participation")
        QUALIFICATION = "qualification", _("qualification certificate")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MODULE)
    enrollment = models.OneToOneField(
        "courses.Enrollment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    # The person it certifies (for a module certificate the enrolment's person too): a
    # qualification certificate belongs to a person, not to one enrolment.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    qualification = models.ForeignKey(
        "courses.Qualification",
        verbose_name=_("qualification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # The renewal reminders (``manage.py send_renewal_reminders``), claimed once each; a
    # renewal clears them for the new expiry.
    reminded_90_at = models.DateTimeField(
        _("reminded 90 days before expiry"), null=True, blank=True
    )
    reminded_30_at = models.DateTimeField(
        _("reminded 30 days before expiry"), null=True, blank=True
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_code)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    # The snapshot.
    participant_name = models.CharField(_("participant"), max_length=300)
    module_title = models.CharField(_("module"), max_length=255)
    first_date = models.DateField(_("first day"), null=True, blank=True)
    last_date = models.DateField(_("last day"), null=True, blank=True)
    dates_text = models.TextField(_("dates"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    teaching_units = models.PositiveSmallIntegerField(_("teaching units"), null=True, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    trainers = models.TextField(_("trainers"), blank=True)
    funders = models.TextField(_("funders"), blank=True)
    # The modules a qualification certificate counts: title, dates, hours, teaching units,
    # provider and the module certificate's code, as they were when it was issued.
    parts = models.JSONField(_("modules"), default=list, blank=True)
    # Set when the holder deleted their account: the name is then reduced to the initials
    # (``initials``), and the verification page says why (Art. 17 GDPR).
    holder_deleted_at = models.DateTimeField(_("holder's account deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]
        constraints = [
            # Issued once per person and qualification, also under concurrent attendance.
            models.UniqueConstraint(
                fields=["holder", "qualification"],
                condition=models.Q(kind="qualification"),
                name="one_qualification_certificate_per_holder",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="qualification") | models.Q(enrollment__isnull=False),
                name="module_certificate_has_enrollment",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.participant_name} – {self.module_title}"

    def get_absolute_url(self) -> str:
        """The public verification page."""
        return reverse("courses:verify_certificate", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_qualification(self) -> bool:
        return self.kind == self.Kind.QUALIFICATION

    def is_expired(self, today=None) -> bool:
        return self.valid_until is not None and self.valid_until < (today or timezone.localdate())


class CertificateRenewal(models.Model):
    """A refresher attended that extended a certificate's validity: once per certificate and
    refresher enrolment, with the dates before and after (the holder sees them)."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="renewals",
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("refresher enrolment"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    module_title = models.CharField(_("refresher"), max_length=255)
    attended_on = models.DateField(_("attended on"))
    previous_valid_until = models.DateField(_("valid until before"))
    valid_until = models.DateField(_("valid until"))
    renewed_at = models.DateTimeField(_("renewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["certificate", "renewed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "enrollment"], name="one_renewal_per_refresher"
            )
        ]

    def __str__(self):
        return f"{self.certificate.code}: {self.previous_valid_until} → {self.valid_until}"
