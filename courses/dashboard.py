"""The courses panel on the personal dashboard ("Mein Bereich")."""

from django.utils.translation import gettext_lazy as _

from courses import overview

#: The panel shows this many upcoming trainings; "All my trainings" links to the rest.
SHOWN = 3


def my_trainings_panel(request):
    """The next ``SHOWN`` trainings and how many waiting-list places and requests there are:
    only those three enrolments are loaded, a fixed number of queries however many the person
    has (``courses.overview.next_trainings``)."""
    trainings = overview.next_trainings(request.user, SHOWN)
    return {
        "title": _("My trainings"),
        "template": "courses/includes/dashboard_panel.html",
        "context": {
            "upcoming": trainings.groups["upcoming"],
            "offered": trainings.counts["offered"],
            "waitlisted": trainings.counts["waitlisted"],
            "requested": trainings.counts["requested"],
        },
    }
