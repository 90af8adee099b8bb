"""The evaluation results in the admin: per offering and per module (all its offerings in every
translation), shown only from ``MIN_EVALUATION_ANSWERS`` answers up.

Who may see them is ``courses.access.can_see_offering_results`` / ``can_see_module_results``.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from courses import services
from courses.access import can_see_module_results, can_see_offering_results, is_coordinator
from courses.admin_base import OFFERING_ADMIN_PERMISSIONS, OfferingAdminView
from courses.models import ModulePage, Offering


class OfferingEvaluationView(OfferingAdminView):
    """The evaluation results of one offering (from 3 answers)."""

    template_name = "courses/admin/evaluation_results.html"
    page_title = _("Evaluation results")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offering = self.get_offering()
        if not can_see_offering_results(self.request.user, offering):
            raise PermissionDenied
        context.update(
            offering=offering,
            module=offering.module,
            results=services.evaluation_results([offering]),
            minimum=services.MIN_EVALUATION_ANSWERS,
            module_results_url=(
                reverse("offerings:module_evaluation", args=[offering.module_id])
                if can_see_module_results(self.request.user, offering.module)
                else ""
            ),
        )
        return context


class ModuleEvaluationView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The evaluation results of all offerings of a module (any translation), from 3 answers."""

    model = Offering
    any_permission_required = OFFERING_ADMIN_PERMISSIONS
    template_name = "courses/admin/evaluation_results.html"
    page_title = _("Evaluation results")
    header_icon = "doc-full"

    def get_module(self):
        module = get_object_or_404(ModulePage, pk=self.kwargs["pk"])
        if not can_see_module_results(self.request.user, module):
            if is_coordinator(self.request.user):
                raise Http404  # a module of another project
            raise PermissionDenied
        return module

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        module = self.get_module()
        offerings = Offering.objects.for_module(module)
        context.update(
            module=module,
            offering=None,
            results=services.evaluation_results(offerings),
            minimum=services.MIN_EVALUATION_ANSWERS,
            offerings_count=offerings.count(),
        )
        return context

    def get_page_subtitle(self):
        return self.get_module().title
