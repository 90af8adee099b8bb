"""Consultation requests, in-house requests and interests in the Wagtail admin.

Personal: every response is ``Cache-Control: private, no-store``; listing and opening a
consultation request is audit-logged.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from needs_analysis.admin_views import PrivateViewSetMixin, log_register
from needs_analysis.models import ConsultationRequest, InHouseRequest, Interest

# Requests ---------------------------------------------------------------------------------


class ConsultationIndexView(generic.IndexView):
    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        log_register(
            "needs_analysis.consultations.viewed",
            self.request.user,
            query=self.request.GET.urlencode(),
            rows=context["paginator"].count if context.get("paginator") else None,
        )
        return response


class ConsultationInspectView(generic.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log(self.object, "needs_analysis.consultation.viewed", user=self.request.user)
        return context


class ConsultationEditView(generic.EditView):
    """Coordinators set status and assignment (and notes); every opening is audit-logged."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(self.object, "needs_analysis.consultation.viewed", user=request.user)
        return response

    def save_instance(self):
        instance = super().save_instance()
        if instance.status == ConsultationRequest.Status.CLOSED and instance.closed_at is None:
            instance.closed_at = timezone.now()
            instance.save(update_fields=["closed_at"])
        return instance


class RequestViewSet(PrivateViewSetMixin, ModelViewSet):
    """What people asked for: private, in the "Needs analysis" menu (not its own), newest first."""

    add_to_admin_menu = False
    ordering = ["-created_at"]


class ConsultationRequestViewSet(RequestViewSet):
    model = ConsultationRequest
    index_view_class = ConsultationIndexView
    inspect_view_class = ConsultationInspectView
    edit_view_class = ConsultationEditView
    icon = "help"
    menu_label = _("Consultation requests")
    list_display = ["__str__", "status", "region", "audience", "assigned_to", "created_at"]
    list_filter = ["status", "region", "audience", "assigned_to"]
    inspect_view_enabled = True


class InHouseRequestViewSet(RequestViewSet):
    model = InHouseRequest
    icon = "group"
    menu_label = _("In-house requests")
    list_display = ["__str__", "status", "region", "group_size", "preferred_period", "created_at"]
    list_filter = ["status", "region"]
    inspect_view_enabled = True


class InterestViewSet(RequestViewSet):
    model = Interest
    icon = "pick"
    menu_label = _("Interests")
    list_display = ["__str__", "status", "region", "created_at", "notified_at"]
    list_filter = ["status", "region"]
