"""The courses panel on the personal dashboard ("Mein Bereich")."""

from django.utils.translation import gettext_lazy as _

from courses import overview


def my_trainings_panel(request):
    groups = overview.my_trainings(request.user)
    return {
        "title": _("My trainings"),
        "template": "courses/includes/dashboard_panel.html",
        "context": {
            "upcoming": groups["upcoming"][:3],
            "waitlisted": len(groups["waitlisted"]),
            "requested": len(groups["requested"]),
        },
    }
