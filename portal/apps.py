from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal.models import Region
        from portal.models.vocabulary import forget_region_tree

        for signal in (post_save, post_delete):
            signal.connect(forget_region_tree, sender=Region, dispatch_uid=f"region-tree-{signal}")

        from django.db.models.signals import m2m_changed

        from portal.models import Project
        from portal.projects import regions_changed

        m2m_changed.connect(
            regions_changed, sender=Project.regions.through, dispatch_uid="project-regions"
        )

        from portal.wagtail_fixes import guard_chooser_ids, guard_image_uploads

        guard_chooser_ids()
        guard_image_uploads()

        from portal.storage import keep_documents_private

        keep_documents_private()

        from django.contrib.auth.signals import user_logged_in

        from portal.retention import clear_warning_on_login

        user_logged_in.connect(clear_warning_on_login, dispatch_uid="retention-clear-warning")

        # The page cache, the site frame and routing (portal/cache_signals.py, locale_cache.py,
        # routing.py).
        from portal import locale_cache, routing
        from portal.cache_signals import connect_portal

        connect_portal()
        locale_cache.install()
        routing.install()
