"""What the offering admin pages share: the offering lookup and the base of the per-offering
pages (attendance, certificates, evaluation results).

A module of its own so that the viewset (``courses.admin_views``), the per-offering pages and
the dashboard panels all build on it without importing each other. Who may see an offering is
decided in ``courses.access``.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from courses.access import offerings_for
from courses.models import Offering

# Wagtail's model permissions that open the offerings admin at all (as for its inspect view);
# which offerings a person then sees is ``courses.access.offerings_for``.
OFFERING_ADMIN_PERMISSIONS = ["add", "change", "delete", "view"]


def offering_or_404(user, pk) -> Offering:
    """One offering ``user`` may see in the admin; 404 for everybody else."""
    return get_object_or_404(offerings_for(user), pk=pk)


class OfferingAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Base for the per-offering admin pages: the same access as the participants view
    (coordinators: all offerings; trainers: those of their modules or offerings)."""

    model = Offering
    any_permission_required = OFFERING_ADMIN_PERMISSIONS
    header_icon = "date"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.offering = None

    def get_offering(self):
        if self.offering is None:
            self.offering = offering_or_404(self.request.user, self.kwargs["pk"])
        return self.offering

    def get_page_subtitle(self):
        return str(self.get_offering())

    def get_breadcrumbs_items(self):
        offering = self.get_offering()
        return [
            *self.breadcrumbs_items,
            {"url": reverse("offerings:index"), "label": _("Offerings")},
            {"url": reverse("offerings:participants", args=[offering.pk]), "label": str(offering)},
            {"url": "", "label": self.get_page_title()},
        ]
