from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsAnalysisConfig(AppConfig):
    name = "needs_analysis"
    verbose_name = _("Needs analysis")
