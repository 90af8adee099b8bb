"""Consultation requests, in-house requests and interests in the Wagtail admin.

Personal: every response is ``Cache-Control: private, no-store``; listing and opening a
consultation request is audit-logged.

A consultation request has its own page (``ConsultationRequestView``, the viewset's extra
view ``needs_consultations:request``, which the listing links to): what was asked, the message
thread with "redact" per message, a reply, assignment, status and the internal note. Every
action goes through ``needs_analysis.services.consultation``; who may open it is
``needs_analysis.access.may_handle`` (a coordinator of another project gets a 404). The
listing shows state, assignee, due date and "overdue" in words (not by colour alone).
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from needs_analysis import access
from needs_analysis.admin_views import NeedsAdminView, PrivateViewSetMixin, log_register
from needs_analysis.forms import (
    NO_CLIENT_DATA_WARNING,
    AssignForm,
    NoteForm,
    ReplyForm,
    StatusForm,
)
from needs_analysis.models import (
    ConsultationMessage,
    ConsultationRequest,
    InHouseRequest,
    Interest,
)
from needs_analysis.services import consultation as consultations

# Requests ---------------------------------------------------------------------------------


def due_label(obj) -> str:
    """The due date, and "overdue" in words where it is."""
    if obj.due_at is None:
        return ""
    day = date_format(timezone.localtime(obj.due_at), "SHORT_DATE_FORMAT")
    return f"{day} – {gettext('overdue')}" if obj.is_overdue() else day


class ConsultationFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(
        label=_("Overdue (due date passed without an answer)"), method="filter_overdue"
    )

    class Meta:
        model = ConsultationRequest
        fields = ["status", "overdue", "region", "audience", "assigned_to"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = consultations.overdue(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class ConsultationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("region", "audience", "assigned_to")

    def get_edit_url(self, instance):
        # The title opens the request's page (thread, reply, assignment), not the bare form.
        return reverse("needs_consultations:request", args=[instance.pk])

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

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "assigned_to" in form.fields:
            form.fields["assigned_to"].queryset = consultations.assignable_coordinators(
                self.object
            )
        return form

    def save_instance(self):
        """The other fields as edited; status and assignment through the service, which sets
        the times that follow from them, logs and tells the assignee (``services.consultation``;
        the request's page is the usual way)."""
        data, instance = self.form.cleaned_data, self.form.instance
        status, assignee = data.get("status", instance.status), data.get("assigned_to")
        before = ConsultationRequest.objects.values("status", "assigned_to").get(pk=instance.pk)
        instance.status, instance.assigned_to_id = before["status"], before["assigned_to"]
        instance = super().save_instance()
        by = self.request.user
        if "assigned_to" in data and getattr(assignee, "pk", None) != instance.assigned_to_id:
            instance = consultations.assign(instance, assignee, by)
        if status != instance.status:
            instance = consultations.set_status(instance, status, by)
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
    list_display = [
        "__str__",
        "status",
        Column("due_at", label=_("due"), accessor=due_label),
        "assigned_to",
        "region",
        "audience",
        "created_at",
    ]
    filterset_class = ConsultationFilterSet
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("request/<int:pk>/", ConsultationRequestView.as_view(), name="request"),
        ]


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


# The request's page ----------------------------------------------------------------------------


