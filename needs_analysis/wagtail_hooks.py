"""Admin wiring of the needs analysis: audit-log actions, viewsets, the "Needs analysis" menu.

Findings, requests and interests are for the coordination (``courses.access.can_read_findings``):
their viewsets' permission policy asks that rule before Wagtail's model permissions, so every
view of a viewset (list, add, edit, delete, copy, inspect, history, usage) and the findings'
bulk actions refuse anybody else, whatever model permissions they were given.
"""

from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import policy_registry

from courses.access import (
    can_read_findings,
    can_see_needs_dashboard,
    is_trainer,
)
from courses.admin_scope import (
    ProjectScopedViewSetMixin,
    register_rule_policy,
    scope_log_entries_of,
)
from needs_analysis import (
    access,
    admin_findings,
    admin_records,
    admin_renewals,
    admin_requests,
    admin_views,
    extras,
    my_trainings,
    privacy,
)
from needs_analysis.models import (
    ConsultationRequest,
    Finding,
    InHouseRequest,
    Interest,
    NeedsAnalysisSettings,
)
from portal.hooks import (
    CATALOG_SORTS,
    DEMO_SEEDERS,
    MODULE_EXTRAS,
    MY_TRAININGS_SECTIONS,
    OFFERING_ADMIN_LINKS,
    PERSONAL_DASHBOARD_PANELS,
    PRIVACY_CONTRIBUTORS,
    WORKSHOP_ACTIONS,
)
from workshops.models import Workshop

# Before the viewsets below are registered (Wagtail refuses a policy after its fallback).
for _model in (Finding, ConsultationRequest, InHouseRequest, Interest):
    register_rule_policy(_model, can_read_findings)
# The register of findings looked at and exported is logged on the settings record.
scope_log_entries_of(NeedsAnalysisSettings, can_read_findings)

LOG_ACTIONS = {
    "needs_analysis.findings.viewed": _("Findings viewed"),
    "needs_analysis.findings.exported": _("Findings exported"),
    "needs_analysis.finding.viewed": _("Finding viewed"),
    "needs_analysis.finding.status_changed": _("Status of the finding changed"),
    "needs_analysis.finding.redacted": _("Description redacted"),
    "needs_analysis.finding.merged": _("Duplicates merged"),
    "needs_analysis.offering.planned": _("Offering planned from the needs analysis"),
    "needs_analysis.finding.reported": _("Need reported"),
    "needs_analysis.consultation.requested": _("Consultation requested"),
    "needs_analysis.consultation.viewed": _("Consultation request viewed"),
    "needs_analysis.consultations.viewed": _("Consultation requests listed"),
    "needs_analysis.in_house.requested": _("In-house training requested"),
    "needs_analysis.interest.expressed": _("Interest expressed"),
    "needs_analysis.interest.withdrawn": _("Interest withdrawn"),
    "needs_analysis.workshop.findings_recorded": _("Findings of the workshop talk recorded"),
    "needs_analysis.evaluation.triaged": _("Evaluation answer triaged"),
    "needs_analysis.transfer.triaged": _("Transfer survey answer triaged"),
}


@hooks.register("register_log_actions")
def register_needs_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


class FindingViewSet(ProjectScopedViewSetMixin, admin_findings.FindingViewSet):
    scope = staticmethod(access.findings_for)


class ConsultationRequestViewSet(
    ProjectScopedViewSetMixin, admin_requests.ConsultationRequestViewSet
):
    scope = staticmethod(access.requests_for)


class InHouseRequestViewSet(ProjectScopedViewSetMixin, admin_requests.InHouseRequestViewSet):
    scope = staticmethod(access.requests_for)


findings_viewset = FindingViewSet("needs_findings", url_prefix="needs/findings")
consultations_viewset = ConsultationRequestViewSet(
    "needs_consultations", url_prefix="needs/consultations"
)
in_house_viewset = InHouseRequestViewSet("needs_in_house", url_prefix="needs/in-house")
interests_viewset = admin_requests.InterestViewSet("needs_interests", url_prefix="needs/interests")


@hooks.register("register_admin_viewset")
def register_needs_viewsets():
    return [findings_viewset, consultations_viewset, in_house_viewset, interests_viewset]


