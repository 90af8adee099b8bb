"""The modules of the demo catalogue (``modules.yaml``), German pages and English translations."""

import json
from decimal import Decimal

from wagtail.models import Locale

from courses.demo.images import demo_image
from courses.demo.people import TRAINER_EMAIL, account
from courses.models import ModuleFunding, ModulePage
from portal.demo.data import load
from portal.demo.projects import project_of_provider
from portal.models import Audience, Provider, Topic


def module_specs() -> dict[str, dict]:
    """The modules of ``modules.yaml`` by their key."""
    return {spec["key"]: spec for spec in load(__file__, "modules.yaml")["modules"]}


def seed_modules(catalog_de, log) -> dict[str, ModulePage]:
    en = Locale.objects.get_or_create(language_code="en")[0]
    catalog_en = catalog_de.get_translation_or_none(en)
    topics = {t.slug: t for t in Topic.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    providers = {p.short_name: p for p in Provider.objects.all()}
    trainer = account(TRAINER_EMAIL)

    modules = {}
    for key, spec in module_specs().items():
        page = ModulePage.objects.child_of(catalog_de).filter(slug=spec["slug"]).first()
        if page is None:
            page = ModulePage(
                slug=spec["slug"],
                locale=catalog_de.locale,
                provider=providers[spec["provider"]],
                project=project_of_provider(providers[spec["provider"]]),
                duration_hours=Decimal(str(spec["hours"])),
                duration_days=spec["duration_days"],
                teaching_units=spec["units"],
                default_capacity=spec["capacity"],
                default_format=spec["format"],
                image=demo_image(spec["image"]) if "image" in spec else None,
            )
            _set_content(page, spec, agenda_heading="Ablauf")
            page.topics.set([topics[slug] for slug in spec["topics"]])
            page.audiences.set([audiences[slug] for slug in spec["audiences"]])
            if spec["trainer"] and trainer is not None:
                page.trainers.set([trainer])
            page.fundings = _fundings(spec, providers)
            catalog_de.add_child(instance=page)
            page.save_revision().publish()
            log(f"Modul: {page.title}")
        elif spec.get("funding") and not page.fundings.exists():
            # Seeded before modules had funding: added in a new published revision, so that
            # publishing the page later keeps it.
            page.fundings = _fundings(spec, providers)
            page.save_revision().publish()
            log(f"Förderung: {page.title}")
        if "en" in spec and catalog_en is not None:
            _translate(page, catalog_en, spec["en"], log)
        for version in ModulePage.objects.filter(translation_key=page.translation_key):
            _assign_project(version, log)
        modules[key] = page
    return modules


def _fundings(spec, providers) -> list[ModuleFunding]:
    """The module's funding rows from ``spec["funding"]`` (funders by short name)."""
    return [
        ModuleFunding(
            funder=providers[row["funder"]],
            programme=row["programme"],
            reference=row.get("reference", ""),
            sort_order=order,
        )
        for order, row in enumerate(spec.get("funding", []))
    ]


def _assign_project(page, log):
    """A module seeded before there were projects joins the project of its provider, in a new
    published revision (so that publishing the page later keeps it)."""
    if page.project_id is not None:
        return
    page.project = project_of_provider(page.provider)
    if page.project is not None:
        page.save_revision().publish()
        log(f"Projekt {page.project.label}: {page.title}")


def _set_content(page, content, agenda_heading):
    page.title = content["title"]
    page.teaser = content["teaser"]
    page.search_description = content["teaser"]
    page.learning_objectives = "<ul>" + "".join(f"<li>{o}</li>" for o in content["objectives"])
    page.learning_objectives += "</ul>"
    page.prerequisites = content["prerequisites"]
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in content["body"]]
    agenda = {"heading": agenda_heading, "items": content["agenda"]}
    body.append({"type": "agenda", "value": agenda})
    page.body = json.dumps(body)


def _translate(page, catalog_en, content, log):
    """The English page: same translation key, so it shares the German page's offerings."""
    if page.get_translation_or_none(catalog_en.locale) is not None:
        return
    translation = ModulePage(
        slug=content["slug"],
        locale=catalog_en.locale,
        translation_key=page.translation_key,
        provider=page.provider,
        project=page.project,
        duration_hours=page.duration_hours,
        duration_days=page.duration_days,
        teaching_units=page.teaching_units,
        default_capacity=page.default_capacity,
        default_format=page.default_format,
        image=page.image,
    )
    _set_content(translation, content, agenda_heading="Schedule")
    translation.topics.set(page.topics.all())
    translation.audiences.set(page.audiences.all())
    translation.trainers.set(page.trainers.all())
    translation.fundings = [
        ModuleFunding(
            funder=row.funder,
            programme=row.programme,
            reference=row.reference,
            sort_order=row.sort_order,
        )
        for row in page.fundings.all()
    ]
    catalog_en.add_child(instance=translation)
    translation.save_revision().publish()
    log(f"  translated: {translation.title}")
