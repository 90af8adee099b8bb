"""The person's workshop-talk registrations on "Meine Fortbildungen".

Registered as ``register_my_trainings_section`` in ``workshops/wagtail_hooks.py`` (``courses``
does not import this app). Two queries, however many registrations: the registrations with
their talks and regions, and the published listing page the talks' links hang off.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop, WorkshopIndexPage, WorkshopRegistration


def upcoming_registrations(user, now=None):
    """The person's active registrations for talks that have not ended, soonest first
    (talks cancelled by the coordination included, so the person sees it)."""
    return (
        WorkshopRegistration.objects.filter(
            user=user,
            status=WorkshopRegistration.Status.REGISTERED,
            workshop__ends_at__gte=now or timezone.now(),
        )
        .exclude(workshop__status__in=[Workshop.Status.HELD, Workshop.Status.DOCUMENTED])
        .select_related("workshop__region")
        .order_by("workshop__starts_at", "pk")
    )


def _listing():
    """The published listing in the active language, else any (one query)."""
    pages = list(WorkshopIndexPage.objects.live().select_related("locale"))
    language = get_language() or ""
    return next((p for p in pages if p.locale.language_code == language), None) or next(
        iter(pages), None
    )


def section(request) -> dict | None:
    """The section "Workshop talks", or None if the person has no upcoming registration."""
    registrations = list(upcoming_registrations(request.user))
    if not registrations:
        return None
    page = _listing()
    base = page.get_url(request) if page else None
    for registration in registrations:
        workshop = registration.workshop
        registration.workshop_url = (
            base + page.reverse_subpage("detail_route", args=[workshop.pk]) if base else ""
        )
        registration.can_cancel = (
            workshop.status == Workshop.Status.PLANNED and workshop.starts_at > timezone.now()
        )
    return {
        "id": "my-workshops",
        "title": _("Workshop talks"),
        "template": "workshops/includes/my_registrations.html",
        "context": {"registrations": registrations},
    }
