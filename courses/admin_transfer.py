"""The transfer survey results in the admin: per offering and per module (all its offerings in
every translation), shown only from ``MIN_TRANSFER_ANSWERS`` answers up.

Who may see them is the same rule as for the evaluation results:
``courses.access.can_see_offering_results`` / ``can_see_module_results``.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from courses.access import can_see_module_results, can_see_offering_results, is_coordinator
from courses.admin_base import OFFERING_ADMIN_PERMISSIONS, OfferingAdminView
from courses.models import ModulePage, Offering
from courses.services.transfer import APPLIED_FROM, MIN_TRANSFER_ANSWERS, transfer_results

TEMPLATE = "courses/admin/transfer_results.html"


class OfferingTransferView(OfferingAdminView):
    """The transfer survey results of one offering (from 3 answers)."""

    template_name = TEMPLATE
    page_title = _("Transfer survey results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = self.get_offering()
        if not can_see_offering_results(self.request.user, offering):
            raise PermissionDenied
        context.update(
            offering=offering,
            module=offering.module,
            results=transfer_results([offering]),
            minimum=MIN_TRANSFER_ANSWERS,
            applied_from=APPLIED_FROM,
            module_results_url=(
                reverse("offerings:module_transfer", args=[offering.module_id])
                if can_see_module_results(self.request.user, offering.module)
                else ""
            ),
        )
        return context


class ModuleTransferView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The transfer survey results of all offerings of a module (any translation)."""

    model = Offering
    any_permission_required = OFFERING_ADMIN_PERMISSIONS
    template_name = TEMPLATE
    page_title = _("Transfer survey results")
    header_icon = "doc-full"

    def get_module(self):
        if not hasattr(self, "_module"):
            module = get_object_or_404(ModulePage, pk=self.kwargs["pk"])
            if not can_see_module_results(self.request.user, module):
                if is_coordinator(self.request.user):
                    raise Http404  # a module of another project
                raise PermissionDenied
            self._module = module
        return self._module

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        module = self.get_module()
        offerings = Offering.objects.for_module(module)
        context.update(
            module=module,
            offering=None,
            results=transfer_results(offerings),
            minimum=MIN_TRANSFER_ANSWERS,
            applied_from=APPLIED_FROM,
            offerings_count=offerings.count(),
        )
        return context

    def get_page_subtitle(self):
        return self.get_module().title
