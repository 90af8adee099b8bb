"""The needs analysis in the Wagtail admin: dashboard, trainers' demand, recommendations.

Only the coordination (``courses.access.can_read_findings``) sees findings, their descriptions
and requests; trainers see aggregated demand for the topics of the modules they train
(``can_see_findings_aggregates``). Every page here sends ``Cache-Control: private, no-store``;
views and exports of findings are written to the audit log. Numbers come from
``needs_analysis.demand`` only. The findings review is ``admin_findings``, the requests
``admin_requests``, the workshop records ``admin_records``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from courses.access import (
    can_read_findings,
    can_see_findings_aggregates,
    can_see_needs_dashboard,
    coordinates_module,
    trained_module_keys,
)
from courses.models import ModulePage
from needs_analysis import access, demand, figures, matrix_export, recommendations
from needs_analysis.models import NeedsAnalysisSettings, Phase
from needs_analysis.services import planning
from needs_analysis.transfer_figures import dashboard_context as transfer_context
from portal import projects
from portal.models import Audience, Region, Topic

#: ``Cache-Control: private, no-store`` on a view (function or ``dispatch``) with personal data.
private = cache_control(private=True, no_store=True)


class PrivateViewSetMixin:
    """Every view of the viewset answers with ``Cache-Control: private, no-store``."""

    def construct_view(self, view_class, **kwargs):
        return private(super().construct_view(view_class, **kwargs))


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
        label=_("Field of work"),
        queryset=Audience.objects.all(),
        required=False,
        empty_label=_("all fields of work"),
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("all phases")), *Phase.choices], required=False
    )
    state = forms.ModelChoiceField(
        label=_("Federal state"),
        queryset=Region.objects.states(),
        required=False,
        empty_label=_("all states (without districts)"),
        help_text=_("Choose a state to see its districts."),
    )

    def __init__(self, *args, allowed=projects.ALL, **kwargs):
        super().__init__(*args, **kwargs)
        # The regions of the person's projects (``needs_analysis.access.dashboard_region_ids``).
        self.allowed = allowed
        if allowed is not projects.ALL:
            self.fields["state"].queryset = Region.objects.states().filter(
                pk__in=access.states_of(allowed)
            )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to", _("The end of the period must not lie before its beginning.")
            )
        return cleaned

    def regions(self) -> list[int]:
        """The rows: the chosen state and its districts, or else the states alone."""
        state = self.cleaned_data.get("state") if self.is_bound and self.is_valid() else None
        if state is not None:
            return sorted(access.within(state.subtree_ids(), self.allowed))
        if self.allowed is projects.ALL:
            return demand.top_level_region_ids()
        return access.top_regions(self.allowed)

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
        return can_read_findings(user)

    def get_breadcrumbs_items(self):
        # Without this the slim header shows only "Home" as the page's heading.
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @method_decorator(private)
    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


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


def form_state(form):
    return form.cleaned_data.get("state") if form.is_bound and form.is_valid() else None


class DashboardView(NeedsAdminView):
    """The demand matrix with filters; ``?export=csv`` or ``xlsx`` downloads the same matrix."""

    page_title = _("Needs analysis")
    template_name = "needs_analysis/admin/dashboard.html"

    def allowed(self, user) -> bool:
        return can_see_needs_dashboard(user)

    def filter_form(self):
        if not hasattr(self, "_form"):
            data = self.request.GET.copy()
            data.pop("export", None)
            allowed = access.dashboard_region_ids(self.request.user)
            self._form = DashboardFilterForm(data or None, allowed=allowed)
        return self._form

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("export")
        form = self.filter_form()
        if file_format in matrix_export.FORMATS and (not form.is_bound or form.is_valid()):
            kwargs = form.matrix_kwargs() if form.is_bound else {}
            return matrix_export.download(
                demand.matrix(regions=form.regions(), **kwargs), file_format
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        kwargs = form.matrix_kwargs() if form.is_bound else {}
        # One scan of the findings for the matrix and the chart (split by quarter).
        grid = demand.matrix(regions=form.regions(), by=("quarter",), **kwargs)
        findings_url = reverse("needs_findings:index")
        base_query = form.findings_query() if form.is_bound else {"counting": "true"}

        can_read = can_read_findings(self.request.user)

        def cell_url(topic, region):
            if not can_read:  # the state coordination: figures without the findings
                return ""
            query = urlencode({**base_query, "topics": topic.pk, "region": region.pk})
            return f"{findings_url}?{query}"

        def districts_url(region):
            # A state's row leads to its districts, with the other filters kept.
            query = self.request.GET.copy()
            query["state"] = region.pk
            query.pop("export", None)
            return f"{reverse('needs_analysis_dashboard')}?{query.urlencode()}"

        rows = [
            (
                region,
                depth,
                [(topic, cell, cell_url(topic, region)) for topic, cell in cells],
                districts_url(region) if depth == 0 and not form_state(form) else "",
            )
            for region, depth, cells in grid.rows()
        ]
        gaps = [
            (topic, region, cell, cell_url(topic, region))
            for topic, region, cell in grid.largest_gaps(limit=10)
        ]
        export_query = self.request.GET.copy()
        export_query.pop("export", None)
        context.update(
            can_read_findings=can_read,
            form=form,
            state=form_state(form),
            export_query=export_query.urlencode(),
            matrix=grid,
            rows=rows,
            totals=grid.totals(),
            gaps=gaps,
            topics_without_module=figures.topics_without_module(),
            chart=_quarter_chart(figures.quarters_of(grid), grid.topics),
            levels=demand.LEVEL_LABELS,
            **transfer_context(access.dashboard_region_ids(self.request.user)),
        )
        return context


class TrainerDemandView(NeedsAdminView):
    """Aggregated demand for the topics of the modules a trainer trains (no descriptions)."""

    page_title = _("Demand for my topics")
    template_name = "needs_analysis/admin/trainer_demand.html"

    def allowed(self, user) -> bool:
        return can_see_findings_aggregates(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if can_read_findings(user):
            topics = Topic.objects.all()
        else:
            modules = ModulePage.objects.filter(translation_key__in=trained_module_keys(user))
            topics = Topic.objects.filter(pk__in=modules.values("topics"))
        grid = demand.matrix(topics=list(topics))
        context.update(matrix=grid, rows=grid.rows(), levels=demand.LEVEL_LABELS)
        return context


# Recommendations and planning -------------------------------------------------------------


class RecommendationsView(NeedsAdminView):
    page_title = _("Recommendations")
    template_name = "needs_analysis/admin/recommendations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        allowed = access.dashboard_region_ids(self.request.user)
        found = recommendations.recommendations(
            regions=None if allowed is projects.ALL else allowed
        )
        # Open needs first (up to 40); needs already planned are listed with their offering,
        # so that nobody plans them a second time.
        context["recommendations"] = [rec for rec in found if rec.is_open][:40]
        context["planned"] = [rec for rec in found if not rec.is_open][:40]
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
    if not (request.user.has_perm("courses.add_offering") and can_read_findings(request.user)):
        raise PermissionDenied
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The offering could not be planned."))
        return redirect("needs_analysis_recommendations")
    topic, region, module = (form.cleaned_data[k] for k in ("topic", "region", "module"))
    allowed = access.dashboard_region_ids(request.user)
    if not coordinates_module(request.user, module) or (
        allowed is not projects.ALL and region.pk not in allowed
    ):
        raise Http404
    prefill = {}
    if form.cleaned_data.get("capacity"):
        prefill["capacity"] = form.cleaned_data["capacity"]
    planned = planning.plan_for_need(topic, region, module, request.user, **prefill)
    if planned.created:
        messages.success(
            request,
            _("Offering planned; %(count)s finding(s) linked. Please complete date and venue.")
            % {"count": planned.offering.findings.count()},
        )
    elif planned.offering is not None:
        # A second click or a second tab: the need is planned already, nothing new is made.
        messages.info(
            request,
            _(
                "This need has already been planned; no open findings are left. "
                "Here is the planned offering."
            ),
        )
    else:
        messages.warning(request, _("This need has no open findings left; nothing was planned."))
        return redirect("needs_analysis_recommendations")
    return redirect("offerings:edit", planned.offering.pk)
