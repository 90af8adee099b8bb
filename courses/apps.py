from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from courses.models import CatalogPage
        from courses.permissions import catalog_created

        post_save.connect(
            catalog_created, sender=CatalogPage, dispatch_uid="courses.catalog_created"
        )

        from courses.admin_scope import (
            register_document_policy,
            scope_model_log_entries,
            scope_page_log_entries,
        )

        scope_model_log_entries()
        scope_page_log_entries()
        register_document_policy()

        from courses.cache_signals import connect_courses

        connect_courses()