class ConsultationRequestView(NeedsAdminView):
    """One consultation request for the coordination: the thread and everything to do with it.

    ``NeedsAdminView`` refuses anybody outside the coordination (to the admin's home) and
    answers ``private, no-store``; a coordinator of another project does not find it (404).

    POST carries ``action``: ``reply``, ``assign``, ``status``, ``note`` or ``redact`` (with
    ``message``); each redirects back (PRG). Opening it is audit-logged.
    """

    template_name = "needs_analysis/admin/consultation_request.html"
    header_icon = "help"
    ACTIONS = ("reply", "assign", "status", "note", "redact")

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("needs_consultations:index"), "label": _("Consultation requests")},
            {"url": "", "label": self.get_page_title()},
        ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def _load(self):
        obj = get_object_or_404(
            ConsultationRequest.objects.select_related(
                "region", "audience", "assigned_to", "user", "project"
            ),
            pk=self.kwargs["pk"],
        )
        if not access.may_handle(self.request.user, obj):
            raise Http404
        self.object = obj
        return obj

    def get(self, request, *args, **kwargs):
        obj = self._load()
        log(obj, "needs_analysis.consultation.viewed", user=request.user)
        return self.render_to_response(self.get_context_data())

    def _forms(self, bound=None):
        obj = self.object
        bound = bound or {}
        return {
            "reply": bound.get("reply") or ReplyForm(prefix="reply"),
            "assign": AssignForm(
                prefix="assign",
                coordinators=consultations.assignable_coordinators(obj),
                initial={"assigned_to": obj.assigned_to_id},
            ),
            "status": StatusForm(prefix="status", initial={"status": obj.status}),
            "note": NoteForm(prefix="note", initial={"internal_notes": obj.internal_notes}),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context.update(
            consultation=obj,
            thread=list(consultations.thread(obj)),
            forms=self._forms(kwargs.get("bound")),
            is_open=obj.status != ConsultationRequest.Status.CLOSED,
            overdue=obj.is_overdue(),
            warning=NO_CLIENT_DATA_WARNING,
            page_url=self.request.path,
            topics=list(obj.topics.all()),
        )
        return context

    def post(self, request, *args, **kwargs):
        obj = self._load()
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            return redirect(request.path)
        if action == "reply":
            form = ReplyForm(request.POST, prefix="reply")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(bound={"reply": form}))
            try:
                consultations.post_message(
                    obj, request.user, form.cleaned_data["body"], token=form.cleaned_data["token"]
                )
            except consultations.ConsultationClosed:
                messages.error(request, _("This request is closed; it takes no more messages."))
            else:
                messages.success(request, _("Your message has been sent."))
        elif action == "assign":
            form = AssignForm(
                request.POST,
                prefix="assign",
                coordinators=consultations.assignable_coordinators(obj),
            )
            if form.is_valid():
                consultations.assign(obj, form.cleaned_data["assigned_to"], request.user)
                messages.success(request, _("The assignment has been saved."))
            else:
                messages.error(request, _("Please choose a coordinator of the project."))
        elif action == "status":
            form = StatusForm(request.POST, prefix="status")
            if form.is_valid():
                consultations.set_status(obj, form.cleaned_data["status"], request.user)
                messages.success(request, _("The status has been saved."))
        elif action == "note":
            form = NoteForm(request.POST, prefix="note")
            if form.is_valid():
                consultations.update_note(obj, form.cleaned_data["internal_notes"], request.user)
                messages.success(request, _("The internal note has been saved."))
        else:
            pk = request.POST.get("message", "")
            if not pk.isdigit():
                raise Http404
            message = get_object_or_404(ConsultationMessage, pk=int(pk), request=obj)
            if consultations.redact_message(message, request.user):
                messages.success(request, _("The message has been redacted."))
        return redirect(request.path)


# Log actions and the dashboard panel (registered in needs_analysis/wagtail_hooks.py) -------------

LOG_ACTIONS = {
    "needs_analysis.consultation.assigned": _("Consultation request assigned"),
    "needs_analysis.consultation.answered": _("Consultation request marked answered"),
    "needs_analysis.consultation.status_changed": _("Status of the consultation request changed"),
    "needs_analysis.consultation.closed": _("Consultation request closed"),
    "needs_analysis.consultation.noted": _("Internal note changed"),
    "needs_analysis.consultation.message_posted": _("Message written"),
    "needs_analysis.consultation.message_redacted": _("Message redacted"),
}

#: At most this many overdue requests are listed on the dashboard (the count is complete).
PANEL_ROWS = 10


class OverdueConsultationsPanel(Component):
    """Consultation requests past their due date without an answer, of the person's projects
    (``access.requests_for``): oldest due first. Two queries, however many there are."""

    name = "overdue_consultations"
    template_name = "needs_analysis/admin/overdue_panel.html"
    order = 60

    def __init__(self, count, rows):
        self.count = count
        self.rows = rows

    def get_context_data(self, parent_context):
        return {
            "count": self.count,
            "rows": self.rows,
            "index_url": reverse("needs_consultations:index"),
        }


def overdue_panel(user):
    """The panel for ``user``, or None (nothing overdue, or not of the coordination)."""
    scoped = access.requests_for(user, ConsultationRequest.objects.all())
    late = consultations.overdue(scoped)
    rows = list(late.select_related("region", "assigned_to").order_by("due_at", "pk")[:PANEL_ROWS])
    if not rows:
        return None
    return OverdueConsultationsPanel(late.count(), rows)
