"""What "My trainings" shows besides the enrolments themselves (``courses.overview``): the
links between the pages of a group, and per enrolment its certificate, attendance, evaluation,
materials and the addresses of its buttons, each for all shown enrolments at once."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from courses import services
from courses.models import Certificate, Enrollment, Format

#: A key no enrolment or offering has, reversed in its place (``_url_for_pk``).
_SENTINEL = 2_147_483_647


def _url_for_pk(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for any ``pk`` from one reversal: a card has two or three
    buttons, and a page of cards reversed each of them (a tenth of the page's rendering)."""
    url = reverse(name, args=[_SENTINEL])
    before, after = url.rsplit(str(_SENTINEL), 1)
    return lambda pk: f"{before}{pk}{after}"


def page_links(request, pages) -> dict:
    """For each paged group: its page numbers (with "…" gaps) and their links, each keeping the
    other group's page."""
    links = {}
    for name, page in pages.items():
        if not page.has_other_pages():
            continue

        def href(number, name=name):
            query = request.GET.copy()
            query[name] = number
            return f"?{query.urlencode()}#{name}-heading"

        numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        links[name] = {
            "previous": href(page.previous_page_number()) if page.has_previous() else "",
            "next": href(page.next_page_number()) if page.has_next() else "",
            "numbers": [
                {
                    "number": n,
                    "href": href(n) if isinstance(n, int) else "",
                    "current": n == page.number,
                }
                for n in numbers
            ],
        }
    return links


def add_training_extras(user, trainings) -> bool:
    """Certificates, attendance, evaluation and participant materials for the enrolments shown
    on "My trainings" (a fixed number of queries). Returns whether the person has a valid
    certificate (any, also on another page)."""
    enrollments = trainings.shown
    # All the person's certificates in one query (a few dozen at most): those of the shown
    # enrolments, and whether any is valid.
    all_certificates = list(Certificate.objects.filter(enrollment__user=user))
    certificates = {c.enrollment_id: c for c in all_certificates}
    confirmed = [e for e in enrollments if e.status == Enrollment.Status.CONFIRMED]
    past = {e.pk for e in trainings.groups["past"]}
    attended = services.attended_ids([e for e in confirmed if e.pk in past])
    keys = {e.offering.module.translation_key for e in confirmed}
    materials = services.enrolment_materials_by_module_key(user, keys) if keys else {}
    names = ("cancel", "evaluate", "offering_ics", "transfer_survey")
    urls = {name: _url_for_pk(f"courses:{name}") for name in names}
    for enrollment in enrollments:
        enrollment.cancel_url = urls["cancel"](enrollment.pk)
        enrollment.evaluate_url = urls["evaluate"](enrollment.pk)
        enrollment.calendar_url = urls["offering_ics"](enrollment.offering_id)
        enrollment.my_certificate = certificates.get(enrollment.pk)
        enrollment.has_attended = enrollment.pk in attended
        # A professional exchange meeting: no certificate and no evaluation (by default).
        enrollment.is_exchange = enrollment.offering.format == Format.EXCHANGE
        enrollment.can_evaluate = (
            enrollment.pk in attended
            and not enrollment.evaluated
            and not enrollment.offering.is_cancelled
            and not enrollment.is_exchange
        )
        # The transfer survey, once it was sent (``courses.services.transfer``).
        enrollment.transfer_url = (
            urls["transfer_survey"](enrollment.pk)
            if enrollment.pk in attended
            and enrollment.transfer_survey_sent_at
            and not enrollment.transfer_answered
            and not enrollment.is_exchange
            else ""
        )
        enrollment.materials = (
            materials.get(enrollment.offering.module.translation_key, [])
            if enrollment.status == Enrollment.Status.CONFIRMED
            else []
        )
    return any(c.revoked_at is None for c in all_certificates)
