from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NeedsAnalysisConfig(AppConfig):
    name = "needs_analysis"
    verbose_name = _("Needs analysis")

    def ready(self):
        from courses.models import ModulePage, Offering
        from needs_analysis import signal_handlers
        from needs_analysis.models import Finding, NeedsAnalysisSettings

        post_save.connect(
            signal_handlers.offering_saved,
            sender=Offering,
            dispatch_uid="needs_analysis.offering_saved",
        )
        # The cached demand sums (needs_analysis.aggregates); offerings and sessions bump the
        # content version, which is part of their keys as well.
        for signal in (post_save, post_delete):
            signal.connect(
                signal_handlers.findings_changed,
                sender=Finding,
                dispatch_uid=f"needs_analysis.aggregates:finding:{id(signal)}",
            )
        post_save.connect(
            signal_handlers.settings_changed,
            sender=NeedsAnalysisSettings,
            dispatch_uid="needs_analysis.aggregates:settings",
        )
        for through in (
            Finding.topics.through,
            Finding.offerings.through,
            ModulePage.topics.through,
            ModulePage.audiences.through,
        ):
            m2m_changed.connect(
                signal_handlers.findings_changed,
                sender=through,
                dispatch_uid=f"needs_analysis.aggregates:{through._meta.label}",
            )
