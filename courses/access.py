"""Who may do what: the one place that answers "may this person …?" for courses and findings.

Every view, admin view, panel, export and template tag asks these functions; none re-implements
them. Modules are matched by ``translation_key``: a trainer listed on any language version of a
module is a trainer of all of them, and of every offering of it (translations share their
offerings). A trainer listed only on one offering is a trainer of that offering.

Coordinators are members of the group "Koordination"; superusers count as coordinators
everywhere. A coordinator acts within the projects they coordinate (``portal.projects``): the
offerings, results, certificates and materials of modules of another project are not theirs,
and the admin answers 404 for them. Results that depend only on the user are kept on the user
object for the request.

Staff capabilities need a second factor (``portal.mfa.staff_verified``): for a staff member
without one every coordinator and trainer answer below is False, wherever it is asked; they keep
what they have as a person (their own enrolments, certificates and participant materials). These
functions answer request-time questions only: who receives mail, or who may be chosen as a
trainer, is decided by the roles themselves (``portal.roles``).
"""

from __future__ import annotations

from django.db.models import Q

from portal import projects, roles
from portal.mfa import staff_verified

__all__ = [
    "can_access_participant_materials",
    "can_act_on_enrollments",
    "can_add_materials",
    "can_decide_minimum",
    "can_download",
    "can_download_certificate",
    "can_manage_offering",
    "can_manage_workshops",
    "can_read_findings",
    "can_revoke_certificates",
    "can_see_findings_aggregates",
    "can_see_funding_report",
    "can_see_module_results",
    "can_see_needs_dashboard",
    "can_see_offering_results",
    "coordinates_module",
    "documents_for",
    "funding_report_offerings",
    "holds_certificate",
    "is_coordinator",
    "is_participant_only",
    "is_state_coordinator",
    "is_trainer",
    "is_trainer_of_module",
    "is_trainer_of_offering",
    "may_create_qualifications",
    "offerings_for",
    "trained_module_keys",
    "workshops_for",
]


def is_coordinator(user) -> bool:
    """A coordinator (or administrator) with a second factor."""
    return roles.is_coordinator(user) and staff_verified(user)


def is_trainer(user) -> bool:
    """A trainer with a second factor."""
    return roles.is_trainer(user) and staff_verified(user)


def _acts_as_staff(user) -> bool:
    """Signed in and, if staff, with a second factor: may be a trainer of something."""
    return user.is_authenticated and staff_verified(user)


def trained_module_keys(user) -> frozenset:
    """Translation keys of the modules ``user`` is listed on (any language), once per request."""
    if not _acts_as_staff(user):
        return frozenset()
    cache_name = "_trained_module_keys"
    if not hasattr(user, cache_name):
        from courses.models import ModulePage

        keys = ModulePage.objects.filter(trainers=user).values_list("translation_key", flat=True)
        setattr(user, cache_name, frozenset(keys))
    return getattr(user, cache_name)


def _trainer_q(user, prefix: str = "") -> Q:
    """Offerings (under ``prefix``) whose module ``user`` trains, or which ``user`` runs."""
    return Q(**{f"{prefix}module__translation_key__in": trained_module_keys(user)}) | Q(
        **{f"{prefix}trainers": user}
    )


def coordinates_module(user, module) -> bool:
    """A coordinator of the module's project (or of every project, or the module has none)."""
    return is_coordinator(user) and projects.may_act_in(user, module.project_id)


def offerings_for(user):
    """The offerings ``user`` may see and manage in the admin: those of their projects'
    modules for coordinators (all for administrators), their modules' and their own offerings
    for trainers, none for everybody else."""
    from courses.models import Offering

    if not _acts_as_staff(user):
        return Offering.objects.none()
    if is_coordinator(user):
        return projects.scope(Offering.objects.all(), user, "module__project")
    mine = Offering.objects.filter(_trainer_q(user)).values("pk")
    return Offering.objects.filter(pk__in=mine)


def workshops_for(user, queryset):
    """The workshop talks of ``queryset`` ``user`` may plan and record: the coordination's,
    within their projects."""
    if not can_manage_workshops(user):
        return queryset.none()
    return projects.scope(queryset, user)


def is_trainer_of_module(user, module) -> bool:
    """Listed as a trainer on ``module`` or on any of its translations."""
    return user.is_authenticated and module.translation_key in trained_module_keys(user)


def is_trainer_of_offering(user, offering) -> bool:
    """A trainer of the offering's module (any translation) or listed on the offering itself."""
    if not _acts_as_staff(user):
        return False
    if offering.module.translation_key in trained_module_keys(user):
        return True
    return offering.trainers.filter(pk=user.pk).exists()


