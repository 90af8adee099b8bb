"""Admin views to record findings: a workshop's multi-row form, the sheet import, the triage of
evaluation answers. Coordinators only; every response is ``Cache-Control: private, no-store``.

The import never saves a partial sheet: it shows a preview with each row's errors, and only
when every row is valid can the coordinator save them, all in one transaction.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.access import can_read_findings
from needs_analysis import importing
from needs_analysis.admin_views import NeedsAdminView, private
from needs_analysis.forms import (
    NO_CLIENT_DATA_WARNING,
    FindingRowFormSet,
    ImportForm,
    TriageForm,
)
from needs_analysis.models import Kind, Phase, Urgency
from needs_analysis.services import triage
from needs_analysis.services.intake import FindingRow, record_workshop_findings
from portal.models import Audience, Topic
from workshops.models import Workshop


def can_record(user) -> bool:
    return can_read_findings(user) and user.has_perm("needs_analysis.add_finding")


class RecordView(NeedsAdminView):
    """A view on the record of one workshop talk (URL argument ``pk``)."""

    def allowed(self, user) -> bool:
        return can_record(user)

    def dispatch(self, request, *args, **kwargs):
        self.workshop = get_object_or_404(
            Workshop.objects.select_related("region"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.workshop)


def _rows_from_formset(formset) -> list[FindingRow]:
    return [
        importing.row_from_data(form.cleaned_data)
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


# Multi-row form ------------------------------------------------------------------------------


class WorkshopFindingsView(RecordView):
    """Record several findings of one workshop talk at once (blank rows are skipped)."""

    template_name = "needs_analysis/admin/workshop_findings.html"
    header_icon = "clipboard-list"

    def get_page_title(self):
        return _("Record findings")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", FindingRowFormSet(prefix="rows"))
        context.update(
            workshop=self.workshop,
            warning=NO_CLIENT_DATA_WARNING,
            recorded=self.workshop.findings.select_related("audience")
            .prefetch_related("topics")
            .order_by("pk"),
            import_url=reverse("needs_analysis_workshop_import", args=[self.workshop.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        formset = FindingRowFormSet(request.POST, prefix="rows")
        if formset.is_valid():
            rows = _rows_from_formset(formset)
            if rows:
                findings = record_workshop_findings(self.workshop, rows, request.user)
                messages.success(
                    request,
                    _("%(count)s finding(s) recorded for this workshop talk.")
                    % {"count": len(findings)},
                )
                return redirect("needs_analysis_workshop_findings", self.workshop.pk)
            messages.error(request, _("Please fill in at least one row."))
        else:
            messages.error(request, _("Nothing was saved. Please correct the marked rows."))
        return self.render_to_response(self.get_context_data(formset=formset))


# Import (needs_analysis.importing) --------------------------------------------------------


class WorkshopImportView(RecordView):
    """Upload → preview with each row's errors → save all rows in one transaction."""

    template_name = "needs_analysis/admin/workshop_import.html"
    header_icon = "upload"

    def get_page_title(self):
        return _("Import findings")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context.update(
            workshop=self.workshop,
            columns=importing.COLUMNS,
            example=importing.EXAMPLE_ROW,
            phases=Phase.choices,
            kinds=Kind.choices,
            urgencies=Urgency.choices,
            topics=Topic.objects.all(),
            audiences=Audience.objects.all(),
            warning=NO_CLIENT_DATA_WARNING,
            template_csv=reverse("needs_analysis_import_template", args=["csv"]),
            template_xlsx=reverse("needs_analysis_import_template", args=["xlsx"]),
            back_url=reverse("needs_analysis_workshop_findings", args=[self.workshop.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            table = importing.read_sheet(form.cleaned_data["sheet"])
        except importing.SheetError as error:
            form.add_error("sheet", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        rows, sheet_errors = importing.parse_rows(table)
        for error in sheet_errors:
            form.add_error("sheet", error)
        if not sheet_errors and not rows:
            form.add_error("sheet", _("The file contains no rows."))
        valid = bool(rows) and not sheet_errors and not any(row["errors"] for row in rows)
        context = self.get_context_data(
            form=form,
            rows=rows,
            valid=valid,
            invalid_count=sum(1 for row in rows if row["errors"]),
        )
        if valid:
            context["payload"] = importing.sign_rows(rows)
        return self.render_to_response(context)

    def confirm(self, request):
        try:
            findings = importing.save_rows(
                self.workshop, request.POST.get("payload", ""), request.user
            )
        except importing.ExpiredPreview:
            messages.error(request, _("The preview has expired. Please upload the file again."))
            return redirect("needs_analysis_workshop_import", self.workshop.pk)
        if not findings:
            messages.error(request, _("Nothing was saved. Please upload the file again."))
            return redirect("needs_analysis_workshop_import", self.workshop.pk)
        messages.success(
            request,
            _("%(count)s finding(s) imported for this workshop talk.") % {"count": len(findings)},
        )
        return redirect("needs_analysis_workshop_findings", self.workshop.pk)


@private
def import_template(request, fmt):
    """An empty sheet with the expected columns and one example row."""
    if not can_record(request.user):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return importing.template_response(fmt)


# Triage of evaluation answers ---------------------------------------------------------------


def triage_available() -> bool:
    return triage.evaluation_model() is not None


class TriageView(NeedsAdminView):
    """Untriaged "further topics" answers of evaluations: turn one into a finding or dismiss."""

    template_name = "needs_analysis/admin/triage.html"
    page_title = gettext_lazy("Evaluation answers")
    header_icon = "comment"
    per_page = 30

    def allowed(self, user) -> bool:
        return can_record(user) and triage_available()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answers = list(triage.untriaged_evaluations()[: self.per_page])
        forms_by_pk = kwargs.get("forms_by_pk", {})
        items = []
        for answer in answers:
            form = forms_by_pk.get(answer.pk) or TriageForm(
                prefix=f"e{answer.pk}",
                initial={"description": answer.further_topics},
            )
            items.append({"answer": answer, "form": form})
        context.update(items=items, total=triage.untriaged_evaluations().count())
        return context

    def post(self, request, *args, **kwargs):
        pk = request.POST.get("evaluation", "")
        model = triage.evaluation_model()
        if not pk.isdigit():
            raise Http404
        answer = get_object_or_404(model.objects.select_related("offering"), pk=int(pk))
        form = TriageForm(request.POST, prefix=f"e{answer.pk}")
        if not form.is_valid():
            messages.error(request, _("Please check the marked entries."))
            return self.render_to_response(self.get_context_data(forms_by_pk={answer.pk: form}))
        data = form.cleaned_data
        if data["action"] == "dismiss":
            triage.dismiss_evaluation(answer, request.user)
            messages.success(request, _("The answer was dismissed."))
        else:
            finding = triage.triage_evaluation(
                answer,
                request.user,
                topics=list(data["topics"]),
                audience=data.get("audience"),
                kind=data["kind"],
                urgency=data["urgency"],
                staff_affected=data["staff_affected"],
                description=data.get("description") or "",
            )
            if finding is None:
                messages.info(request, _("This answer had already been triaged."))
            else:
                messages.success(
                    request, _("Finding #%(pk)s recorded from the answer.") % {"pk": finding.pk}
                )
        return redirect("needs_analysis_triage")
