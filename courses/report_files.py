"""The funders' report as files: XLSX (a sheet of details, then one sheet per table, through
``portal.spreadsheets``) and PDF ("Anlage zum Sachbericht", through ``portal.pdf``); and the
funders' logos as data: URLs for PDFs (the report and the sign-in sheet).
"""

from __future__ import annotations

import base64
import logging
import mimetypes

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.report_tables import tables
from courses.reports import FundingReport
from portal import spreadsheets
from portal.pdf import render_pdf

logger = logging.getLogger(__name__)

LOGO_SPEC = "max-360x140"


def details(report: FundingReport, generated=None) -> list[tuple[str, str]]:
    """The head of the report: what it covers, for whom, and when it was made."""
    generated = generated or timezone.localtime()
    lines = [(_("Funder"), report.funder.name if report.funder else _("all funders"))]
    programmes = [
        f"{line.programme} ({line.reference})" if line.reference else line.programme
        for line in report.fundings
        if line.programme
    ]
    lines.append((_("Programme and funding reference"), "; ".join(programmes) or "–"))
    period = _("%(start)s to %(end)s") % {
        "start": date_format(report.start, "SHORT_DATE_FORMAT"),
        "end": date_format(report.end, "SHORT_DATE_FORMAT"),
    }
    lines.append((_("Period"), period))
    region = report.region.label if report.region else _("all regions")
    lines.append((_("Region"), region))
    lines.append((_("Generated on"), date_format(generated, "SHORT_DATETIME_FORMAT")))
    return lines


def xlsx(report: FundingReport, generated=None) -> bytes:
    sheets = [
        (
            _("Details"),
            [_("Item"), _("Value")],
            [list(line) for line in details(report, generated)],
        )
    ]
    for table in tables(report):
        rows = [list(row) for row in table.rows]
        if table.note:
            rows += [[], [table.note]]
        sheets.append((table.caption, table.header, rows))
    return spreadsheets.to_xlsx_sheets(sheets)


def filename(report: FundingReport) -> str:
    """Without extension, for example ``foerderbericht-2025-12-01-2026-11-30-demokratie``."""
    parts = [_("funders-report"), report.start.isoformat(), report.end.isoformat()]
    if report.funder:
        parts.append(slugify(report.funder.short_name or report.funder.name)[:30])
    return "-".join(slugify(part) for part in parts if part)


def pdf(report: FundingReport, request=None, generated=None) -> bytes:
    return render_pdf(
        "courses/pdf/funding_report.html",
        {
            "report": report,
            "details": details(report, generated),
            "tables": tables(report),
            "logos": funder_logos([report.funder] if report.funder else []),
        },
        request=request,
    )


def image_data_url(image, spec: str = LOGO_SPEC) -> str:
    """A rendition of a Wagtail image as a data: URL (PDFs fetch nothing), "" if it cannot be
    made (a missing file, an unsupported format)."""
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            content = handle.read()
    except Exception:  # a broken logo must not break the PDF
        logger.warning("No rendition of image %s for a PDF", image.pk, exc_info=True)
        return ""
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def funder_logos(funders) -> list[dict]:
    """``[{"name", "url"}]`` for the funders that have a logo, each once."""
    seen, result = set(), []
    for funder in funders:
        if funder is None or funder.pk in seen or not funder.logo_id:
            continue
        seen.add(funder.pk)
        url = image_data_url(funder.logo)
        if url:
            result.append({"name": funder.name, "url": url})
    return result


def effective_fundings(offering) -> list:
    """The funding rows that apply to ``offering``: its own, or else its module's (two
    queries at most), with each funder and its logo."""
    from courses.models import ModuleFunding, OfferingFunding

    related = ("funder", "funder__logo")
    own = list(OfferingFunding.objects.filter(offering=offering).select_related(*related))
    if own:
        return own
    return list(ModuleFunding.objects.filter(page_id=offering.module_id).select_related(*related))


def funding_context(offering) -> dict:
    """What the sign-in sheet shows of the funding: the logos and "funder: programme
    (reference)" for every funding row of the offering."""
    rows = effective_fundings(offering)
    return {"fundings": rows, "funder_logos": funder_logos(row.funder for row in rows)}
