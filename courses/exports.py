"""The participant list of an offering as a table: CSV for German Excel, and XLSX.

Row building is pure (enrolments in, rows out); the admin view only fetches the enrolments with
``participant_enrollments`` and returns the file. The file itself is written by
``portal.spreadsheets``, the platform's one CSV/XLSX writer. Order: confirmed participants (in
the order they got their seat), then the waiting list (FIFO, numbered), then open requests.
Cancelled and declined enrolments are not part of the list.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.models import Enrollment
from portal import spreadsheets

Status = Enrollment.Status

# The order of the groups in the list.
GROUPS = (Status.CONFIRMED, Status.WAITLISTED, Status.REQUESTED)


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


def render(offering, table_rows: list[list], export_format: str) -> bytes:
    """The file in ``export_format`` (``csv`` or ``xlsx``), written by ``portal.spreadsheets``
    (BOM and ";" for German Excel, the formula guard), the sheet named after the module."""
    title = offering.module.localized.title  # in the reader's language, if translated
    return spreadsheets.render(
        header(), table_rows, export_format, title=title or _("Participants")
    )


def filename(offering) -> str:
    """Without extension, for example ``teilnehmende-12-rechtsextremismus-erkennen-2026-05-04``."""
    first = offering.first_session
    parts = [_("participants"), str(offering.pk), slugify(offering.module.localized.title)[:50]]
    if first:
        parts.append(first.date.isoformat())
    return "-".join(slugify(part) for part in parts if part)
