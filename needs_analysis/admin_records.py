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

from courses.access import can_read_findings, offerings_for, workshops_for
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
        if can_record(request.user) and not workshops_for(
            request.user, Workshop.objects.filter(pk=self.workshop.pk)
        ):
            raise Http404  # a workshop talk of another project
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


def share_choices(forms) -> None:
    """Load the vocabulary choices (topics, fields of work) of a list of like forms once: each
    form's select would otherwise query them again, a query per answer on the page."""
    if not forms:
        return
    for name, field in forms[0].fields.items():
        if hasattr(field, "queryset"):
            choices = list(field.choices)
            for form in forms:
                form.fields[name].widget.choices = choices


class TriageView(NeedsAdminView):
    """Untriaged "further topics" answers of evaluations and "still needed" answers of transfer
    surveys (R10): turn one into a finding (channel evaluation or transfer) or dismiss it."""

    template_name = "needs_analysis/admin/triage.html"
    page_title = gettext_lazy("Evaluation answers")
    header_icon = "comment"
    per_page = 30

    def allowed(self, user) -> bool:
        return can_record(user) and triage_available()

    def scoped(self, answers):
        """The answers about offerings of the person's projects (``offerings_for``)."""
        return answers.filter(offering__in=offerings_for(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        untriaged = self.scoped(triage.untriaged_evaluations())
        answers = list(untriaged[: self.per_page])
        forms_by_pk = kwargs.get("forms_by_pk", {})
        items = []
        for answer in answers:
            form = forms_by_pk.get(answer.pk) or TriageForm(
                prefix=f"e{answer.pk}",
                initial={"description": answer.further_topics},
            )
            items.append({"answer": answer, "form": form})
        share_choices([item["form"] for item in items])
        context.update(items=items, total=untriaged.count())
        context.update(self.transfer_context(kwargs.get("transfer_forms_by_pk", {})))
        return context

    def transfer_context(self, forms_by_pk) -> dict:
        """The transfer answers' part of the list (empty without ``courses.TransferAnswer``)."""
        untriaged = triage.untriaged_transfer_answers()
        if untriaged is None:
            return {"transfer_items": [], "transfer_total": 0}
        untriaged = self.scoped(untriaged)
        items = []
        for answer in untriaged[: self.per_page]:
            form = forms_by_pk.get(answer.pk) or TriageForm(
                prefix=f"t{answer.pk}",
                initial={
                    "topics": [topic.pk for topic in answer.needed_topics.all()],
                    "description": triage.transfer_needs(answer),
                },
            )
            items.append({"answer": answer, "form": form})
        share_choices([item["form"] for item in items])
        return {"transfer_items": items, "transfer_total": untriaged.count()}

    # The two kinds of answers: the POST field naming one, its model, the form prefix, the
    # context key of a form with errors, and the services that triage or dismiss it.
    KINDS = {
        "evaluation": (
            triage.evaluation_model,
            "e",
            "forms_by_pk",
            triage.triage_evaluation,
            triage.dismiss_evaluation,
        ),
        "transfer": (
            triage.transfer_model,
            "t",
            "transfer_forms_by_pk",
            triage.triage_transfer_answer,
            triage.dismiss_transfer_answer,
        ),
    }

    def post(self, request, *args, **kwargs):
        kind = "transfer" if "transfer" in request.POST else "evaluation"
        get_model, prefix, context_key, to_finding, dismiss = self.KINDS[kind]
        pk, model = request.POST.get(kind, ""), get_model()
        if model is None or not pk.isdigit():
            raise Http404
        answer = get_object_or_404(
            self.scoped(model.objects.select_related("offering")), pk=int(pk)
        )
        form = TriageForm(request.POST, prefix=f"{prefix}{answer.pk}")
        if not form.is_valid():
            messages.error(request, _("Please check the marked entries."))
            return self.render_to_response(
                self.get_context_data(**{context_key: {answer.pk: form}})
            )
        data = form.cleaned_data
        if data["action"] == "dismiss":
            dismiss(answer, request.user)
            messages.success(request, _("The answer was dismissed."))
            return redirect("needs_analysis_triage")
        finding = to_finding(
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
        finding = triage.triage_transfer_answer(
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
