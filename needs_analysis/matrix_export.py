"""The demand matrix of the dashboard as a CSV or XLSX download, with the dashboard's numbers.

One row per region and topic, in the dashboard's order and with its filters (period, field of
work, phase, state): demand in people and gap rounded to one decimal and seats as on the
screen, coverage as a whole percentage (not capped: a spreadsheet can sort by it), the number
of findings and the level as a word. Written by ``portal.spreadsheets`` (BOM, ``;``, formula
guard), like every download of the platform. Aggregates only: no finding's text.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from needs_analysis.demand import Matrix
from portal import spreadsheets

FORMATS = ("csv", "xlsx")


def header() -> list[str]:
    return [
        gettext("Region"),
        gettext("Part of"),
        gettext("Topic"),
        gettext("Demand (people)"),
        gettext("Seats"),
        gettext("Gap (people)"),
        gettext("Coverage (%)"),
        gettext("Findings"),
        gettext("Assessment"),
    ]


def rows(grid: Matrix):
    for region, _depth, cells in grid.rows():
        parent = region.parent.label if region.parent_id else ""
        for topic, cell in cells:
            yield [
                region.label,
                parent,
                topic.label,
                round(cell.demand, 1),
                round(cell.supply),
                round(cell.gap, 1),
                cell.coverage_percent,
                cell.findings,
                str(cell.label),
            ]


def download(grid: Matrix, file_format: str) -> HttpResponse:
    """The matrix as ``bedarfsmatrix-<date>.<format>``."""
    content = spreadsheets.render(
        header(), rows(grid), file_format, title=gettext("Demand and seats")
    )
    return spreadsheets.download(
        content, file_format, f"bedarfsmatrix-{timezone.localdate().isoformat()}"
    )
