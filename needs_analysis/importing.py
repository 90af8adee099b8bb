"""Sheet import of workshop findings (CSV or XLSX), in the pattern of pretix's
``base/services/modelimport.py``: parse → validate every row → preview each row's errors →
save all rows in one transaction, or nothing.

1. ``read_sheet(upload)``: the cells of the first sheet, as strings;
2. ``parse_rows(table)``: each row mapped onto the columns and validated by ``FindingRowForm``,
   with its errors (``{"line", "values", "data", "errors"}``), plus errors of the whole sheet;
3. the admin view shows the preview and signs the rows' data (``sign_rows``) only when every
   row is valid;
4. ``save_rows(workshop, payload, by)`` re-validates the signed data and records all rows through
   ``services.intake.record_workshop_findings`` in one transaction, or none.

``template_response(fmt)`` is the empty sheet with the expected columns (``portal.spreadsheets``).
"""

from __future__ import annotations

import csv
import io

from django.core import signing
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from needs_analysis.forms import FindingRowForm
from needs_analysis.models import Kind, Phase, Urgency
from needs_analysis.services.intake import FindingRow, record_workshop_findings
from portal import spreadsheets
from portal.models import Audience, Topic

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
SIGNING_SALT = "needs_analysis.workshop_import"
SIGNED_MAX_AGE = 60 * 60 * 6

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


def row_from_data(data) -> FindingRow:
    """One validated row (cleaned data of ``FindingRowForm``) as the intake service takes it."""
    return FindingRow(
        topics=list(data["topics"]),
        audience=data.get("audience"),
        phase=data.get("phase") or "",
        kind=data["kind"],
        urgency=data["urgency"],
        staff_affected=data["staff_affected"],
        description=data.get("description") or "",
    )


def rows_from_data(datas: list[dict]) -> list[FindingRow] | None:
    """Re-validate row data; None if any row is not valid (then nothing is saved)."""
    rows = []
    for data in datas:
        form = FindingRowForm(data=data)
        if not form.is_valid():
            return None
        rows.append(row_from_data(form.cleaned_data))
    return rows


def sign_rows(rows: list[dict]) -> str:
    """The previewed rows' data, signed, for the confirmation form."""
    return signing.dumps([row["data"] for row in rows], salt=SIGNING_SALT, compress=True)


class ExpiredPreview(Exception):
    pass


@transaction.atomic
def save_rows(workshop, payload: str, by):
    """Record every row of a confirmed preview, all in one transaction; None if a row is not
    valid any more (nothing saved). Raises ``ExpiredPreview`` for a bad or old signature."""
    try:
        datas = signing.loads(payload, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
    except signing.BadSignature as error:
        raise ExpiredPreview from error
    rows = rows_from_data(datas)
    if not rows:
        return None
    return record_workshop_findings(workshop, rows, by)


def template_response(fmt: str):
    """An empty sheet with the expected columns and one example row."""
    header = [heading for _field, heading, _names in COLUMNS]
    return spreadsheets.response(header, [EXAMPLE_ROW], fmt, "befunde-vorlage", title="Befunde")
