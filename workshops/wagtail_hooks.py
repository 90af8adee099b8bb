"""Admin wiring of the workshop talks: the viewset (linked from the "Needs analysis" menu).

Workshop talks are the coordination's (``courses.access.can_manage_workshops``): the viewset's
permission policy asks that rule before Wagtail's model permissions.
"""

from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from courses.access import can_manage_workshops, workshops_for
from courses.admin_scope import (
    ProjectScopedViewSetMixin,
    register_rule_policy,
    scope_log_entries_of,
)
from portal.hooks import (
    DEMO_SEEDERS,
    MY_TRAININGS_SECTIONS,
    PRIVACY_CONTRIBUTORS,
    WORKSHOP_ACTIONS,
    collect,
)
from workshops import my_trainings, privacy
from workshops.models import Workshop, WorkshopAttendanceCount, WorkshopRegistration

# Before the viewset below is registered (Wagtail refuses a policy after its fallback).
register_rule_policy(Workshop, can_manage_workshops)
for _model in (WorkshopRegistration, WorkshopAttendanceCount):
    scope_log_entries_of(_model, can_manage_workshops)


def workshop_actions(request, workshop) -> list[dict]:
    """Actions other apps offer on a workshop talk (hook ``register_workshop_action``), for
    example "record findings" from the needs analysis: ``{"label", "url", "icon"}``. Shown in
    the listing's "more" menu and as buttons in the header of the inspect and edit views."""
    return collect(WORKSHOP_ACTIONS, request, workshop)


#: Workshop records are internal: never stored by a browser or proxy cache.
private = cache_control(private=True, no_store=True)


def _action_buttons(button_class, request, workshop, *, first_priority):
    """The workshop's actions (``workshop_actions``) as buttons of ``button_class``, in order."""
    return [
        button_class(
            action["label"],
            url=action["url"],
            icon_name=action.get("icon", "plus"),
            priority=first_priority + number,
        )
        for number, action in enumerate(workshop_actions(request, workshop))
    ]


class WorkshopIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *_action_buttons(MenuItem, self.request, instance, first_priority=15),
        ]


class ExtraHeaderButtonsMixin:
    def get_header_buttons(self):
        return [
            *super().get_header_buttons(),
            *_action_buttons(HeaderButton, self.request, self.object, first_priority=50),
        ]


class WorkshopInspectView(ExtraHeaderButtonsMixin, generic.InspectView):
    pass


class WorkshopEditView(ExtraHeaderButtonsMixin, generic.EditView):
    pass


class WorkshopViewSet(ProjectScopedViewSetMixin, ModelViewSet):
    """Coordinators plan workshop talks and keep their records (protocol, attendance), those of
    their projects (``courses.access.workshops_for``)."""

    model = Workshop
    icon = "calendar"
    menu_label = _("Workshop talks")
    add_to_admin_menu = False  # an item of the "Needs analysis" menu
    list_display = ["title", "starts_at", "region", "status", "participants_count"]
    list_filter = ["status", "region", "format"]
    search_fields = ["title", "host_name"]
    search_backend_name = None
    inspect_view_enabled = True
    ordering = ["-starts_at"]
    index_view_class = WorkshopIndexView
    inspect_view_class = WorkshopInspectView
    edit_view_class = WorkshopEditView
    scope = staticmethod(workshops_for)

    def construct_view(self, view_class, **kwargs):
        return private(super().construct_view(view_class, **kwargs))


workshop_viewset = WorkshopViewSet("workshop_talks", url_prefix="workshops")


@hooks.register("register_admin_viewset")
def register_workshop_viewset():
    return workshop_viewset


@hooks.register("register_log_actions")
def register_workshop_log_actions(actions):
    for action, label in {
        "workshops.registration.registered": _("Registered for a workshop talk"),
        "workshops.registration.cancelled": _("Workshop registration cancelled"),
    }.items():
        actions.register_action(action, label, label)


@hooks.register(DEMO_SEEDERS, order=200)
def seed_workshops_demo(log):
    from workshops import demo

    demo.seed(log=log)


hooks.register(PRIVACY_CONTRIBUTORS, privacy.contributor)
hooks.register(PRIVACY_CONTRIBUTORS, privacy.facilitation_contributor)
hooks.register(MY_TRAININGS_SECTIONS, my_trainings.section)
