"""Qualifications: which modules a person has that count, and the combined certificate.

A module counts when the person attended one of its offerings (``attendance.attended``, the
certificate rule), its certificate is neither revoked nor expired, and it lies inside the
qualification's time limit. Attendances from before the qualification existed count too.

The time limit ("within 24 months") is a window: a qualification is complete when some window
of that length holds enough modules of every requirement (and the minimum teaching units); it
was achieved on the last day of the first such window. While incomplete, the window is the one
ending today, so a person sees what still counts and what is about to drop out of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses.models import Certificate, Enrollment, ModulePage, Qualification
from courses.services.attendance import attended_ids
from courses.services.enrolment import EnrollmentError
from courses.validity import add_months, valid_until

# Modules and qualifications that run out within this many days are "expiring".
EXPIRING_DAYS = 90


@dataclass
class Achievement:
    """An attended module that counts (or would, inside the window)."""

    module: ModulePage
    enrollment_id: int
    achieved_on: datetime.date
    certificate: Certificate | None
    valid_until: datetime.date | None
    # The day it stops counting for this qualification: validity or the time limit.
    counts_until: datetime.date | None = None


@dataclass
class Requirement:
    title: str
    count: int
    modules: list[ModulePage]
    done: list[Achievement] = field(default_factory=list)

    @property
    def missing_count(self) -> int:
        return max(self.count - len(self.done), 0)

    @property
    def missing(self) -> list[ModulePage]:
        if not self.missing_count:
            return []
        done = {a.module.translation_key for a in self.done}
        return [m for m in self.modules if m.translation_key not in done]


@dataclass
class Progress:
    qualification: Qualification
    requirements: list[Requirement]
    done: list[Achievement]
    expiring: list[Achievement]
    teaching_units: int
    complete: bool
    completed_on: datetime.date | None = None
    certificate: Certificate | None = None

    @property
    def missing(self) -> list[ModulePage]:
        seen, missing = set(), []
        for requirement in self.requirements:
            for module in requirement.missing:
                if module.translation_key not in seen:
                    seen.add(module.translation_key)
                    missing.append(module)
        return missing

    @property
    def missing_count(self) -> int:
        """How many more modules are needed (a choice of "2 of 4" counts what it lacks)."""
        return sum(requirement.missing_count for requirement in self.requirements)

    @property
    def started(self) -> bool:
        return bool(self.done) or self.certificate is not None


def _requirement_modules(qualifications) -> dict:
    """Qualification pk → its requirements as (title, count, module pages), one query."""
    grouped = {q.pk: q.requirement_groups() for q in qualifications}
    ids = {pk for groups in grouped.values() for _title, _count, group in groups for pk in group}
    modules = ModulePage.objects.filter(pk__in=ids).only(
        "title", "slug", "url_path", "translation_key", "teaching_units", "validity_months"
    )
    by_id = {module.pk: module for module in modules}
    return {
        pk: [
            (title, count, [by_id[i] for i in group if i in by_id])
            for title, count, group in groups
        ]
        for pk, groups in grouped.items()
    }


def achievements(user, module_keys, today: datetime.date) -> dict:
    """The attended, unrevoked, unexpired modules of ``user`` among ``module_keys``:
    translation key → achievements, newest first. Four queries."""
    enrollments = list(
        Enrollment.objects.confirmed()
        .filter(user=user, offering__module__translation_key__in=module_keys)
        .annotate(last_day=Max("offering__sessions__date"))
        .select_related("offering__module")
    )
    counted_ids = attended_ids(enrollments)
    certificates = {
        c.enrollment_id: c for c in Certificate.objects.filter(enrollment_id__in=counted_ids)
    }
    result: dict = {}
    for enrollment in enrollments:
        if enrollment.pk not in counted_ids or enrollment.last_day is None:
            continue
        certificate = certificates.get(enrollment.pk)
        module = enrollment.offering.module
        if certificate is not None:
            if certificate.is_revoked:
                continue
            until = certificate.valid_until
        else:
            until = valid_until(enrollment.last_day, module.validity_months)
        if until is not None and until < today:
            continue
        result.setdefault(module.translation_key, []).append(
            Achievement(module, enrollment.pk, enrollment.last_day, certificate, until)
        )
    for found in result.values():
        found.sort(key=lambda a: a.achieved_on, reverse=True)
    return result


def _fill(groups, found, start, end) -> tuple[list[Requirement], list[Achievement], int]:
    """The requirements with the newest achievement per module between ``start`` and ``end``."""
    requirements, counted = [], {}
    for title, count, modules in groups:
        requirement = Requirement(title, count, modules)
        for module in modules:
            for achievement in found.get(module.translation_key, []):
                if (start is None or achievement.achieved_on >= start) and (
                    achievement.achieved_on <= end
                ):
                    # The requirement's own page (the achievement may be a translation's).
                    achievement = Achievement(
                        module,
                        achievement.enrollment_id,
                        achievement.achieved_on,
                        achievement.certificate,
                        achievement.valid_until,
                    )
                    requirement.done.append(achievement)
                    counted.setdefault(module.translation_key, achievement)
                    break
        requirements.append(requirement)
    units = sum(a.module.teaching_units or 0 for a in counted.values())
    return requirements, list(counted.values()), units


def _satisfied(qualification, requirements, units) -> bool:
    if any(r.missing_count for r in requirements) or not requirements:
        return False
    return not qualification.min_teaching_units or units >= qualification.min_teaching_units


def qualification_progress(user, qualification: Qualification, today=None) -> Progress:
    """What ``user`` has of ``qualification``: the modules done, missing and expiring, and
    whether it is complete (see the module's docstring for the rules). Six queries."""
    return progresses(user, [qualification], today)[0]


def progresses(user, qualifications, today=None) -> list[Progress]:
    """``qualification_progress`` of several qualifications in the same six queries."""
    today = today or timezone.localdate()
    qualifications = list(qualifications)
    certificates = {}
    if user.is_authenticated:
        certificates = {
            c.qualification_id: c
            for c in Certificate.objects.filter(
                kind=Certificate.Kind.QUALIFICATION,
                holder=user,
                qualification__in=qualifications,
            )
        }
    requirements = _requirement_modules(qualifications)
    keys = {
        module.translation_key
        for groups in requirements.values()
        for _t, _c, modules in groups
        for module in modules
    }
    found = achievements(user, keys, today) if user.is_authenticated and keys else {}
    return [
        _progress(q, requirements[q.pk], found, certificates.get(q.pk), today)
        for q in qualifications
    ]


def _progress(qualification, groups, found, certificate, today) -> Progress:
    keys = {module.translation_key for _t, _c, modules in groups for module in modules}
    found = {key: found[key] for key in keys if key in found}
    limit = qualification.time_limit_months
    completed_on = None
    days = sorted({a.achieved_on for each in found.values() for a in each})
    for end in days:
        start = add_months(end, -limit) if limit else None
        requirements, done, units = _fill(groups, found, start, end)
        if _satisfied(qualification, requirements, units):
            completed_on = end
            break
    if completed_on is None:
        start = add_months(today, -limit) if limit else None
        requirements, done, units = _fill(groups, found, start, today)
    for achievement in done:
        ends = [achievement.valid_until]
        if limit and completed_on is None:
            ends.append(add_months(achievement.achieved_on, limit))
        ends = [day for day in ends if day is not None]
        achievement.counts_until = min(ends) if ends else None
    horizon = today + datetime.timedelta(days=EXPIRING_DAYS)
    expiring = [a for a in done if a.counts_until is not None and a.counts_until <= horizon]
    return Progress(
        qualification=qualification,
        requirements=requirements,
        done=done,
        expiring=expiring,
        teaching_units=units,
        complete=completed_on is not None or certificate is not None,
        completed_on=completed_on,
        certificate=certificate,
    )


INCOMPLETE = _("The qualification is not complete yet: modules are missing.")


def issue_qualification_certificate(user, qualification: Qualification, by=None) -> Certificate:
    """The combined certificate of ``qualification`` for ``user``; the existing one if it was
    issued before. Raises ``EnrollmentError("qualification_incomplete")`` while modules are
    missing. The module certificates it lists are issued on the way."""
    from courses.services.certificates import issue_certificate

    existing = Certificate.objects.filter(
        kind=Certificate.Kind.QUALIFICATION, holder=user, qualification=qualification
    ).first()
    if existing is not None:
        return existing
    progress = qualification_progress(user, qualification)
    if progress.completed_on is None:
        raise EnrollmentError("qualification_incomplete", INCOMPLETE)
    with transaction.atomic():
        parts = []
        for achievement in sorted(progress.done, key=lambda a: a.achieved_on):
            module_certificate = achievement.certificate or issue_certificate(
                Enrollment(pk=achievement.enrollment_id), by=by
            )
            parts.append(_part(module_certificate))
        certificate = _new_certificate(user, qualification, progress, parts, by)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:  # issued concurrently: that one is the certificate
            return Certificate.objects.get(
                kind=Certificate.Kind.QUALIFICATION, holder=user, qualification=qualification
            )
        log(
            certificate,
            "courses.certificate.issued",
            user=by,
            data={"qualification": qualification.pk, "code": certificate.code},
        )
    return certificate


def _part(certificate: Certificate) -> dict:
    return {
        "title": certificate.module_title,
        "dates": certificate.dates_text,
        "first_date": certificate.first_date.isoformat() if certificate.first_date else None,
        "last_date": certificate.last_date.isoformat() if certificate.last_date else None,
        "hours": str(certificate.hours) if certificate.hours is not None else None,
        "teaching_units": certificate.teaching_units,
        "provider": certificate.provider,
        "code": certificate.code,
    }


def _new_certificate(user, qualification, progress, parts, by) -> Certificate:
    from courses.models import ModuleFunding

    module_ids = [a.module.pk for a in progress.done]
    funders = set(
        ModuleFunding.objects.filter(page_id__in=module_ids).values_list("funder__name", flat=True)
    )
    providers = []
    if qualification.project_id:
        project = qualification.project
        funders.update(project.funders.values_list("name", flat=True))
        providers = list(project.providers.values_list("name", flat=True))
    providers = providers or sorted({p["provider"] for p in parts if p["provider"]})
    hours = [float(p["hours"]) for p in parts if p["hours"]]
    first = min((p["first_date"] for p in parts if p["first_date"]), default=None)
    with translation.override(settings.LANGUAGE_CODE):
        return Certificate(
            kind=Certificate.Kind.QUALIFICATION,
            holder=user,
            qualification=qualification,
            issued_at=timezone.now(),
            issued_by=by,
            participant_name=user.get_full_name().strip() or user.email,
            module_title=qualification.title,
            first_date=datetime.date.fromisoformat(first) if first else None,
            last_date=progress.completed_on,
            dates_text=date_format(progress.completed_on, "DATE_FORMAT"),
            hours=round(sum(hours), 1) if hours else None,
            teaching_units=sum(p["teaching_units"] or 0 for p in parts) or None,
            provider=", ".join(providers),
            funders=", ".join(sorted(funders)),
            parts=parts,
            valid_until=valid_until(progress.completed_on, qualification.validity_months),
        )


def live_qualifications() -> list[Qualification]:
    """The live qualifications, one page per qualification: a translation is the same
    qualification, so the page in the site's default language stands for it (else the first
    translation). Certificates are issued for these pages. One query."""
    pages = Qualification.objects.live().select_related("locale").order_by("title", "pk")
    chosen = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (
            page.locale.language_code == settings.LANGUAGE_CODE
            and current.locale.language_code != settings.LANGUAGE_CODE
        ):
            chosen[page.translation_key] = page
    return list(chosen.values())


def qualifications_of_module(module) -> list[Qualification]:
    """The live qualifications ``module`` (or a translation of it) counts towards. Two
    queries, whatever the number of qualifications."""
    qualifications = with_module_keys(live_qualifications())
    return [q for q in qualifications if module.translation_key in q.module_keys]


def with_module_keys(qualifications) -> list[Qualification]:
    """``qualifications`` with ``module_keys``, the translation keys of their modules (one
    query for all)."""
    qualifications = list(qualifications)
    ids = {pk for q in qualifications for pk in q.module_ids()}
    keys = dict(ModulePage.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
    for qualification in qualifications:
        qualification.module_keys = {keys[pk] for pk in qualification.module_ids() if pk in keys}
    return qualifications
