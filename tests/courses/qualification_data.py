"""Qualifications for the tests: modules, requirements and attended offerings at given dates."""

import datetime
import itertools
import json
import uuid

from django.utils import timezone

from courses.models import Enrollment, Qualification
from tests.courses.factories import (
    EnrollmentFactory,
    ModulePageFactory,
    OfferingFactory,
    default_catalog,
)
from tests.courses.past_offerings import FOUR, NINE, attend_all

SLUGS = itertools.count(1)


def requirements(*groups) -> str:
    """``requirements(m1, (2, [m2, m3, m4]))``: m1 required, two of m2–m4."""
    blocks = []
    for group in groups:
        if isinstance(group, tuple):
            count, modules = group
            blocks.append(
                {
                    "type": "choice",
                    "value": {
                        "title": "Vertiefung",
                        "count": count,
                        "modules": [
                            {"type": "item", "value": m.pk, "id": str(uuid.uuid4())}
                            for m in modules
                        ],
                    },
                }
            )
        else:
            blocks.append({"type": "module", "value": {"module": group.pk}})
    return json.dumps(blocks)


def qualification(*groups, **fields) -> Qualification:
    fields.setdefault("title", "Fachkraft für Radikalisierungsprävention")
    page = Qualification(requirements=requirements(*groups), **fields)
    default_catalog().add_child(instance=page)
    return page


def modules(count, **fields):
    """``count`` modules titled "Modul 1", "Modul 2", … (slugs unique across calls)."""
    return [
        ModulePageFactory(
            title=f"Modul {i + 1}", slug=f"modul-{next(SLUGS)}", teaching_units=8, **fields
        )
        for i in range(count)
    ]


def attend(user, module, days_ago=1) -> Enrollment:
    """``user`` attended an offering of ``module`` that ended ``days_ago`` days ago."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    offering = OfferingFactory(module=module, sessions=[(day, NINE, FOUR)])
    enrollment = EnrollmentFactory(offering=offering, user=user)
    attend_all(offering)
    return enrollment
