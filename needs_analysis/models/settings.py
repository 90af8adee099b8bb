"""The site-wide settings of the needs analysis (Wagtail settings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="cog")
class NeedsAnalysisSettings(BaseGenericSetting):
    """How demand decays and how far ahead offerings count as supply."""

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

    panels = [FieldPanel("half_life_days"), FieldPanel("planning_horizon_days")]

    class Meta:
        verbose_name = _("needs analysis settings")
        verbose_name_plural = _("needs analysis settings")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.half_life_days < 1:
            raise ValidationError({"half_life_days": _("At least one day.")})
