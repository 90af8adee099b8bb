"""The demo materials (``materials.yaml``): real-looking PDFs, rendered at seed time.

Each entry becomes a PDF (WeasyPrint, ``portal.pdf.render_pdf`` with
``templates/courses/pdf/demo_<template>.html``), stored as a Wagtail document in the collection
its ``access`` names and listed on its module through ``courses.services.materials``, the way
the upload form in the admin does it. A document is looked up by its title in its collection
first, so a second run renders and creates nothing.
"""

from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Collection

from courses.models import PARTICIPANT_COLLECTION, PUBLIC_COLLECTION
from courses.services.materials import add_material, link_document
from portal.demo.data import load
from portal.pdf import render_pdf

ACCESS = {"public": PUBLIC_COLLECTION, "participants": PARTICIPANT_COLLECTION}


def material_specs() -> list[dict]:
    return load(__file__, "materials.yaml")["materials"]


def seed_materials(modules: dict, log) -> None:
    """Every material of ``materials.yaml`` on its module (German page), once."""
    Document = get_document_model()
    collections = {access: Collection.objects.get(name=name) for access, name in ACCESS.items()}
    for spec in material_specs():
        module = modules[spec["module"]]
        public = spec["access"] == "public"
        existing = Document.objects.filter(
            title=spec["title"], collection=collections[spec["access"]]
        ).first()
        if existing is not None:
            link_document(module, existing, public=public)
            continue
        with translation.override("de"):
            content = render_pdf(
                f"courses/pdf/demo_{spec['template']}.html", {"material": spec, "module": module}
            )
        add_material(
            module,
            file=ContentFile(content, name=spec["file"]),
            title=spec["title"],
            public=public,
            notify=False,
        )
        log(f"Material: {spec['title']}")
