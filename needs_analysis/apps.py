from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NeedsAnalysisConfig(AppConfig):
    name = "needs_analysis"
    verbose_name = _("Needs analysis")

    def ready(self):
        from courses.models import Offering
        from needs_analysis import signal_handlers

        post_save.connect(
            signal_handlers.offering_saved,
            sender=Offering,
            dispatch_uid="needs_analysis.offering_saved",
        )
