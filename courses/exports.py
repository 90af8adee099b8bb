"""The participant list of an offering as a table: CSV for German Excel, and XLSX.

Row building is pure (enrolments in, rows out); the admin view only fetches the enrolments with
``participant_enrollments`` and returns the file. Order: confirmed participants (in the order
they got their seat), then the waiting list (FIFO, numbered), then open requests. Cancelled and
declined enrolments are not part of the list.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from courses.models import Enrollment

Status = Enrollment.Status

# The order of the groups in the list.
GROUPS = (Status.CONFIRMED, Status.WAITLISTED, Status.REQUESTED)

CSV_DATETIME_FORMAT = "%d.%m.%Y %H:%M"  # what German Excel recognises as a date and time
XLSX_DATETIME_FORMAT = "DD.MM.YYYY HH:MM"

# Spreadsheet programs run a cell that starts with one of these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header() -> list[str]:
    """The column titles, in the active language."""
    return [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Field of work"),
        _("Region"),
        _("Position"),
        _("Status"),
        _("Waiting list position"),
        _("Requested"),
        _("Comment"),
    ]


def participant_enrollments(offering):
    """The active enrolments of ``offering`` with everything a row needs (one query)."""
    return (
        Enrollment.objects.active()
        .filter(offering=offering)
        .select_related("user__audience", "user__region")
    )


def _sort_key(enrollment: Enrollment):
    since = {
        Status.CONFIRMED: enrollment.confirmed_at,
        Status.WAITLISTED: enrollment.waitlisted_at,
    }.get(enrollment.status)
    # The same order as the participants view and the services (timestamp, then pk).
    return (GROUPS.index(enrollment.status), since or enrollment.requested_at, enrollment.pk)


def ordered(enrollments: Iterable[Enrollment]) -> list[Enrollment]:
    """Participants, then the waiting list in the order it is served, then requests."""
    return sorted((e for e in enrollments if e.status in GROUPS), key=_sort_key)


def rows(enrollments: Iterable[Enrollment]) -> list[list]:
    """One row per enrolment, in list order; values are Python values (``None`` when empty).

    The waiting list position is counted within the list (1 = next to move up); the time of
    the request is local time without time zone, as spreadsheets expect it.
    """
    result = []
    position = 0
    for enrollment in ordered(enrollments):
        user = enrollment.user
        if enrollment.status == Status.WAITLISTED:
            position += 1
        result.append(
            [
                (user.get_full_name() or user.email) if user else _("deleted account"),
                user.email if user else "",
                user.organisation if user else "",
                user.audience.label if user and user.audience_id else "",
                user.region.label if user and user.region_id else "",
                user.position if user else "",
                str(enrollment.get_status_display()),
                position if enrollment.status == Status.WAITLISTED else None,
                timezone.localtime(enrollment.requested_at).replace(tzinfo=None),
                enrollment.comment,
            ]
        )
    return result


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    value = str(value)
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return value


def to_csv(table_rows: Iterable[list]) -> bytes:
    """CSV as German Excel opens it by double-click: UTF-8 with BOM, ";" between fields."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header())
    for row in table_rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    # Excel allows at most 31 characters and none of []:*?/\ in a sheet name.
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"


def to_xlsx(table_rows: Iterable[list], title: str = "") -> bytes:
    """An Excel workbook with one sheet: bold header, filter, frozen first row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title or _("Participants"))
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(value)) for value in header()]
    for row_number, row in enumerate(table_rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the person typed
            elif isinstance(value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            shown = 16 if isinstance(value, datetime.datetime) else len(str(value or ""))
            widths[column - 1] = max(widths[column - 1], min(shown, 60))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(offering, extension: str) -> str:
    """For example ``teilnehmende-12-rechtsextremismus-erkennen-2026-05-04.csv``."""
    first = offering.first_session
    parts = [_("participants"), str(offering.pk), slugify(offering.module.title)[:50]]
    if first:
        parts.append(first.date.isoformat())
    return "-".join(slugify(part) for part in parts if part) + f".{extension}"
