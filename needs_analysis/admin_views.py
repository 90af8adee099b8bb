"""The needs analysis in the Wagtail admin: dashboard, recommendations, findings review.

Only coordinators (permission ``needs_analysis.view_finding``) see findings, their descriptions
and requests; trainers see aggregated demand for the topics of the modules they train. Every
page here sends ``Cache-Control: private, no-store``; views and exports of findings are
written to the audit log. Numbers come from ``needs_analysis.services`` only.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from courses.models import ModulePage, Offering
from needs_analysis import services
from needs_analysis.models import (
    ConsultationRequest,
    Finding,
    InHouseRequest,
    Interest,
    NeedsAnalysisSettings,
    Phase,
)
from portal.models import Audience, Region, Topic
from portal.roles import is_coordinator, is_trainer

PRIVATE = "private, no-store"


def private(view):
    """Mark a response as personal: never stored by a browser or proxy cache."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = PRIVATE
        return response

    return wrapped


def can_review(user) -> bool:
    """Coordinators (and administrators): findings with their descriptions, requests."""
    return user.is_authenticated and user.has_perm("needs_analysis.view_finding")


def can_see_aggregates(user) -> bool:
    return can_review(user) or (user.is_authenticated and is_trainer(user))


def log_register(action: str, user, **data):
    """Audit-log an access that concerns many findings, on the needs-analysis settings record."""
    log(NeedsAnalysisSettings.load(), action, user=user, data=data)