def can_manage_offering(user, offering) -> bool:
    """Participants, attendance, certificates, sign-in sheet: the coordination of its
    project and its trainers."""
    return coordinates_module(user, offering.module) or is_trainer_of_offering(user, offering)


def can_act_on_enrollments(user) -> bool:
    """Approve, decline, cancel, fill from the waiting list: the coordination only."""
    return is_coordinator(user)


def can_decide_minimum(user) -> bool:
    """Decide whether an offering below its minimum runs ("Findet statt") or is cancelled: the
    coordination, for the offerings it sees (``offerings_for``)."""
    return is_coordinator(user)


def may_create_qualifications(user) -> bool:
    """Qualifications are set up by the coordination, not by trainers."""
    return is_coordinator(user)


def can_revoke_certificates(user) -> bool:
    """Revoking a certificate withdraws a qualification: the coordination only."""
    return is_coordinator(user)


def can_see_offering_results(user, offering) -> bool:
    """Evaluation results: coordinators, and the trainers of the offering or its module."""
    return can_manage_offering(user, offering)


def can_see_module_results(user, module) -> bool:
    """The results of all offerings of a module: the coordination and the module's trainers
    (a trainer of a single offering sees only that offering's results)."""
    return coordinates_module(user, module) or is_trainer_of_module(user, module)


def _is_staff_for_modules(user, module_keys) -> bool:
    from courses.models import ModulePage, Offering

    if not _acts_as_staff(user):
        return False
    if is_coordinator(user):
        scoped = projects.scope(ModulePage.objects.all(), user)
        if scoped.filter(translation_key__in=module_keys).exists():
            return True
    if set(module_keys) & trained_module_keys(user):
        return True
    return Offering.objects.filter(module__translation_key__in=module_keys, trainers=user).exists()


def _is_participant(user, module_keys) -> bool:
    from courses.models import Enrollment

    return (
        Enrollment.objects.confirmed()
        .filter(user=user, offering__module__translation_key__in=module_keys)
        .exists()
    )


def can_access_participant_materials(user, module) -> bool:
    """Confirmed participants of any offering of ``module`` (any translation), its trainers
    (of the module or of one of its offerings) and the coordination."""
    if not user.is_authenticated:
        return False
    keys = [module.translation_key]
    return _is_staff_for_modules(user, keys) or _is_participant(user, keys)


def can_add_materials(user, module) -> bool:
    """Upload public or participant material to ``module``: its trainers (listed on the module
    or a translation of it) and the coordination of its project."""
    return coordinates_module(user, module) or is_trainer_of_module(user, module)


def _in_participant_collection(document) -> bool:
    from courses.models import PARTICIPANT_COLLECTION

    collection = document.collection
    if collection is None:
        return False
    return collection.get_ancestors(inclusive=True).filter(name=PARTICIPANT_COLLECTION).exists()


def can_download(user, document) -> bool:
    """May ``user`` download ``document``?

    A participant material of any module is for whoever may access that module's participant
    materials. A document in the collection "Teilnehmendenmaterial" that no module uses yet
    (for example only in a draft) is for trainers and the coordination. Every other document
    is public, as Wagtail has it (collection privacy still applies on top).
    """
    from courses.models import ModulePage

    keys = list(
        ModulePage.objects.filter(participant_materials__document=document)
        .values_list("translation_key", flat=True)
        .distinct()
    )
    if not keys:
        if not _in_participant_collection(document):
            return True
        return is_coordinator(user) or is_trainer(user)
    if not user.is_authenticated:
        return False
    return _is_staff_for_modules(user, keys) or _is_participant(user, keys)


