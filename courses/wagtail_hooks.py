"""Admin wiring of the courses app: audit-log actions, the offerings viewset, the access check
for participant materials."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from courses import dashboard, my_qualifications, privacy
from courses.admin_scope import ScopedDocumentsAdminAPIViewSet, refuse_move_without_permission
from courses.permissions import refuse_qualification_to_trainers
from portal.hooks import (
    DEMO_SEEDERS,
    MY_TRAININGS_SECTIONS,
    OFFERING_ADMIN_LINKS,
    PERSONAL_DASHBOARD_PANELS,
    PRIVACY_CONTRIBUTORS,
)

ENROLLMENT_ACTIONS = {
    "courses.enrollment.requested": (_("Enrolment requested"), _("Enrolment requested")),
    "courses.enrollment.confirmed": (_("Enrolment confirmed"), _("Enrolment confirmed")),
    "courses.enrollment.waitlisted": (_("Put on the waiting list"), _("Put on the waiting list")),
    "courses.enrollment.promoted": (
        _("Promoted from the waiting list"),
        _("Promoted from the waiting list"),
    ),
    "courses.enrollment.offered": (_("Seat offered"), _("Seat offered")),
    "courses.enrollment.offer_accepted": (_("Offered seat accepted"), _("Offered seat accepted")),
    "courses.enrollment.offer_declined": (_("Offered seat declined"), _("Offered seat declined")),
    "courses.enrollment.offer_expired": (_("Offer expired"), _("Offer expired")),
    "courses.enrollment.approved": (_("Enrolment approved"), _("Enrolment approved")),
    "courses.enrollment.declined": (_("Enrolment declined"), _("Enrolment declined")),
    "courses.enrollment.cancelled": (_("Enrolment cancelled"), _("Enrolment cancelled")),
    "courses.offering.created": (_("Offering created"), _("Offering created")),
    "courses.offering.cancelled": (_("Offering cancelled"), _("Offering cancelled")),
    "courses.offering.capacity_changed": (_("Capacity changed"), _("Capacity changed")),
    "courses.offering.contingents_released": (
        _("Reserved seats released"),
        _("Reserved seats released"),
    ),
    "courses.offering.exported": (
        _("Participant list exported"),
        _("Participant list exported"),
    ),
    "courses.offering.attendance_marked": (_("Attendance marked"), _("Attendance marked")),
    "courses.offering.sign_in_sheet": (_("Sign-in sheet printed"), _("Sign-in sheet printed")),
    "courses.certificate.issued": (_("Certificate issued"), _("Certificate issued")),
    "courses.certificate.revoked": (_("Certificate revoked"), _("Certificate revoked")),
    "courses.certificate.renewed": (_("Certificate renewed"), _("Certificate renewed")),
    "courses.material.added": (_("Material added"), _("Material added")),
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


# Participant materials ------------------------------------------------------------------------


@hooks.register("before_serve_document")
def check_material_access(document, request):
    """Participant materials only for those ``courses.access.can_download`` lets through:
    anonymous visitors are sent to the login, everybody else without access gets 403."""
    from courses.access import can_download

    if can_download(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@hooks.register("construct_admin_api", order=100)
def scope_admin_api_documents(router):
    """After ``wagtail.documents`` registered its endpoint: the scoped one replaces it."""
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


# Adding material to a module in one step (courses/admin_materials.py) -----------------------


@hooks.register("register_admin_urls")
def register_material_urls():
    from courses.admin_materials import urlpatterns

    return urlpatterns()


def _material_button(page, user, priority):
    from wagtail.admin.widgets import Button

    from courses.access import can_add_materials
    from courses.admin_materials import upload_url
    from courses.models import ModulePage

    page = page.specific_deferred
    if isinstance(page, ModulePage) and can_add_materials(user, page):
        yield Button(
            _("Upload material"), upload_url(page), icon_name="doc-full", priority=priority
        )


@hooks.register("register_page_header_buttons")
def material_header_button(page, user, view_name=None, next_url=None):
    yield from _material_button(page, user, priority=12)


@hooks.register("register_page_listing_more_buttons")
def material_listing_button(page, user, next_url=None):
    yield from _material_button(page, user, priority=3)


@hooks.register(OFFERING_ADMIN_LINKS)
def material_offering_link(request, offering):
    from courses.access import can_add_materials
    from courses.admin_materials import upload_url

    if can_add_materials(request.user, offering.module):
        return {"url": upload_url(offering.module), "label": _("Upload material")}
    return None


# Dashboard panels for trainers and coordinators (courses/admin_panels.py) --------------------


@hooks.register("construct_homepage_panels")
def add_course_dashboard_panels(request, panels):
    from courses.admin_panels import panels_for

    panels.extend(panels_for(request.user))


# Minimum numbers and the go/no-go decision (courses/admin_minimums.py) ----------------------


@hooks.register("register_log_actions")
def register_minimum_log_actions(actions):
    from courses.admin_minimums import LOG_ACTIONS

    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_minimum_urls():
    from courses.admin_minimums import urlpatterns

    return urlpatterns()


@hooks.register("construct_homepage_panels")
def add_minimum_panel(request, panels):
    from courses.admin_minimums import panels_for

    panels.extend(panels_for(request.user))


@hooks.register(OFFERING_ADMIN_LINKS)
def minimum_decision_link(request, offering):
    from courses.admin_minimums import decision_link

    return decision_link(request, offering)


@hooks.register(DEMO_SEEDERS, order=100)
def seed_courses_demo(log):
    from courses import demo

    demo.seed(log=log)


hooks.register(PERSONAL_DASHBOARD_PANELS, dashboard.my_trainings_panel)
# Before the other apps' sections: the qualifications the current enrolments work towards.
hooks.register(MY_TRAININGS_SECTIONS, my_qualifications.section, order=-10)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.enrollments_contributor)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.certificates_contributor)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.teaching_contributor)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.calendar_feed_contributor)

hooks.register("before_move_page", refuse_move_without_permission)
hooks.register("before_create_page", refuse_qualification_to_trainers)


# The funders' report (courses/admin_reports.py), under Wagtail's "Reports" menu ------------


@hooks.register("register_admin_urls")
def register_funding_report_urls():
    from courses.admin_reports import urlpatterns

    return urlpatterns()


@hooks.register("register_reports_menu_item")
def register_funding_report_menu_item():
    from django.urls import reverse_lazy
    from wagtail.admin.menu import MenuItem

    from courses.access import can_see_funding_report

    class FundingReportMenuItem(MenuItem):
        def is_shown(self, request):
            return can_see_funding_report(request.user)

    return FundingReportMenuItem(
        _("Funders' report"),
        reverse_lazy("courses_funding_report"),
        name="funding-report",
        icon_name="table",
        order=50,
    )


# Qualification certificates (courses/admin_qualifications.py), under "Reports" too ---------


@hooks.register("register_admin_urls")
def register_qualification_certificate_urls():
    from courses.admin_qualifications import urlpatterns

    return urlpatterns()


@hooks.register("register_reports_menu_item")
def register_qualification_certificates_menu_item():
    from django.urls import reverse_lazy
    from wagtail.admin.menu import MenuItem

    from courses.access import can_revoke_certificates
    from courses.admin_qualifications import LIST_URL_NAME

    class QualificationCertificatesMenuItem(MenuItem):
        def is_shown(self, request):
            return can_revoke_certificates(request.user)

    return QualificationCertificatesMenuItem(
        _("Qualification certificates"),
        reverse_lazy(LIST_URL_NAME),
        name="qualification-certificates",
        icon_name="doc-full",
        order=60,
    )
