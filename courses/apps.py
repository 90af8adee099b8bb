from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from courses import privacy
        from courses.dashboard import my_trainings_panel
        from portal import dashboard
        from portal import privacy as portal_privacy

        dashboard.register(my_trainings_panel)
        portal_privacy.register(
            "enrollments", privacy.export_enrollments, privacy.anonymise_enrollments
        )
        portal_privacy.register(
            "certificates", privacy.export_certificates, privacy.keep_certificates
        )
