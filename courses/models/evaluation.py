"""The anonymous evaluation of an offering by its participants."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def _rating(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Evaluation(models.Model):
    """One participant's answers to the questionnaire after an offering.

    Anonymous by construction: there is no link to a person or an enrolment, and only the
    date (not the time) of the answer is kept, so answers cannot be matched to people by
    timing. The enrolment only remembers that it answered (``Enrollment.evaluated``).
    ``further_topics`` feeds the needs analysis (R4): ``triaged`` marks answers already turned
    into findings.
    """

    class NeedMet(models.TextChoices):
        YES = "yes", _("yes")
        PARTLY = "partly", _("partly")
        NO = "no", _("no")

    RATING_FIELDS = ("relevance", "content", "methods", "trainer", "organisation", "overall")

    offering = models.ForeignKey(
        "courses.Offering",
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    submitted_on = models.DateField(_("submitted on"))
    relevance = _rating(_("relevance to practice"))
    content = _rating(_("content"))
    methods = _rating(_("methods"))
    trainer = _rating(_("trainers"))
    organisation = _rating(_("organisation"))
    overall = _rating(_("overall"))
    need_met = models.CharField(_("need met"), max_length=6, choices=NeedMet.choices)
    will_apply = models.TextField(_("what I will apply"), blank=True)
    further_topics = models.TextField(_("further topics needed"), blank=True)
    further_topic_terms = models.ManyToManyField(
        "portal.Topic",
        verbose_name=_("further topics (from the list)"),
        blank=True,
        related_name="evaluations",
    )
    triaged = models.BooleanField(
        _("triaged"),
        default=False,
        help_text=_("The further topics have been reviewed for the needs analysis."),
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        # No ordering by pk or date: answers are not shown in the order they came in.
        indexes = [models.Index(fields=["triaged"], name="courses_eval_triaged")]

    def __str__(self):
        return f"{self.offering_id} – {self.submitted_on:%Y-%m}"
