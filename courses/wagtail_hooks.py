"""Admin wiring of the courses app: audit-log actions, the offerings viewset."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

ENROLLMENT_ACTIONS = {
    "courses.enrollment.requested": (_("Enrolment requested"), _("Enrolment requested")),
    "courses.enrollment.confirmed": (_("Enrolment confirmed"), _("Enrolment confirmed")),
    "courses.enrollment.waitlisted": (_("Put on the waiting list"), _("Put on the waiting list")),
    "courses.enrollment.promoted": (
        _("Promoted from the waiting list"),
        _("Promoted from the waiting list"),
    ),
    "courses.enrollment.approved": (_("Enrolment approved"), _("Enrolment approved")),
    "courses.enrollment.declined": (_("Enrolment declined"), _("Enrolment declined")),
    "courses.enrollment.cancelled": (_("Enrolment cancelled"), _("Enrolment cancelled")),
    "courses.offering.cancelled": (_("Offering cancelled"), _("Offering cancelled")),
    "courses.offering.capacity_changed": (_("Capacity changed"), _("Capacity changed")),
    "courses.offering.exported": (
        _("Participant list exported"),
        _("Participant list exported"),
    ),
}


@hooks.register("register_log_actions")
def register_course_log_actions(actions):
    for action, (label, message) in ENROLLMENT_ACTIONS.items():
        actions.register_action(action, label, message)


# Offerings in the admin -----------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_offering_viewset():
    from courses.admin_views import OfferingViewSet

    return OfferingViewSet("offerings")
