"""The message thread of a consultation request ("Fachberatung").

The professional and the coordination write to each other on the request's page inside the
platform (``/mein-bereich/fachberatung/<pk>/`` and the request page in the admin); mails only
say that there is a new message (``needs_analysis.notifications``). A coordinator can redact a
message that holds client data: its text is replaced, who and when is kept, and the redaction is
in the audit log (``needs_analysis.services.consultation.redact_message``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsultationMessage(models.Model):
    """One message in the thread of a consultation request, by the professional or the
    coordination. Deleted with its request (retention, R6)."""

    request = models.ForeignKey(
        "needs_analysis.ConsultationRequest",
        verbose_name=_("consultation request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_coordination = models.BooleanField(
        _("by the coordination"),
        default=False,
        help_text=_("Written by the coordination (else by the professional who asked)."),
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("One-time token of the form it came from: a second submit adds nothing."),
    )
    redacted_at = models.DateTimeField(_("redacted"), null=True, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redacted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation message")
        verbose_name_plural = _("consultation messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return _("Message #%(pk)s") % {"pk": self.pk}
