"""The one spreadsheet writer: every CSV and XLSX download of the platform goes through here.

CSV is written the way German Excel opens it by double-click: UTF-8 with a byte-order mark,
``;`` between fields, CRLF line ends, dates as ``TT.MM.JJJJ HH:MM``, decimals with a comma
(``3,5``; a point would be read as a date or a thousands separator). XLSX gets a bold header,
a filter and a frozen first row. In both, a cell that starts with ``= + - @``, a tab or a
carriage return is neutralised, so nothing a person typed runs as a formula ("CSV injection").
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
CSV_DATE_FORMAT = "%d.%m.%Y"
XLSX_DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
XLSX_DATE_FORMAT = "DD.MM.YYYY"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value: str) -> str:
    """``value`` such that no spreadsheet program reads it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(CSV_DATE_FORMAT)
    if isinstance(value, float | decimal.Decimal):
        return str(value).replace(".", ",")
    return neutralise(str(value))


def to_csv(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(str(title)) for title in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def sheet_title(title: str) -> str:
    # Excel allows at most 31 characters and none of []:*?/\ in a sheet name.
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Sheet"


def _xlsx_value(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    # Strings become string cells (see ``to_xlsx``): Excel never evaluates those, so they keep
    # what the person typed, leading "=" included.
    if value is not None and not isinstance(value, str | int | float | datetime.date):
        value = str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def to_xlsx(header: Sequence, rows: Iterable[Sequence], title: str = "") -> bytes:
    return to_xlsx_sheets([(title, header, rows)])


def to_xlsx_sheets(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """One workbook with a sheet per ``(title, header, rows)``, each written as ``to_xlsx``
    writes its one sheet."""
    workbook = Workbook()
    for index, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = sheet_title(title)
        _fill_sheet(sheet, header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_sheet(sheet, header: Sequence, rows: Iterable[Sequence]) -> None:
    titles = [str(value) for value in header]
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(value) for value in titles]
    for row_number, row in enumerate(rows, start=2):
        for column, raw in enumerate(row, start=1):
            value = _xlsx_value(raw)
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the person typed
            elif isinstance(value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = XLSX_DATE_FORMAT
            shown = 16 if isinstance(value, datetime.date) else len(str(value or ""))
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], min(shown, 60))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def render(header: Sequence, rows: Iterable[Sequence], file_format: str, title: str = "") -> bytes:
    if file_format == "xlsx":
        return to_xlsx(header, rows, title)
    if file_format == "csv":
        return to_csv(header, rows)
    raise ValueError(f"Unknown spreadsheet format: {file_format!r}")


def download(content: bytes, file_format: str, filename: str) -> HttpResponse:
    """``content`` (from ``render``, ``to_csv`` or ``to_xlsx``) as a download; ``filename``
    without extension."""
    result = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    result["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return result


def response(
    header: Sequence, rows: Iterable[Sequence], file_format: str, filename: str, title: str = ""
) -> HttpResponse:
    """A download of the table; ``filename`` without extension."""
    return download(render(header, rows, file_format, title), file_format, filename)
