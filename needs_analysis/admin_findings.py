"""The findings review in the Wagtail admin: list with filters and export, inspect, edit, bulk
actions (status, redaction, merge) and the findings behind an offering. The coordination only;
every response is ``Cache-Control: private, no-store`` and every look is audit-logged.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.l10n import unlocalize
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from courses.access import offerings_for
from courses.models import Offering
from needs_analysis import access, weights
from needs_analysis.admin_views import (
    NeedsAdminView,
    PrivateViewSetMixin,
    log_register,
    private,
)
from needs_analysis.models import Finding
from needs_analysis.services import review
from portal import spreadsheets
from portal.models import Region, Topic

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


class PlainColumn(Column):
    """A column whose cells are built in Python: the same ``<td>`` as Wagtail's cell template
    (localised value, empty for None), without a template render per cell. 50 rows × 11 columns
    of templates were a fifth of the findings list's time at 100,000 findings (R8)."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            value = self.empty_value_display
        elif isinstance(value, int) and not isinstance(value, bool):
            value = unlocalize(value)
        else:
            value = localize(template_localtime(value))
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, value)
        return format_html("<td>{}</td>", value)


class CheckboxColumn(Column):
    """The selection box of a row for the bulk actions (rendered without a template)."""

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td><input type="checkbox" name="ids" value="{}" form="finding-bulk-form"'
            ' aria-label="{}"></td>',
            instance.pk,
            gettext("Select %(finding)s") % {"finding": instance},
        )


class FindingIndexView(generic.IndexView):
    template_name = "needs_analysis/admin/finding_index.html"

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        # The fields named in ``list_display`` as plain columns (see ``PlainColumn``).
        if column_class is Column:
            column_class = PlainColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)

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
        header = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (list(self.to_row_dict(item).values()) for item in queryset)
        return spreadsheets.response(
            header, rows, spreadsheet_format, self.get_filename(), title=gettext("Findings")
        )


class FindingInspectView(generic.InspectView):
    template_name = "needs_analysis/admin/finding_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offerings"] = self.object.offerings.select_related("module", "region")
        context["weight"] = weights.finding_weight(self.object)
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
    """Bulk status change, redaction and merge of the selected findings.

    Asks the findings' permission policy, as the viewset's edit view does: the coordination
    (``courses.access.can_read_findings``) with the model permission "change"; the model
    permission alone is not enough.
    """
    if request.method != "POST":
        raise Http404
    if not policy_registry.get_by_type(Finding).user_has_permission(request.user, "change"):
        raise PermissionDenied
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    findings = access.findings_for(request.user, Finding.objects.filter(pk__in=ids))
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
        count = review.set_status(findings, status, request.user)
        messages.success(request, _("Status changed for %(count)s finding(s).") % {"count": count})
    elif action == "redact":
        count = review.redact(findings, request.user)
        messages.success(request, _("%(count)s description(s) redacted.") % {"count": count})
    elif action == "merge":
        ordered = sorted(findings, key=lambda f: f.pk)
        if len(ordered) < 2:
            messages.error(request, _("Select at least two findings to merge."))
            return redirect(back)
        keep = review.merge(ordered[0], ordered[1:], request.user)
        messages.success(
            request,
            _("Merged into finding #%(pk)s; the others were archived.") % {"pk": keep.pk},
        )
    return redirect(back)


class OfferingFindingsView(NeedsAdminView):
    """Which findings led to an offering (courses does not know the needs analysis)."""

    template_name = "needs_analysis/admin/offering_findings.html"

    def get(self, request, *args, pk, **kwargs):
        self.offering = get_object_or_404(
            offerings_for(request.user).select_related("module", "region"), pk=pk
        )
        self.findings = (
            access.findings_for(request.user, self.offering.findings.all())
            .select_related("region", "audience")
            .prefetch_related("topics")
            .all()
        )
        log_register(
            "needs_analysis.findings.viewed",
            request.user,
            offering=self.offering.pk,
            rows=len(self.findings),
        )
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Findings behind %(offering)s") % {"offering": self.offering}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(offering=self.offering, findings=self.findings)
        return context


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
        PlainColumn("__str__", label=_("Finding"), accessor="__str__"),
        "recorded_on",
        "channel",
        "status",
        "region",
        "audience",
        PlainColumn("topic_labels", label=_("Topics"), accessor="topic_labels"),
        "urgency",
        "staff_affected",
        PlainColumn("offering_labels", label=_("Offerings"), accessor="offering_labels"),
    ]
    # Choice fields as their labels ("Inhouse-Anfrage", not ``in_house``), every heading
    # translated; the CSV dialect (BOM, ";") is ``portal.spreadsheets``.
    list_export = [
        "pk",
        "recorded_on",
        "get_channel_display",
        "get_status_display",
        "region",
        "audience",
        "topic_labels",
        "get_phase_display",
        "get_kind_display",
        "get_urgency_display",
        "staff_affected",
        "description",
        "redacted",
        "workshop",
        "offering_labels",
    ]
    export_headings = {
        "pk": "ID",
        "get_channel_display": _("Channel"),
        "get_status_display": _("Status"),
        "topic_labels": _("Topics"),
        "get_phase_display": _("Phase"),
        "get_kind_display": _("Kind of need"),
        "get_urgency_display": _("Urgency"),
        "offering_labels": _("Offerings"),
    }
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
            path("offering/<int:pk>/", OfferingFindingsView.as_view(), name="for_offering"),
        ]
