from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from courses.dashboard import my_trainings_panel
        from portal.dashboard import register

        register(my_trainings_panel)
