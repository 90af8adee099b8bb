"""Admin wiring of the portal: the shared vocabulary as snippets in one menu group, and the
two-factor authentication and failed background tasks panels on the dashboard."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal import privacy, privacy_traces
from portal.hooks import DEMO_SEEDERS, PRIVACY_CONTRIBUTORS
from portal.models import Audience, Project, Provider, Region, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "name_en", "slug", "sort_order"]
    search_fields = ["name", "name_en"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = _("Fields of work")
    list_display = ["name", "name_en", "sort_order"]
    search_fields = ["name", "name_en"]


class RegionFilterSet(WagtailFilterSet):
    class Meta:
        model = Region
        fields = ["kind", "parent"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "parent", "kind"]
    search_fields = ["name", "name_en"]
    filterset_class = RegionFilterSet

    def get_queryset(self, request):
        return Region.objects.select_related("parent")


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "home"
    menu_label = _("Organisations")
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class ProjectViewSet(SnippetViewSet):
    """Model projects: kept by administrators (no role holds a permission on them), because
    they decide what each coordinator sees."""

    model = Project
    icon = "folder-open-inverse"
    menu_label = _("Projects")
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Vocabulary")
    menu_icon = "list-ul"
    menu_order = 300
    items = (TopicViewSet, AudienceViewSet, RegionViewSet, ProviderViewSet, ProjectViewSet)


register_snippet(VocabularyGroup)


class TwoFactorPanel(Component):
    """The person's two-factor authentication and how many recovery codes are left."""

    name = "two_factor"
    template_name = "portal/admin/two_factor_panel.html"
    order = 400

    def get_context_data(self, parent_context):
        from allauth.mfa.models import Authenticator

        user = parent_context["request"].user
        mine = list(Authenticator.objects.filter(user=user))
        authenticators = {a.type: a for a in mine}
        security_keys = sum(a.type == Authenticator.Type.WEBAUTHN for a in mine)
        recovery = authenticators.get(Authenticator.Type.RECOVERY_CODES)
        return {
            "totp": authenticators.get(Authenticator.Type.TOTP),
            "security_keys": security_keys,
            "recovery_codes_left": len(recovery.wrap().get_unused_codes()) if recovery else 0,
        }


@hooks.register("construct_homepage_panels")
def add_two_factor_panel(request, panels):
    panels.append(TwoFactorPanel())


class FailedTasksPanel(Component):
    """Tasks that failed in the last days: name, when, error class (portal/failed_tasks.py)."""

    name = "failed_tasks"
    template_name = "portal/admin/failed_tasks_panel.html"
    order = 50

    def __init__(self, count, failures):
        self.count = count
        self.failures = failures

    def get_context_data(self, parent_context):
        from portal.failed_tasks import DAYS

        return {"count": self.count, "failures": self.failures, "days": DAYS}


@hooks.register("construct_homepage_panels")
def add_failed_tasks_panel(request, panels):
    """For coordinators and administrators only: a failed task is mostly a mail that did not go
    out (an enrolment confirmation, a reminder), which coordinators have to follow up with the
    participants while administrators fix the cause. Trainers and editors cannot act on it. The
    panel holds no personal data (no task arguments), so nothing speaks against coordinators."""
    from portal.failed_tasks import database_backend_in_use, recent_failures
    from portal.roles import is_coordinator

    if not is_coordinator(request.user) or not database_backend_in_use():
        return
    count, failures = recent_failures()
    if count:
        panels.append(FailedTasksPanel(count, failures))


@hooks.register(DEMO_SEEDERS, order=0)
def seed_portal_demo(log):
    from portal import demo

    demo.seed(log=log)


# The account comes first in the data export, before the apps' contributors.
hooks.register(PRIVACY_CONTRIBUTORS, privacy.account_contributor, order=-100)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.email_addresses_contributor, order=-99)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.project_roles_contributor, order=-98)
# Traces in Wagtail's and the task queue's tables; cleared last by delete_account.
hooks.register(PRIVACY_CONTRIBUTORS, privacy_traces.editorial_contributor, order=900)
hooks.register(PRIVACY_CONTRIBUTORS, privacy_traces.audit_log_contributor, order=901)
hooks.register(PRIVACY_CONTRIBUTORS, privacy_traces.background_tasks_contributor, order=902)