@hooks.register("register_admin_urls")
def register_needs_urls():
    return [
        path("needs/", admin_views.DashboardView.as_view(), name="needs_analysis_dashboard"),
        path(
            "needs/recommendations/",
            admin_views.RecommendationsView.as_view(),
            name="needs_analysis_recommendations",
        ),
        path("needs/plan/", admin_views.plan_view, name="needs_analysis_plan"),
        path(
            "needs/renewals/",
            admin_renewals.RenewalsView.as_view(),
            name="needs_analysis_renewals",
        ),
        path(
            "needs/renewals/plan/",
            admin_renewals.plan_refresher_view,
            name="needs_analysis_plan_refresher",
        ),
        path(
            "needs/workshops/<int:pk>/findings/",
            admin_records.WorkshopFindingsView.as_view(),
            name="needs_analysis_workshop_findings",
        ),
        path(
            "needs/workshops/<int:pk>/import/",
            admin_records.WorkshopImportView.as_view(),
            name="needs_analysis_workshop_import",
        ),
        path(
            "needs/import-template.<str:fmt>",
            admin_records.import_template,
            name="needs_analysis_import_template",
        ),
        path("needs/triage/", admin_records.TriageView.as_view(), name="needs_analysis_triage"),
        path(
            "needs/my-topics/",
            admin_views.TrainerDemandView.as_view(),
            name="needs_analysis_trainer",
        ),
    ]


class CheckedMenuItem(MenuItem):
    """A menu item shown to whoever ``check(user)`` admits."""

    def __init__(self, label, url_name, check, **kwargs):
        self.check = check
        super().__init__(label, reverse_lazy(url_name), **kwargs)

    def is_shown(self, request):
        return self.check(request.user)


def _may_view(model):
    return lambda user: policy_registry.get_by_type(model).user_has_permission(user, "view")


@hooks.register("register_admin_menu_item")
def register_needs_menu():
    review = can_read_findings
    items = [
        CheckedMenuItem(
            _("Dashboard"),
            "needs_analysis_dashboard",
            can_see_needs_dashboard,
            icon_name="table",
            order=100,
        ),
        CheckedMenuItem(
            _("Recommendations"),
            "needs_analysis_recommendations",
            review,
            icon_name="tick",
            order=110,
        ),
        CheckedMenuItem(
            _("Expiring qualifications"),
            "needs_analysis_renewals",
            review,
            icon_name="time",
            order=115,
        ),
        CheckedMenuItem(
            _("Findings"), "needs_findings:index", review, icon_name="clipboard-list", order=120
        ),
        CheckedMenuItem(
            _("Consultation requests"),
            "needs_consultations:index",
            _may_view(ConsultationRequest),
            icon_name="help",
            order=130,
        ),
        CheckedMenuItem(
            _("In-house requests"),
            "needs_in_house:index",
            _may_view(InHouseRequest),
            icon_name="group",
            order=140,
        ),
        CheckedMenuItem(
            _("Interests"),
            "needs_interests:index",
            _may_view(Interest),
            icon_name="pick",
            order=150,
        ),
        CheckedMenuItem(
            _("Workshop talks"),
            "workshop_talks:index",
            _may_view(Workshop),
            icon_name="calendar",
            order=160,
        ),
        CheckedMenuItem(
            _("Evaluation answers"),
            "needs_analysis_triage",
            lambda user: admin_records.can_record(user) and admin_records.triage_available(),
            icon_name="comment",
            order=165,
        ),
        CheckedMenuItem(
            _("Demand for my topics"),
            "needs_analysis_trainer",
            lambda user: is_trainer(user) and not review(user),
            icon_name="table",
            order=170,
        ),
    ]
    return SubmenuMenuItem(
        _("Needs analysis"), Menu(items=items), icon_name="table", name="needs-analysis", order=220
    )


@hooks.register(WORKSHOP_ACTIONS)
def record_findings_action(request, workshop):
    """ "Record findings" on a workshop talk in the admin (workshops.wagtail_hooks registry)."""
    if workshop.status == workshop.Status.CANCELLED or not admin_records.can_record(request.user):
        return None
    return {
        "label": _("Record findings"),
        "url": reverse("needs_analysis_workshop_findings", args=[workshop.pk]),
        "icon": "clipboard-list",
    }


@hooks.register(DEMO_SEEDERS, order=300)
def seed_needs_analysis_demo(log):
    from needs_analysis import demo

    demo.seed(log=log)


# Consultation requests as a service (needs_analysis/admin_requests.py): log actions, and the
# overdue requests on the admin's dashboard.
@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    for action, label in admin_requests.LOG_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_homepage_panels")
def add_overdue_consultations_panel(request, panels):
    panel = admin_requests.overdue_panel(request.user)
    if panel is not None:
        panels.append(panel)


# What the needs analysis adds to screens of other apps (portal/hooks.py lists the names).
hooks.register(MODULE_EXTRAS, extras.in_house_panel)
hooks.register(MODULE_EXTRAS, extras.interest_panel)
hooks.register(CATALOG_SORTS, extras.demand_sort)
hooks.register(PERSONAL_DASHBOARD_PANELS, extras.dashboard_panel)
hooks.register(MY_TRAININGS_SECTIONS, my_trainings.interests_section)
hooks.register(MY_TRAININGS_SECTIONS, my_trainings.requests_section)
hooks.register(OFFERING_ADMIN_LINKS, extras.findings_link)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.contributor)
