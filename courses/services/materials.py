"""Materials per module: adding one (document, collection, module link, mail) and reading them.

Who may add or see them is decided in ``courses.access``; the admin view
(``courses.admin_materials``) and the demo seeder both add through ``add_material``.
"""

from __future__ import annotations

import pathlib

from django.db import transaction
from django.db.models import Max, Q
from modelcluster.models import get_serializable_data_for_fields
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection

from courses.models import (
    PARTICIPANT_COLLECTION,
    PUBLIC_COLLECTION,
    ParticipantMaterial,
    PublicMaterial,
)

MATERIAL_ADDED = "courses.material.added"


def participant_materials_by_module_key(user, module_keys) -> dict:
    """``{translation_key: [ParticipantMaterial, ...]}`` for the modules in ``module_keys``
    (one query). The caller has checked that ``user`` may see them."""
    return _by_module_key(ParticipantMaterial, module_keys)


def public_materials_by_module_key(module_keys) -> dict:
    """``{translation_key: [PublicMaterial, ...]}`` for the modules in ``module_keys``
    (one query), for "My trainings"."""
    return _by_module_key(PublicMaterial, module_keys)


def _by_module_key(model, module_keys) -> dict:
    materials = (
        model.objects.filter(page__translation_key__in=module_keys, page__live=True)
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


def materials_of_module(model, module) -> list:
    """The ``model`` materials (public or participant) shown on ``module``'s page, in one query.

    Material is uploaded to one language version of a module, usually the German one, and a
    translation copies only what existed when it was made: so every language version shows the
    materials of all its live translations, its own first, each document once. Who may see
    participant material is decided by the caller (``courses.access``, by ``translation_key``,
    so the same for every translation).
    """
    materials = (
        model.objects.filter(page__translation_key=module.translation_key)
        .filter(Q(page_id=module.pk) | Q(page__live=True))
        .select_related("document")
        .order_by("page__locale_id", "sort_order")
    )
    ordered = sorted(materials, key=lambda material: material.page_id != module.pk)
    result, seen = [], set()
    for material in ordered:
        if material.document_id not in seen:
            seen.add(material.document_id)
            result.append(material)
    return result


@transaction.atomic
def add_material(module, *, file, title: str = "", public: bool, user=None, notify: bool = True):
    """Store ``file`` as a Wagtail document in the right collection and list it on ``module``.

    ``public`` puts it into "Öffentliches Material" (everybody), otherwise into
    "Teilnehmendenmaterial" (participants, trainers, coordination): the person uploading never
    chooses a collection. The material is listed on the live module at once (it is an
    attachment, not page text, so it does not wait for the review of the page) and is written
    into the page's latest revision too, so that publishing a draft later keeps it.

    With ``notify`` the confirmed participants of the module's offerings that have not ended
    get one mail about it after the commit (``courses.material_mail``).
    """
    collection = Collection.objects.get(
        name=PUBLIC_COLLECTION if public else PARTICIPANT_COLLECTION
    )
    name = pathlib.Path(getattr(file, "name", "") or "material").name
    document = get_document_model()(
        title=(title or "").strip() or pathlib.Path(name).stem,
        collection=collection,
        uploaded_by_user=user if user is not None and user.is_authenticated else None,
    )
    document.file.save(name, file, save=False)
    document._set_document_file_metadata()
    document.save()
    material = link_document(module, document, public=public)
    log(
        module,
        MATERIAL_ADDED,
        user=user,
        data={"document": document.pk, "title": document.title, "public": public},
    )
    if notify:
        from courses import material_mail

        material_mail.announce(module, [document])
    return material


def link_document(module, document, *, public: bool):
    """List ``document`` on ``module`` (last in its list), in the database and in the latest
    revision. Returns the existing entry if it is listed already."""
    model = PublicMaterial if public else ParticipantMaterial
    existing = model.objects.filter(page=module, document=document).first()
    if existing is not None:
        return existing
    last = model.objects.filter(page=module).aggregate(last=Max("sort_order"))["last"]
    material = model.objects.create(
        page=module, document=document, sort_order=0 if last is None else last + 1
    )
    _add_to_latest_revision(
        module, material, "public_materials" if public else "participant_materials"
    )
    return material


def _add_to_latest_revision(module, material, relation: str) -> None:
    """Wagtail publishes a page from its revision's content, child lists included: a material
    missing there would be deleted by the next publish."""
    from wagtail.models import Page, Revision

    revision_id = Page.objects.filter(pk=module.pk).values_list("latest_revision", flat=True)
    revision = Revision.objects.filter(pk__in=revision_id).first()
    if revision is None:
        return
    children = revision.content.setdefault(relation, [])
    if any(child.get("pk") == material.pk for child in children):
        return
    children.append(get_serializable_data_for_fields(material))
    revision.save(update_fields=["content"])


def enrolment_materials_by_module_key(user, module_keys) -> dict:
    """What "My trainings" lists for a confirmed enrolment: the module's participant materials,
    then its public ones (two queries for all modules). The caller has checked that ``user``
    is a confirmed participant of each module in ``module_keys``."""
    result = participant_materials_by_module_key(user, module_keys)
    for key, materials in public_materials_by_module_key(module_keys).items():
        result.setdefault(key, []).extend(materials)
    return result
