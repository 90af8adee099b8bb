"""The person's qualifications on "Meine Fortbildungen": each one they have started, with
what is done, what is missing and where the missing modules are offered next.

Registered as ``register_my_trainings_section`` in ``courses/wagtail_hooks.py``. A fixed
number of queries however many qualifications and modules: the qualifications, their modules,
the person's attended modules and certificates (``services.qualifications.progresses``), the
next offerings of every missing module in the person's region, and the page translations.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from courses.catalog import upcoming_offerings
from courses.services.qualifications import live_qualifications, progresses


def next_offerings(module_keys, region) -> dict:
    """translation key → the next bookable offering of that module serving ``region`` (any
    region when the person named none). One query."""
    offerings = upcoming_offerings().filter(module__translation_key__in=module_keys)
    if region is not None:
        offerings = offerings.serving(region)
    found = {}
    for offering in offerings.select_related("module", "region").order_by("first_date", "pk"):
        found.setdefault(offering.module.translation_key, offering)
    return found


def _localized(pages, request) -> dict:
    """translation key → the live page in the active language (else the page itself)."""
    from wagtail.models import Page

    keys = {page.translation_key for page in pages}
    language = get_language()
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language)
        .only("title", "url_path", "translation_key", "locale")
    }
    return {page.translation_key: translated.get(page.translation_key, page) for page in pages}


def section(request) -> dict | None:
    """The section "Qualifications", or None if the person has started none."""
    user = request.user
    started = [p for p in progresses(user, live_qualifications()) if p.started]
    if not started:
        return None
    missing_keys = {m.translation_key for p in started if not p.certificate for m in p.missing}
    offerings = next_offerings(missing_keys, user.region) if missing_keys else {}
    pages = [p.qualification for p in started]
    pages += [m for p in started for r in p.requirements for m in r.modules]
    localized = _localized(pages, request)
    for progress in started:
        progress.page = localized[progress.qualification.translation_key]
        progress.rows = []
        for requirement in progress.requirements:
            done = {a.module.translation_key: a for a in requirement.done}
            for module in requirement.modules:
                key = module.translation_key
                progress.rows.append(
                    {
                        "requirement": requirement,
                        "module": localized[key],
                        "done": done.get(key),
                        "needed": requirement.missing_count > 0 and key not in done,
                        "offering": offerings.get(key),
                    }
                )
    return {
        "id": "my-qualifications",
        "title": _("Qualifications"),
        "template": "courses/includes/my_qualifications.html",
        "context": {"progresses": started},
    }
