"""The transfer survey: months after a training, what participants could apply in practice."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferAnswer(models.Model):
    """One participant's answer to the transfer survey some months after an offering (R10).

    Anonymous by construction, like ``Evaluation``: there is no link to a person or an
    enrolment and only the date of the answer is kept, so answers cannot be matched to people
    by timing. The enrolment only remembers that it answered
    (``Enrollment.transfer_answered``). The "still needed" part (``needed_topics``,
    ``needs_text``) feeds the needs analysis: ``triaged`` marks answers already turned into
    findings (``needs_analysis.services.triage``).
    """

    offering = models.ForeignKey(
        "courses.Offering",
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="transfer_answers",
    )
    submitted_on = models.DateField(_("submitted on"))
    could_apply = models.PositiveSmallIntegerField(
        _("could apply in practice"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (nothing) to 5 (a great deal)."),
    )
    example_text = models.TextField(_("example from practice"), blank=True)
    needed_topics = models.ManyToManyField(
        "portal.Topic",
        verbose_name=_("topics still needed"),
        blank=True,
        related_name="transfer_answers",
    )
    needs_text = models.TextField(_("what is still needed"), blank=True)
    triaged = models.BooleanField(
        _("triaged"),
        default=False,
        help_text=_("What is still needed has been reviewed for the needs analysis."),
    )

    class Meta:
        verbose_name = _("transfer survey answer")
        verbose_name_plural = _("transfer survey answers")
        # No ordering by pk or date: answers are not shown in the order they came in.
        indexes = [models.Index(fields=["triaged"], name="courses_transfer_triaged")]

    def __str__(self):
        return f"{self.offering_id} – {self.submitted_on:%Y-%m}"
