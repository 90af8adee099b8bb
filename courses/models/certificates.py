"""Certificates of participation ("Teilnahmebescheinigung") with a public verification code."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
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
    """The certificate of one attended enrolment.

    It keeps a snapshot of what it certifies (name, module, dates, hours, ...), so it stays
    true and verifiable when the module page changes or the person deletes their account.
    Issued and revoked only through ``courses.services``.
    """

    enrollment = models.OneToOneField(
        "courses.Enrollment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
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
    # Set when the holder deleted their account: the name is then reduced to the initials
    # (``initials``), and the verification page says why (Art. 17 GDPR).
    holder_deleted_at = models.DateTimeField(_("holder's account deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return f"{self.code} – {self.participant_name} – {self.module_title}"

    def get_absolute_url(self) -> str:
        """The public verification page."""
        return reverse("courses:verify_certificate", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
