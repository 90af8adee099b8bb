"""A person's trainings ("Meine Fortbildungen"), sorted into what they are waiting for."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale

from courses.models import Enrollment, ModulePage, Session

Status = Enrollment.Status


def my_trainings(user, now=None) -> dict[str, list[Enrollment]]:
    """Upcoming, waitlisted (with position), requested, past and cancelled enrolments."""
    now = now or timezone.now()
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .select_related("offering__module", "offering__region")
        .prefetch_related(
            Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "start_time"))
        )
        .order_by("-requested_at")
    )
    groups: dict[str, list[Enrollment]] = {
        "upcoming": [],
        "waitlisted": [],
        "requested": [],
        "past": [],
        "cancelled": [],
    }
    for enrollment in enrollments:
        offering = enrollment.offering
        ends_at = offering.ends_at
        if enrollment.status in (Status.CANCELLED, Status.DECLINED) or offering.is_cancelled:
            groups["cancelled"].append(enrollment)
        elif ends_at and ends_at < now:
            groups["past"].append(enrollment)
        elif enrollment.status == Status.CONFIRMED:
            groups["upcoming"].append(enrollment)
        elif enrollment.status == Status.WAITLISTED:
            groups["waitlisted"].append(enrollment)
        else:
            groups["requested"].append(enrollment)
    groups["upcoming"].sort(key=lambda e: e.offering.starts_at or now)
    _attach_module_pages(enrollments)
    _attach_waitlist_positions(groups["waitlisted"])
    return groups


def _attach_module_pages(enrollments) -> None:
    """The module page in the active language for each enrolment (one query for all)."""
    locale = Locale.objects.filter(language_code=get_language()).first()
    keys = {e.offering.module.translation_key for e in enrollments}
    translated = {}
    if locale and keys:
        translated = {
            page.translation_key: page
            for page in ModulePage.objects.live().filter(translation_key__in=keys, locale=locale)
        }
    for enrollment in enrollments:
        module = enrollment.offering.module
        enrollment.module_page = translated.get(module.translation_key, module)


def _attach_waitlist_positions(waitlisted) -> None:
    """Each waitlisted enrolment's place in its queue (one query for all)."""
    if not waitlisted:
        return
    queue_rows = Enrollment.objects.waitlist().filter(
        offering_id__in={e.offering_id for e in waitlisted}
    )
    positions, counters = {}, {}
    for pk, offering_id in queue_rows.values_list("pk", "offering_id"):
        counters[offering_id] = counters.get(offering_id, 0) + 1
        positions[pk] = counters[offering_id]
    for enrollment in waitlisted:
        enrollment.position = positions.get(enrollment.pk)
