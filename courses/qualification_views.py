"""What a qualification's page shows: its rules, its modules with their next dates and, for a
signed-in person, how far they are (``Qualification.get_context`` renders it; models must not
import views, so it imports this module when it renders).

The number of queries does not grow with the modules: one for the module pages, one for their
next dates, one for the audiences, and the progress's own (a fixed number) for a signed-in
person.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from courses.catalog import next_dates
from courses.models import ModulePage, Qualification
from courses.services.qualifications import Achievement, Progress, qualification_progress
from courses.vocabulary import vocabulary


@dataclass
class ModuleRow:
    """One module of a requirement as the page lists it."""

    module: ModulePage
    url: str  # "" for a module that is not published
    next_date: datetime.date | None
    done: Achievement | None = None
    expiring: bool = False
    needed: bool = False  # not done, and its requirement is not met yet


@dataclass
class RequirementRow:
    """A required module (``is_choice`` False) or a choice "``count`` of these ``modules``"."""

    title: str
    count: int
    is_choice: bool
    modules: list[ModuleRow] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return min(sum(1 for row in self.modules if row.done), self.count)


def qualification_page_context(request, page: Qualification) -> dict:
    """The context of a qualification's page (see the module's docstring)."""
    user = request.user
    progress = qualification_progress(user, page) if user.is_authenticated else None
    requirements = _requirements(request, page, progress)
    terms = vocabulary()
    audience_ids = Qualification.audiences.through.objects.filter(qualification=page)
    audiences = set(audience_ids.values_list("audience_id", flat=True))
    context = {
        "required_modules": [
            row
            for requirement in requirements
            if not requirement.is_choice
            for row in requirement.modules
        ],
        "choices": [requirement for requirement in requirements if requirement.is_choice],
        "modules_needed": sum(requirement.count for requirement in requirements),
        "qualification_project": terms.get("project", page.project_id),
        "qualification_audiences": [a for a in terms.audiences if a.pk in audiences],
        "validity_years": _years(page.validity_months),
        "progress": progress,
    }
    if progress is not None:
        context.update(_progress_facts(requirements, progress))
    return context


def _requirements(request, page, progress: Progress | None) -> list[RequirementRow]:
    """The requirements in the order of the page, their module pages read at once."""
    groups = page.requirement_groups()
    modules = ModulePage.objects.filter(pk__in=page.module_ids()).only(
        "title", "slug", "url_path", "translation_key", "teaching_units", "live"
    )
    by_id = {module.pk: module for module in modules}
    dates = next_dates({module.translation_key for module in by_id.values()})
    done: dict = {}
    expiring: set = set()
    if progress is not None:
        expiring = {(a.module.pk, a.enrollment_id) for a in progress.expiring}
        # ``progress.requirements`` follows the same groups, in the same order.
        for index, requirement in enumerate(progress.requirements):
            for achievement in requirement.done:
                done[index, achievement.module.pk] = achievement
    requirements = []
    for index, (title, count, ids) in enumerate(groups):
        found = [by_id[pk] for pk in ids if pk in by_id]
        if not found:
            continue
        requirement = RequirementRow(title, count, is_choice=len(ids) > 1 or bool(title))
        for module in found:
            achievement = done.get((index, module.pk))
            requirement.modules.append(
                ModuleRow(
                    module=module,
                    url=module.get_url(request) if module.live else "",
                    next_date=dates.get(module.translation_key),
                    done=achievement,
                    expiring=achievement is not None
                    and (module.pk, achievement.enrollment_id) in expiring,
                )
            )
        if progress is not None and requirement.done_count < count:
            for row in requirement.modules:
                row.needed = row.done is None
        requirements.append(requirement)
    return requirements


def _progress_facts(requirements: list[RequirementRow], progress: Progress) -> dict:
    """How far a signed-in person is: modules done of those needed, the certificate's address."""
    certificate = progress.certificate
    certificate_url = ""
    if certificate is not None and not certificate.is_revoked:
        certificate_url = reverse("courses:certificate_pdf", args=[certificate.code])
    return {
        "modules_done": sum(requirement.done_count for requirement in requirements),
        "certificate_url": certificate_url,
        "certificate_expired": certificate is not None and certificate.is_expired(),
    }


def _years(months: int | None) -> int | None:
    """Whole years of a validity in months (36 → 3), else None (then months are named)."""
    if months and months % 12 == 0:
        return months // 12
    return None
