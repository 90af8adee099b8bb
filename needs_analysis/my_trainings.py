"""The person's interests and requests on "Meine Fortbildungen".

Registered as ``register_my_trainings_section`` in ``needs_analysis/wagtail_hooks.py``
(``courses`` does not import this app). Each section runs a fixed number of queries, however
many rows the person has: the rows (with module and region joined) and one query for the
modules in the active language. The request mails (``needs_analysis.notifications``) link
to the section ``#my-requests``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from needs_analysis.models import ConsultationRequest, InHouseRequest, Interest

#: Interests the person still sees: waiting, or told about a date (until retention drops it).
SHOWN_INTERESTS = (Interest.Status.ACTIVE, Interest.Status.NOTIFIED)


def _localized_modules(modules, request) -> dict:
    """translation_key -> the module in the active language (else the module itself), with
    its URL for ``request``; one query for the translations."""
    from django.utils.translation import get_language

    from courses.models import ModulePage

    keys = {module.translation_key for module in modules}
    try:  # memoised per request (``portal.locale_cache``)
        locale = Locale.objects.get_for_language(get_language())
    except Locale.DoesNotExist:
        locale = None
    translated = {}
    if keys and locale:
        pages = ModulePage.objects.live().filter(translation_key__in=keys, locale=locale)
        # Title and URL only: not the StreamField bodies.
        translated = {page.translation_key: page for page in pages.defer_streamfields()}
    found = {}
    for module in modules:
        page = translated.get(module.translation_key, module)
        page.my_url = page.get_url(request) or ""
        found[module.translation_key] = page
    return found


def interests_section(request) -> dict | None:
    """ "Interests": module, region, status, and a withdraw button for a waiting interest."""
    interests = list(
        Interest.objects.filter(user=request.user, status__in=SHOWN_INTERESTS)
        .select_related("module", "region")
        .order_by("-created_at", "-pk")
    )
    if not interests:
        return None
    modules = _localized_modules([interest.module for interest in interests], request)
    for interest in interests:
        interest.module_page = modules[interest.module.translation_key]
        interest.can_withdraw = interest.status == Interest.Status.ACTIVE
    return {
        "id": "my-interests",
        "title": _("Your interests"),
        "template": "needs_analysis/includes/my_interests.html",
        "context": {"interests": interests},
    }


def requests_section(request) -> dict | None:
    """ "Your requests": kind, date and status of consultation and in-house requests; a
    consultation request links to its page (``/mein-bereich/fachberatung/<pk>/``: the thread
    with the coordination, reply, close)."""
    consultations = list(
        ConsultationRequest.objects.filter(user=request.user).order_by("-created_at", "-pk")
    )
    in_house = list(
        InHouseRequest.objects.filter(user=request.user)
        .select_related("module")
        .order_by("-created_at", "-pk")
    )
    if not consultations and not in_house:
        return None
    modules = _localized_modules([r.module for r in in_house], request) if in_house else {}
    rows = [
        {
            "kind": _("Consultation request"),
            "number": r.pk,
            "url": reverse("needs_analysis:my_consultation", args=[r.pk]),
            "date": r.created_at,
            "status": r.get_status_display(),
            # The coordination has written and it is the person's turn to read (or reply).
            "answered": r.status == ConsultationRequest.Status.ANSWERED,
        }
        for r in consultations
    ] + [
        {
            "kind": _("In-house training request"),
            "module": modules[r.module.translation_key],
            "date": r.created_at,
            "status": r.get_status_display(),
        }
        for r in in_house
    ]
    rows.sort(key=lambda row: row["date"], reverse=True)
    return {
        "id": "my-requests",
        "title": _("Your requests"),
        "template": "needs_analysis/includes/my_requests.html",
        "context": {"requests": rows},
    }
