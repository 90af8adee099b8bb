"""Admin views to record findings: a workshop's multi-row form, the sheet import, the triage of
evaluation answers. Coordinators only; every response is ``Cache-Control: private, no-store``.

The import never saves a partial sheet: it shows a preview with each row's errors, and only
when every row is valid can the coordinator save them, all in one transaction.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from needs_analysis import intake
from needs_analysis.admin_views import NeedsAdminView, can_review, private
from needs_analysis.forms import (
    NO_CLIENT_DATA_WARNING,
    FindingRowForm,
    FindingRowFormSet,
    ImportForm,
    TriageForm,
)
from needs_analysis.models import Kind, Phase, Urgency
from portal.models import Audience, Topic
from workshops.models import Workshop

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
SIGNING_SALT = "needs_analysis.workshop_import"


def can_record(user) -> bool:
    return can_review(user) and user.has_perm("needs_analysis.add_finding")


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


def _row(data) -> intake.FindingRow:
    """One validated row of the multi-row form or of an imported sheet."""
    return intake.FindingRow(
        topics=list(data["topics"]),
        audience=data.get("audience"),
        phase=data.get("phase") or "",
        kind=data["kind"],
        urgency=data["urgency"],
        staff_affected=data["staff_affected"],
        description=data.get("description") or "",
    )


def _rows_from_formset(formset) -> list[intake.FindingRow]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() or not form.cleaned_data:
            continue
        rows.append(_row(form.cleaned_data))
    return rows


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
                findings = intake.record_workshop_findings(self.workshop, rows, request.user)
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


# Import --------------------------------------------------------------------------------------

# (field, heading in the template, accepted headings)
COLUMNS = [
    ("topics", "Themen", {"themen", "thema", "themenfeld", "themenfelder", "topics", "topic"}),
    ("audience", "Arbeitsfeld", {"arbeitsfeld", "zielgruppe", "audience", "field of work"}),
    ("phase", "Phase", {"phase"}),
    ("kind", "Art", {"art", "art des bedarfs", "bedarf", "kind", "kind of need"}),
    ("urgency", "Dringlichkeit", {"dringlichkeit", "urgency"}),
    (
        "staff_affected",
        "Anzahl Fachkräfte",
        {"anzahl fachkräfte", "anzahl", "betroffene fachkräfte", "staff affected", "staff"},
    ),
    ("description", "Beschreibung", {"beschreibung", "description"}),
]
REQUIRED_COLUMNS = {"topics"}
EXAMPLE_ROW = [
    "Rechtsextremismus; Die Zeit nach der Haftentlassung",
    "Bewährungshilfe",
    "nach der Entlassung",
    "Handlungssicherheit",
    "hoch",
    "8",
    "Unsicherheit im Umgang mit rechtsextremen Äußerungen in Beratungsgesprächen.",
]


# German names accepted in sheets whatever state the message catalogue is in.
GERMAN_ALIASES = {
    "phase": {
        "in haft": Phase.CUSTODY,
        "haft": Phase.CUSTODY,
        "entlassungsvorbereitung": Phase.RELEASE_PREPARATION,
        "nach der entlassung": Phase.AFTER_RELEASE,
        "nach der haft": Phase.AFTER_RELEASE,
        "bewährung": Phase.PROBATION,
        "bewährung / ambulant": Phase.PROBATION,
        "ambulant": Phase.PROBATION,
        "prävention": Phase.PREVENTION,
    },
    "kind": {
        "wissen": Kind.KNOWLEDGE,
        "handlungssicherheit": Kind.CONFIDENCE,
        "fallberatung": Kind.CONSULTATION,
        "material": Kind.MATERIAL,
        "vernetzung": Kind.NETWORKING,
        "strukturelle hürde": Kind.STRUCTURAL,
        "strukturelle barriere": Kind.STRUCTURAL,
    },
    "urgency": {"niedrig": Urgency.LOW, "mittel": Urgency.MEDIUM, "hoch": Urgency.HIGH},
}


def _choice_lookup(choices, aliases=None) -> dict:
    """Accept the stored value and the label in German and English, in any case."""
    lookup = dict(aliases or {})
    for value, label in choices:
        lookup[str(value).lower()] = value
        for language in ("de", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def _term_lookup(model) -> dict:
    lookup = {}
    for term in model.objects.all():
        for key in (term.slug, term.name, term.name_en):
            if key:
                lookup[key.strip().lower()] = term.pk
    return lookup


class SheetError(Exception):
    pass


def read_sheet(upload) -> list[list[str]]:
    """The rows of an uploaded CSV or XLSX file as lists of strings (header included)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise SheetError(_("The file is larger than 2 MB."))
    name = (upload.name or "").lower()
    content = upload.read()
    if name.endswith(".xlsx"):
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for damaged files
            raise SheetError(_("The file could not be read as an XLSX sheet.")) from error
        sheet = book.worksheets[0]
        rows = [
            ["" if value is None else str(value).strip() for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        book.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
            dialect.delimiter = ";"
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise SheetError(_("Please upload a CSV or an XLSX file."))


def parse_rows(table: list[list[str]]) -> tuple[list[dict], list[str]]:
    """Form data per row ({"line", "values", "data", "errors"}) and errors of the sheet."""
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        return [], [_("The file is empty.")]
    header = [cell.strip().lower() for cell in table[0]]
    positions = {}
    for field, _heading, names in COLUMNS:
        for index, cell in enumerate(header):
            if cell in names:
                positions[field] = index
                break
    missing = [heading for field, heading, _names in COLUMNS if field in REQUIRED_COLUMNS]
    if not positions.keys() >= REQUIRED_COLUMNS:
        return [], [_("Missing column: %(columns)s.") % {"columns": ", ".join(missing)}]
    if len(table) - 1 > MAX_ROWS:
        return [], [_("At most %(count)s rows per file.") % {"count": MAX_ROWS}]

    topics, audiences = _term_lookup(Topic), _term_lookup(Audience)
    lookups = {
        "phase": _choice_lookup(Phase.choices, GERMAN_ALIASES["phase"]),
        "kind": _choice_lookup(Kind.choices, GERMAN_ALIASES["kind"]),
        "urgency": _choice_lookup(Urgency.choices, GERMAN_ALIASES["urgency"]),
    }
    rows = []
    for number, cells in enumerate(table[1:], start=2):

        def cell(field, cells=cells):
            index = positions.get(field)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        values = {field: cell(field) for field, _heading, _names in COLUMNS}
        errors = []
        data = {"description": values["description"]}
        topic_ids = []
        for name in filter(None, (p.strip() for p in _split(values["topics"]))):
            if name.lower() in topics:
                topic_ids.append(topics[name.lower()])
            else:
                errors.append(_("Unknown topic “%(name)s”.") % {"name": name})
        data["topics"] = topic_ids
        if values["audience"]:
            if values["audience"].lower() in audiences:
                data["audience"] = audiences[values["audience"].lower()]
            else:
                errors.append(
                    _("Unknown field of work “%(name)s”.") % {"name": values["audience"]}
                )
        for field, default in (("phase", ""), ("kind", Kind.KNOWLEDGE), ("urgency", "medium")):
            if not values[field]:
                data[field] = default
            elif values[field].lower() in lookups[field]:
                data[field] = lookups[field][values[field].lower()]
            else:
                data[field] = values[field]  # the form reports the invalid choice
        data["staff_affected"] = values["staff_affected"] or "1"
        form = FindingRowForm(data=data)
        if not form.is_valid():
            for field, field_errors in form.errors.items():
                if field == "topics" and errors:
                    continue  # already explained by the unknown names
                label = form.fields[field].label if field in form.fields else ""
                errors.extend(f"{label}: {error}" if label else error for error in field_errors)
        rows.append({"line": number, "values": values, "data": data, "errors": errors})
    return rows, []


def _split(text: str) -> list[str]:
    for separator in ("|", ";"):
        if separator in text:
            return text.split(separator)
    return text.split(",")


def _rows_from_data(datas: list[dict]) -> list[intake.FindingRow] | None:
    """Re-validate signed row data; None if any row is not valid (then nothing is saved)."""
    rows = []
    for data in datas:
        form = FindingRowForm(data=data)
        if not form.is_valid():
            return None
        rows.append(_row(form.cleaned_data))
    return rows


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
            columns=COLUMNS,
            example=EXAMPLE_ROW,
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
            table = read_sheet(form.cleaned_data["sheet"])
        except SheetError as error:
            form.add_error("sheet", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        rows, sheet_errors = parse_rows(table)
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
            context["payload"] = signing.dumps(
                [row["data"] for row in rows], salt=SIGNING_SALT, compress=True
            )
        return self.render_to_response(context)

    def confirm(self, request):
        try:
            datas = signing.loads(
                request.POST.get("payload", ""), salt=SIGNING_SALT, max_age=60 * 60 * 6
            )
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Please upload the file again."))
            return redirect("needs_analysis_workshop_import", self.workshop.pk)
        rows = _rows_from_data(datas)
        if not rows:
            messages.error(request, _("Nothing was saved. Please upload the file again."))
            return redirect("needs_analysis_workshop_import", self.workshop.pk)
        findings = intake.record_workshop_findings(self.workshop, rows, request.user)
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
    header = [heading for _field, heading, _names in COLUMNS]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerow(EXAMPLE_ROW)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="befunde-vorlage.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Befunde"
        sheet.append(header)
        sheet.append(EXAMPLE_ROW)
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="befunde-vorlage.xlsx"'
        return response
    raise Http404


# Triage of evaluation answers ---------------------------------------------------------------


def triage_available() -> bool:
    return intake.evaluation_model() is not None


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
        answers = list(intake.untriaged_evaluations()[: self.per_page])
        forms_by_pk = kwargs.get("forms_by_pk", {})
        items = []
        for answer in answers:
            form = forms_by_pk.get(answer.pk) or TriageForm(
                prefix=f"e{answer.pk}",
                initial={"description": answer.further_topics},
            )
            items.append({"answer": answer, "form": form})
        context.update(items=items, total=intake.untriaged_evaluations().count())
        return context

    def post(self, request, *args, **kwargs):
        pk = request.POST.get("evaluation", "")
        model = intake.evaluation_model()
        if not pk.isdigit():
            raise Http404
        answer = get_object_or_404(model.objects.select_related("offering"), pk=int(pk))
        form = TriageForm(request.POST, prefix=f"e{answer.pk}")
        if not form.is_valid():
            messages.error(request, _("Please check the marked entries."))
            return self.render_to_response(self.get_context_data(forms_by_pk={answer.pk: form}))
        data = form.cleaned_data
        if data["action"] == "dismiss":
            intake.dismiss_evaluation(answer, request.user)
            messages.success(request, _("The answer was dismissed."))
        else:
            finding = intake.triage_evaluation(
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
