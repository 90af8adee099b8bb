"""The site-wide settings of the needs analysis (Wagtail settings)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="cog")
class NeedsAnalysisSettings(BaseGenericSetting):
    """How demand decays, how far ahead offerings count as supply, and when a consultation
    request is due."""

    half_life_days = models.PositiveIntegerField(
        _("half-life of a finding (days)"),
        default=365,
        help_text=_("After this many days a finding counts half."),
    )
    planning_horizon_days = models.PositiveIntegerField(
        _("planning horizon (days)"),
        default=365,
        help_text=_("Offerings starting within this many days count as supply."),
    )

    consultation_due_working_days = models.PositiveIntegerField(
        _("consultation requests: first answer due within (working days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Counted from the day after a request arrives, without weekends and the public "
            "holidays of the request's state. Requests not answered by then show as overdue."
        ),
    )

    panels = [
        FieldPanel("half_life_days"),
        FieldPanel("planning_horizon_days"),
        FieldPanel("consultation_due_working_days"),
    ]

    class Meta:
        verbose_name = _("needs analysis settings")
        verbose_name_plural = _("needs analysis settings")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.half_life_days < 1:
            raise ValidationError({"half_life_days": _("At least one day.")})