# Dashboard --------------------------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Findings from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Findings until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    audience = forms.ModelChoiceField(
        label=_("Field of work"), queryset=Audience.objects.all(), required=False
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("all phases")), *Phase.choices], required=False
    )
    state = forms.ModelChoiceField(
        label=_("Federal state"), queryset=Region.objects.states(), required=False
    )

    def matrix_kwargs(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        kwargs = {
            "audience": data.get("audience"),
            "phase": data.get("phase") or "",
        }
        if data.get("date_from") or data.get("date_to"):
            kwargs["period"] = (data.get("date_from"), data.get("date_to"))
        return kwargs

    def findings_query(self) -> dict:
        """The same filters as query parameters of the findings list (drill-down)."""
        data = self.cleaned_data if self.is_valid() else {}
        params = {"counting": "true"}
        if data.get("date_from"):
            params["recorded_on_from"] = data["date_from"].isoformat()
        if data.get("date_to"):
            params["recorded_on_to"] = data["date_to"].isoformat()
        if data.get("audience"):
            params["audience"] = data["audience"].pk
        if data.get("phase"):
            params["phase"] = data["phase"]
        return params


class NeedsAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page of the needs analysis, for whoever ``allowed(user)`` admits."""

    header_icon = "table"

    def allowed(self, user) -> bool:
        return can_review(user)

    def get_breadcrumbs_items(self):
        # Without this the slim header shows only "Home" as the page's heading.
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = PRIVATE
        return response


def _quarter_chart(per_quarter: dict, topics) -> dict:
    """Rows for an accessible bar chart (one group per quarter, one bar per topic)."""
    peak = max((n for counts in per_quarter.values() for n in counts.values()), default=0)
    quarters = []
    for (year, quarter), counts in sorted(per_quarter.items()):
        bars = [
            {
                "topic": topic,
                "count": counts.get(topic.pk, 0),
                "percent": round(100 * counts.get(topic.pk, 0) / peak) if peak else 0,
            }
            for topic in topics
            if counts.get(topic.pk)
        ]
        quarters.append(
            {"label": f"Q{quarter} {year}", "bars": bars, "total": sum(counts.values())}
        )
    return {"quarters": quarters, "peak": peak}


class DashboardView(NeedsAdminView):
    page_title = _("Needs analysis")
    template_name = "needs_analysis/admin/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DashboardFilterForm(self.request.GET or None)
        kwargs = form.matrix_kwargs() if form.is_bound else {}
        regions = None
        if form.is_bound and form.is_valid() and form.cleaned_data.get("state"):
            regions = form.cleaned_data["state"].subtree_ids()
        grid = services.matrix(regions=regions, **kwargs)
        filters = services.Filters(
            period=kwargs.get("period"),
            audience=kwargs.get("audience"),
            phase=kwargs.get("phase", ""),
        )
        findings_url = reverse("needs_findings:index")
        base_query = form.findings_query() if form.is_bound else {"counting": "true"}

        def cell_url(topic, region):
            query = urlencode({**base_query, "topics": topic.pk, "region": region.pk})
            return f"{findings_url}?{query}"

        rows = [
            (region, depth, [(topic, cell, cell_url(topic, region)) for topic, cell in cells])
            for region, depth, cells in grid.rows()
        ]
        gaps = [
            (topic, region, cell, cell_url(topic, region))
            for topic, region, cell in grid.largest_gaps(limit=10)
        ]
        context.update(
            form=form,
            matrix=grid,
            rows=rows,
            totals=grid.totals(),
            gaps=gaps,
            topics_without_module=services.topics_without_module(),
            chart=_quarter_chart(services.findings_per_quarter(filters=filters), grid.topics),
            levels=services.LEVEL_LABELS,
        )
        return context


class TrainerDemandView(NeedsAdminView):
    """Aggregated demand for the topics of the modules a trainer trains (no descriptions)."""

    page_title = _("Demand for my topics")
    template_name = "needs_analysis/admin/trainer_demand.html"

    def allowed(self, user) -> bool:
        return can_see_aggregates(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if can_review(user):
            topics = Topic.objects.all()
        else:
            topics = Topic.objects.filter(
                pk__in=ModulePage.objects.filter(trainers=user).values("topics")
            )
        grid = services.matrix(topics=list(topics))
        context.update(matrix=grid, rows=grid.rows(), levels=services.LEVEL_LABELS)
        return context


# Recommendations and planning -------------------------------------------------------------


class RecommendationsView(NeedsAdminView):
    page_title = _("Recommendations")
    template_name = "needs_analysis/admin/recommendations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendations"] = services.recommendations(limit=40)
        return context


class PlanForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Topic.objects.all())
    region = forms.ModelChoiceField(queryset=Region.objects.all())
    module = forms.ModelChoiceField(queryset=ModulePage.objects.live())
    capacity = forms.IntegerField(min_value=1, max_value=500, required=False)


@private
def plan_view(request):
    """POST "Angebot planen": a planned offering for the module and region, findings linked."""
    if request.method != "POST":
        raise Http404
    if not (request.user.has_perm("courses.add_offering") and can_review(request.user)):
        raise PermissionDenied
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The offering could not be planned."))
        return redirect("needs_analysis_recommendations")
    topic, region, module = (form.cleaned_data[k] for k in ("topic", "region", "module"))
    findings = services.findings_for_cell(topic, region).open().distinct()
    prefill = {"topic": topic}
    if form.cleaned_data.get("capacity"):
        prefill["capacity"] = form.cleaned_data["capacity"]
    offering = services.plan_offering(module, region, findings, request.user, **prefill)
    messages.success(
        request,
        _("Offering planned; %(count)s finding(s) linked. Please complete date and venue.")
        % {"count": offering.findings.count()},
    )
    return redirect("offerings:edit", offering.pk)


# Findings ---------------------------------------------------------------------------------


class FindingFilterSet(WagtailFilterSet):
    recorded_on = django_filters.DateFromToRangeFilter(
        label=_("Recorded"), widget=DateRangePickerWidget
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region (and below)"), queryset=Region.objects.all(), method="filter_region"
    )
    topics = django_filters.ModelMultipleChoiceFilter(
        label=_("Topics"), queryset=Topic.objects.all()
    )
    counting = django_filters.BooleanFilter(
        label=_("Only findings that count (not archived)"), method="filter_counting"
    )

    class Meta:
        model = Finding
        fields = [
            "recorded_on",
            "region",
            "audience",
            "topics",
            "phase",
            "kind",
            "channel",
            "status",
        ]

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(region_id__in=value.subtree_ids())

    def filter_counting(self, queryset, name, value):
        return queryset.counting() if value else queryset


class CheckboxColumn(Column):
    cell_template_name = "needs_analysis/admin/checkbox_cell.html"


def _csv_safe(value):
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


class FindingIndexView(generic.IndexView):
    template_name = "needs_analysis/admin/finding_index.html"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("region", "audience", "workshop")
            .prefetch_related(
                "topics",
                Prefetch(
                    "offerings",
                    queryset=Offering.objects.select_related("module").prefetch_related(
                        "sessions"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = Finding.Status.choices
        context["bulk_url"] = reverse("needs_findings:bulk")
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.is_export:
            log_register(
                "needs_analysis.findings.viewed",
                self.request.user,
                query=self.request.GET.urlencode(),
                rows=context["paginator"].count if context.get("paginator") else None,
            )
        return response

    def as_spreadsheet(self, queryset, spreadsheet_format):
        log_register(
            "needs_analysis.findings.exported",
            self.request.user,
            format=spreadsheet_format,
            query=self.request.GET.urlencode(),
            rows=len(queryset),
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class FindingInspectView(generic.InspectView):
    template_name = "needs_analysis/admin/finding_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offerings"] = self.object.offerings.select_related("module", "region")
        context["weight"] = services.finding_weight(self.object)
        log(self.object, "needs_analysis.finding.viewed", user=self.request.user)
        return context


class FindingEditView(generic.EditView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(self.object, "needs_analysis.finding.viewed", user=request.user)
        return response


BULK_ACTIONS = ("status", "redact", "merge")


@private
def bulk_view(request):
    """Bulk status change, redaction and merge of the selected findings (coordinators)."""
    if request.method != "POST":
        raise Http404
    if not request.user.has_perm("needs_analysis.change_finding"):
        raise PermissionDenied
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    findings = Finding.objects.filter(pk__in=ids)
    action = request.POST.get("action", "")
    back = request.POST.get("next") or reverse("needs_findings:index")
    if not back.startswith("/"):
        back = reverse("needs_findings:index")
    if not ids or (action not in BULK_ACTIONS and not action.startswith("status:")):
        messages.error(request, _("Please select findings and an action."))
        return redirect(back)
    if action.startswith("status:"):
        status = action.split(":", 1)[1]
        if status not in Finding.Status.values:
            raise Http404
        count = services.set_status(findings, status, request.user)
        messages.success(request, _("Status changed for %(count)s finding(s).") % {"count": count})
    elif action == "redact":
        count = services.redact(findings, request.user)
        messages.success(request, _("%(count)s description(s) redacted.") % {"count": count})
    elif action == "merge":
        ordered = sorted(findings, key=lambda f: f.pk)
        if len(ordered) < 2:
            messages.error(request, _("Select at least two findings to merge."))
            return redirect(back)
        keep = services.merge(ordered[0], ordered[1:], request.user)
        messages.success(
            request,
            _("Merged into finding #%(pk)s; the others were archived.") % {"pk": keep.pk},
        )
    return redirect(back)


@private
def offering_findings_view(request, pk):
    """Which findings led to an offering (courses does not know the needs analysis)."""
    if not can_review(request.user):
        raise PermissionDenied
    offering = get_object_or_404(Offering.objects.select_related("module", "region"), pk=pk)
    findings = (
        offering.findings.select_related("region", "audience").prefetch_related("topics").all()
    )
    log_register(
        "needs_analysis.findings.viewed", request.user, offering=offering.pk, rows=len(findings)
    )
    view = OfferingFindingsView.as_view(offering=offering, findings=findings)
    return view(request)


class OfferingFindingsView(NeedsAdminView):
    template_name = "needs_analysis/admin/offering_findings.html"
    offering = None
    findings = None

    def get_page_title(self):
        return _("Findings behind %(offering)s") % {"offering": self.offering}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(offering=self.offering, findings=self.findings)
        return context


class PrivateViewSetMixin:
    """Every view of the viewset answers with ``Cache-Control: private, no-store``."""

    def construct_view(self, view_class, **kwargs):
        return private(super().construct_view(view_class, **kwargs))


class FindingViewSet(PrivateViewSetMixin, ModelViewSet):
    model = Finding
    icon = "clipboard-list"
    menu_label = _("Findings")
    add_to_admin_menu = False
    index_view_class = FindingIndexView
    inspect_view_class = FindingInspectView
    edit_view_class = FindingEditView
    inspect_view_enabled = True
    filterset_class = FindingFilterSet
    search_fields = ["description", "source"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        CheckboxColumn("select", label=_("Select")),
        Column("__str__", label=_("Finding"), accessor="__str__"),
        "recorded_on",
        "channel",
        "status",
        "region",
        "audience",
        Column("topic_labels", label=_("Topics"), accessor="topic_labels"),
        "urgency",
        "staff_affected",
        Column("offering_labels", label=_("Offerings"), accessor="offering_labels"),
    ]
    list_export = [
        "pk",
        "recorded_on",
        "channel",
        "status",
        "region",
        "audience",
        "topic_labels",
        "phase",
        "kind",
        "urgency",
        "staff_affected",
        "description",
        "redacted",
        "workshop",
        "offering_labels",
    ]
    export_headings = {"pk": "ID"}
    export_filename = "befunde"
    ordering = ["-recorded_on", "-pk"]
    inspect_view_fields = [
        "recorded_on",
        "channel",
        "status",
        "workshop",
        "region",
        "audience",
        "topics",
        "phase",
        "kind",
        "urgency",
        "staff_affected",
        "description",
        "redacted",
        "source",
        "consultation_request",
        "in_house_request",
        "interest",
        "created_at",
        "updated_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("bulk/", bulk_view, name="bulk"),
            path("offering/<int:pk>/", offering_findings_view, name="for_offering"),
        ]


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
            from django.utils import timezone

            instance.closed_at = timezone.now()
            instance.save(update_fields=["closed_at"])
        return instance


class ConsultationRequestViewSet(PrivateViewSetMixin, ModelViewSet):
    model = ConsultationRequest
    index_view_class = ConsultationIndexView
    inspect_view_class = ConsultationInspectView
    edit_view_class = ConsultationEditView
    icon = "help"
    menu_label = _("Consultation requests")
    add_to_admin_menu = False
    list_display = ["__str__", "status", "region", "audience", "assigned_to", "created_at"]
    list_filter = ["status", "region", "audience", "assigned_to"]
    inspect_view_enabled = True
    ordering = ["-created_at"]


class InHouseRequestViewSet(PrivateViewSetMixin, ModelViewSet):
    model = InHouseRequest
    icon = "group"
    menu_label = _("In-house requests")
    add_to_admin_menu = False
    list_display = ["__str__", "status", "region", "group_size", "preferred_period", "created_at"]
    list_filter = ["status", "region"]
    inspect_view_enabled = True
    ordering = ["-created_at"]


class InterestViewSet(PrivateViewSetMixin, ModelViewSet):
    model = Interest
    icon = "pick"
    menu_label = _("Interests")
    add_to_admin_menu = False
    list_display = ["__str__", "status", "region", "created_at", "notified_at"]
    list_filter = ["status", "region"]
    ordering = ["-created_at"]


def is_coordinator_or_admin(user) -> bool:
    return user.is_superuser or is_coordinator(user)
