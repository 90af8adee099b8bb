"""The demo's qualifications and the attendance stories behind them (``qualifications.yaml``).

``seed_qualifications`` creates the pages (German and English) right after the modules, so
that every attendance the demo marks afterwards counts as it would for real people: the last
module of a qualification issues its certificate, a refresher renews it
(``courses.services.renewal``). ``seed_history`` then adds the past offerings of the stories
and marks their attendance through ``services.mark_attendance``. Both look up what they would
create first (pages by slug, offerings by the key in their notes): a second run adds nothing.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.utils import timezone
from wagtail.models import Locale

from courses import services
from courses.demo.modules import module_specs
from courses.demo.offerings import (
    NOTE_PREFIX,
    _attended,
    _online_access,
    _plan,
    _session_dates,
    demo_note,
)
from courses.demo.people import COORDINATOR_EMAIL, PROFESSIONAL_EMAIL, account
from courses.models import Enrollment, Offering, Qualification, Session
from portal.demo.data import load
from portal.models import Audience, Region


def _plan_file():
    return load(__file__, "qualifications.yaml")


def _requirements(spec, modules) -> str:
    blocks = []
    for entry in spec["requirements"]:
        if isinstance(entry, dict):
            value = {
                "title": entry.get("title", ""),
                "count": entry["count"],
                "modules": [
                    {"type": "item", "value": modules[key].pk, "id": str(uuid.uuid4())}
                    for key in entry["modules"]
                ],
            }
            blocks.append({"type": "choice", "value": value})
        else:
            blocks.append({"type": "module", "value": {"module": modules[entry].pk}})
    return json.dumps(blocks)


def seed_qualifications(catalog_de, modules, log) -> dict[str, Qualification]:
    """The qualification pages, and validity and renewal on their modules."""
    catalog_en = catalog_de.get_translation_or_none(Locale.objects.get(language_code="en"))
    audiences = {a.slug: a for a in Audience.objects.all()}
    found = {}
    for spec in _plan_file()["qualifications"]:
        page = Qualification.objects.child_of(catalog_de).filter(slug=spec["slug"]).first()
        if page is None:
            page = Qualification(
                slug=spec["slug"],
                title=spec["title"],
                teaser=spec["teaser"],
                description=f"<p>{spec['description']}</p>",
                locale=catalog_de.locale,
                project=modules[spec["project"]].project,
                requirements=_requirements(spec, modules),
                time_limit_months=spec.get("time_limit"),
                validity_months=spec.get("validity"),
                min_teaching_units=spec.get("min_units"),
            )
            page.audiences.set([audiences[slug] for slug in spec["audiences"]])
            catalog_de.add_child(instance=page)
            page.save_revision().publish()
            log(f"Qualifizierungsreihe: {page.title}")
        if catalog_en is not None and page.get_translation_or_none(catalog_en.locale) is None:
            _translate(page, catalog_en, spec["en"], log)
        for key in spec.get("refreshers", []):
            refresher = modules[key]
            if not refresher.renews_qualifications.filter(pk=page.pk).exists():
                refresher.renews_qualifications.add(page)
                refresher.save_revision().publish()
        found[spec["slug"]] = page
    return found


def _translate(page, catalog_en, content, log) -> None:
    translation = Qualification(
        slug=content["slug"],
        title=content["title"],
        teaser=content["teaser"],
        description=f"<p>{content['description']}</p>",
        locale=catalog_en.locale,
        translation_key=page.translation_key,
        project=page.project,
        requirements=json.dumps(list(page.requirements.raw_data)),
        time_limit_months=page.time_limit_months,
        validity_months=page.validity_months,
        min_teaching_units=page.min_teaching_units,
    )
    translation.audiences.set(page.audiences.all())
    catalog_en.add_child(instance=translation)
    translation.save_revision().publish()
    log(f"  translated: {translation.title}")


def _person(reference):
    if reference == "fachkraft":
        return account(PROFESSIONAL_EMAIL)
    return account(f"teilnehmende{int(reference):02d}@example.org")


def seed_history(modules, log) -> None:
    """The past offerings of the qualifications' stories, attended through the services."""
    plan, specs = _plan(), module_specs()
    today = timezone.localdate()
    regions = {r.slug: r for r in Region.objects.all()}
    existing = set(
        Offering.objects.filter(internal_notes__startswith=NOTE_PREFIX).values_list(
            "internal_notes", flat=True
        )
    )
    coordinator = account(COORDINATOR_EMAIL)
    marked = 0
    for spec in _plan_file()["history"]:
        if demo_note(spec["key"]) in existing:
            continue
        module = modules[spec["module"]]
        schedule = plan["schedules"][specs[spec["module"]]["schedule"]]
        last = today + datetime.timedelta(days=spec["days"])
        first = last - datetime.timedelta(days=max(offset for offset, _s, _e in schedule))
        offering = Offering(
            module=module,
            format=specs[spec["module"]]["format"],
            region=regions[spec["region"]],
            capacity=specs[spec["module"]]["capacity"],
            status=Offering.Status.COMPLETED,
            internal_notes=demo_note(spec["key"]),
            venue=plan["venues"].get(spec["region"], ""),
        )
        if offering.format != Offering.Format.IN_PERSON:
            offering.online_access = _online_access(spec["key"])
        offering.sessions = [
            Session(date=day, start_time=start, end_time=end)
            for day, start, end in _session_dates(first, schedule, today)
        ]
        offering.save()
        people = [p for p in (_person(ref) for ref in spec["people"]) if p is not None]
        _attended(offering, people, None, {})
        if spec.get("unmarked"):
            continue
        present = list(
            Enrollment.objects.confirmed().filter(offering=offering).values_list("pk", flat=True)
        )
        for session in offering.ordered_sessions:
            services.mark_attendance(offering, session, present, coordinator)
        services.issue_certificates(offering, coordinator)
        marked += 1
    if marked:
        log(f"Qualifizierungsreihen: {marked} vergangene Termine mit Anwesenheit")