def documents_for(user, documents):
    """The documents of ``documents`` whose titles and links ``user`` may see in the admin
    (listing, chooser, API): ``can_download`` for a whole queryset, plus what ``user`` uploaded.

    Administrators (and coordinators of every project) see all; everybody else no participant
    material of a module they neither coordinate (its project), train (module or offering) nor
    take part in, and trainers and coordinators alone the documents in
    "Teilnehmendenmaterial" that no module uses yet.
    """
    from wagtail.models import Collection

    from courses.models import PARTICIPANT_COLLECTION, ModulePage, ParticipantMaterial

    if projects.coordinated_project_ids(user) is projects.ALL:
        return documents
    restricted = ParticipantMaterial.objects.values("document")
    keys = set(trained_module_keys(user))
    if is_coordinator(user):
        keys.update(
            projects.scope(ModulePage.objects.all(), user).values_list(
                "translation_key", flat=True
            )
        )
    if user.is_authenticated:
        from courses.models import Enrollment, Offering

        if _acts_as_staff(user):
            keys.update(
                Offering.objects.filter(trainers=user).values_list(
                    "module__translation_key", flat=True
                )
            )
        keys.update(
            Enrollment.objects.confirmed()
            .filter(user=user)
            .values_list("offering__module__translation_key", flat=True)
        )
    allowed = ParticipantMaterial.objects.filter(page__translation_key__in=keys).values("document")
    hidden = Q(pk__in=restricted) & ~Q(pk__in=allowed)
    if not (is_trainer(user) or is_coordinator(user)):
        in_collection = Q(pk__in=[])
        for collection in Collection.objects.filter(name=PARTICIPANT_COLLECTION):
            in_collection |= Q(collection__path__startswith=collection.path)
        hidden |= in_collection & ~Q(pk__in=restricted)
    if user.is_authenticated:
        hidden &= ~Q(uploaded_by_user=user)
    return documents.exclude(hidden)


def is_participant_only(document) -> bool:
    """Is ``document`` for some people only (so its download is sent ``Cache-Control: private,
    no-store``)? A participant material of any module, a document in the collection
    "Teilnehmendenmaterial", or one in a collection with a Wagtail view restriction."""
    from courses.models import ModulePage

    if ModulePage.objects.filter(participant_materials__document=document).exists():
        return True
    if _in_participant_collection(document):
        return True
    collection = document.collection
    return collection is not None and collection.get_view_restrictions().exists()


def holds_certificate(user, certificate) -> bool:
    """Is ``user`` the person ``certificate`` certifies? Its ``holder``, and for a module
    certificate also the enrolment's person (the same person; certificates made before
    holders were recorded name only the enrolment)."""
    if not user.is_authenticated:
        return False
    if certificate.holder_id == user.pk:
        return True
    return certificate.enrollment_id is not None and certificate.enrollment.user_id == user.pk


def _coordinates_certificate(user, certificate) -> bool:
    """The coordination of the project the certificate belongs to: the module's project for a
    module certificate, the qualification's for a qualification certificate (administrators
    only once the qualification page is gone: its project is no longer known)."""
    if not is_coordinator(user):
        return False
    if not certificate.is_qualification:
        return coordinates_module(user, certificate.enrollment.offering.module)
    if certificate.qualification_id is None:
        return projects.coordinated_project_ids(user) is projects.ALL
    return projects.may_act_in(user, certificate.qualification.project_id)


def can_download_certificate(user, certificate) -> bool:
    """A certificate's PDF: the coordination of its project always, the person it certifies
    while it is not revoked (a revoked certificate is no longer theirs to hand out)."""
    if _coordinates_certificate(user, certificate):
        return True
    return holds_certificate(user, certificate) and not certificate.is_revoked


def can_read_findings(user) -> bool:
    """Finding descriptions, workshop records and the requests behind them: the coordination."""
    return is_coordinator(user)


def can_manage_workshops(user) -> bool:
    """Workshop talks, their registrations and their records (protocol, attendance): planned and
    kept by the coordination."""
    return is_coordinator(user)


def can_see_findings_aggregates(user) -> bool:
    """Demand in numbers (no descriptions): the coordination, trainers and the state
    coordination."""
    return is_coordinator(user) or is_trainer(user) or is_state_coordinator(user)


def can_see_needs_dashboard(user) -> bool:
    """The needs dashboard (demand per topic and region of their projects): the coordination,
    and the state coordination read only (without the findings behind the figures)."""
    return is_coordinator(user) or is_state_coordinator(user)


def is_state_coordinator(user) -> bool:
    """The state coordination ("Landeskoordination", read only) with a second factor."""
    return roles.is_state_coordinator(user) and staff_verified(user)


def can_see_funding_report(user) -> bool:
    """The funders' report (``courses.reports``): the coordination, administrators, and the
    state coordination for the projects it reads."""
    return is_coordinator(user) or is_state_coordinator(user)


def funding_report_offerings(user):
    """The offerings the funders' report counts for ``user``: their scope in the admin
    (``offerings_for``), the offerings of the projects the state coordination reads, nothing
    for anybody without the report."""
    from courses.models import Offering

    if not can_see_funding_report(user):
        return Offering.objects.none()
    if is_coordinator(user):
        return offerings_for(user)
    return projects.scope(Offering.objects.all(), user, "module__project", read=True)
