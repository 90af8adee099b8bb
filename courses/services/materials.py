"""Participant materials per module. Who may see them is decided in ``courses.access``."""

from __future__ import annotations

from courses.models import ParticipantMaterial


def participant_materials_by_module_key(user, module_keys) -> dict:
    """``{translation_key: [ParticipantMaterial, ...]}`` for the modules in ``module_keys``
    (one query). The caller has checked that ``user`` may see them."""
    materials = (
        ParticipantMaterial.objects.filter(page__translation_key__in=module_keys, page__live=True)
        .select_related("document", "page")
        .order_by("page__translation_key", "page__locale_id", "sort_order")
    )
    result: dict = {}
    seen: dict = {}
    for material in materials:
        key = material.page.translation_key
        # One language version per module: the first locale that has materials.
        first_page = seen.setdefault(key, material.page_id)
        if first_page == material.page_id:
            result.setdefault(key, []).append(material)
    return result
