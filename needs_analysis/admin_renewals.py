"""Expiring qualifications for the coordination: how many people per project, region and field
of work will need a refresher within six months, the names where the coordinator may see them,
and "Auffrischung planen" (``services.renewal_demand.plan_refresher``).

Counts are shown for every project: they are no personal data and help the state coordination
see where refreshers are due. Names, e-mail addresses and expiry dates only for the
qualifications of the projects the coordinator acts in (``portal.projects.may_act_in``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from courses.access import can_read_findings, coordinates_module
from courses.models import ModulePage, Qualification
from needs_analysis import access
from needs_analysis.admin_views import NeedsAdminView, private
from needs_analysis.services.renewal_demand import (
    HORIZON_DAYS,
    expiring_certificates,
    expiring_groups,
    plan_refresher,
)
from portal import projects
from portal.models import Audience, Project, Region

NAMES_PER_PAGE = 50


class RenewalFilterForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.order_by("name"), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    audience = forms.ModelChoiceField(
        label=_("Field of work"), queryset=Audience.objects.all(), required=False
    )


def _filtered(form):
    certificates = expiring_certificates()
    if form.is_valid():
        data = form.cleaned_data
        if data["project"]:
            certificates = certificates.filter(qualification__project=data["project"])
        if data["region"]:
            certificates = certificates.filter(holder__region_id__in=data["region"].subtree_ids())
        if data["audience"]:
            certificates = certificates.filter(holder__audience=data["audience"])
    return certificates


class RenewalsView(NeedsAdminView):
    page_title = _("Expiring qualifications")
    template_name = "needs_analysis/admin/renewals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = RenewalFilterForm(self.request.GET or None)
        certificates = _filtered(form)
        groups = expiring_groups(certificates=certificates)
        qualifications = Qualification.objects.in_bulk({key[0] for key in groups})
        regions = Region.objects.in_bulk({key[1] for key in groups if key[1]})
        audiences = Audience.objects.in_bulk({key[2] for key in groups if key[2]})
        project_names = dict(Project.objects.values_list("pk", "short_name"))
        refreshers = _refreshers(qualifications)
        allowed = access.dashboard_region_ids(user)
        rows = []
        for (qualification_id, region_id, audience_id), row in groups.items():
            qualification = qualifications.get(qualification_id)
            region = regions.get(region_id)
            may_plan = (
                region is not None
                and projects.may_act_in(user, qualification.project_id)
                and (allowed is projects.ALL or region_id in allowed)
            )
            rows.append(
                {
                    "qualification": qualification,
                    "project": project_names.get(qualification.project_id, ""),
                    "region": region,
                    "audience": audiences.get(audience_id),
                    "people": row["people"],
                    "first": row["first"],
                    "refreshers": [
                        module
                        for module in refreshers.get(qualification_id, [])
                        if may_plan and coordinates_module(user, module)
                    ],
                }
            )
        rows.sort(key=lambda r: (r["first"], r["qualification"].title))
        names = (
            projects.scope(certificates, user, "qualification__project")
            .select_related("holder__region", "qualification")
            .order_by("valid_until", "participant_name", "pk")
        )
        page = Paginator(names, NAMES_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            rows=rows,
            total=sum(r["people"] for r in rows),
            names=page,
            horizon_months=round(HORIZON_DAYS / 30.5),
        )
        return context


def _refreshers(qualifications) -> dict:
    """qualification pk → its live refresher modules (one query)."""
    through = ModulePage.renews_qualifications.through
    found: dict = {}
    links = through.objects.filter(
        qualification_id__in=list(qualifications), modulepage__live=True
    ).select_related("modulepage")
    for link in links:
        found.setdefault(link.qualification_id, []).append(link.modulepage)
    return found


class PlanRefresherForm(forms.Form):
    qualification = forms.ModelChoiceField(queryset=Qualification.objects.all())
    region = forms.ModelChoiceField(queryset=Region.objects.all())
    module = forms.ModelChoiceField(queryset=ModulePage.objects.live())
    capacity = forms.IntegerField(min_value=1, max_value=500, required=False)


@private
def plan_refresher_view(request):
    """POST "Auffrischung planen": a planned offering of the refresher in the region, the
    renewal findings linked; then its edit form, as "Angebot planen" does."""
    if request.method != "POST":
        raise Http404
    if not (request.user.has_perm("courses.add_offering") and can_read_findings(request.user)):
        raise PermissionDenied
    form = PlanRefresherForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The refresher could not be planned."))
        return redirect("needs_analysis_renewals")
    qualification, region, module = (
        form.cleaned_data[k] for k in ("qualification", "region", "module")
    )
    allowed = access.dashboard_region_ids(request.user)
    if (
        not coordinates_module(request.user, module)
        or not projects.may_act_in(request.user, qualification.project_id)
        or (allowed is not projects.ALL and region.pk not in allowed)
        or not module.renews_qualifications.filter(pk=qualification.pk).exists()
    ):
        raise Http404
    prefill = {}
    if form.cleaned_data.get("capacity"):
        prefill["capacity"] = form.cleaned_data["capacity"]
    planned = plan_refresher(qualification, region, module, request.user, **prefill)
    if planned.created:
        messages.success(request, _("Refresher planned. Please complete date and venue."))
    elif planned.offering is not None:
        messages.info(request, _("A refresher is already planned for them; here it is."))
    else:
        messages.warning(
            request,
            _(
                "There is nothing open to plan for: the renewal demand is recorded daily "
                "(manage.py record_renewal_demand)."
            ),
        )
        return redirect("needs_analysis_renewals")
    return redirect("offerings:edit", planned.offering.pk)
