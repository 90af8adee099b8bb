"""Project scope: which projects a person coordinates, and which project a region belongs to.

The one rule behind every coordinator listing (``courses.access``, ``needs_analysis.access``,
``workshops.access``): administrators see everything; a coordinator sees what belongs to a
project they coordinate, and what belongs to no project yet (so that nothing is lost before an
administrator assigns it; the admin lists show the project column for that). The state
coordination ("Landeskoordination") reads the projects it is named on.

Findings, workshop talks and requests belong to a project through their region
(``project_for_region``): the project whose regions contain it most closely. INA covers all
of North Rhine-Westphalia and 360° seven cities in it, so a finding from Essen is 360°'s and
one from Münster INA's.
"""

from __future__ import annotations

from django.db.models import Q

from portal import roles
from portal.mfa import staff_verified, verified_user_ids

ALL = None


def _verified(user) -> bool:
    return user.is_authenticated and staff_verified(user)


def coordinated_project_ids(user):
    """The projects ``user`` coordinates (``ALL`` for administrators), kept for the request.

    Without the role or a second factor: none.
    """
    if not _verified(user) or not roles.is_coordinator(user):
        return frozenset()
    if user.is_superuser:
        return ALL
    if not hasattr(user, "_coordinated_project_ids"):
        roles.load_roles(user)
    return user._coordinated_project_ids


def readable_project_ids(user):
    """The projects whose figures ``user`` may read: those they coordinate, and for the state
    coordination those they are named on."""
    ids = coordinated_project_ids(user)
    if ids is ALL:
        return ALL
    if not _verified(user) or not roles.is_state_coordinator(user):
        return ids
    if not hasattr(user, "_observed_project_ids"):
        user._observed_project_ids = frozenset(user.observed_projects.values_list("pk", flat=True))
    return ids | user._observed_project_ids


def in_projects(ids, field: str = "project") -> Q:
    """Rows of the projects ``ids`` (``ALL``: every row) and rows of no project."""
    if ids is ALL:
        return Q()
    return Q(**{f"{field}__in": ids}) | Q(**{f"{field}__isnull": True})


def scope(queryset, user, field: str = "project", *, read: bool = False):
    """``queryset`` narrowed to the projects ``user`` coordinates (or reads, ``read=True``)."""
    ids = readable_project_ids(user) if read else coordinated_project_ids(user)
    return queryset.filter(in_projects(ids, field))


def may_act_in(user, project_id) -> bool:
    """May ``user`` act on a row of project ``project_id`` (None: no project yet)?"""
    ids = coordinated_project_ids(user)
    return ids is ALL or project_id is None or project_id in ids


def region_ids_for(user, *, read: bool = False):
    """The regions of the projects ``user`` coordinates, each with everything below it
    (``ALL`` for administrators and for coordinators without a project)."""
    from portal.models import Region

    ids = readable_project_ids(user) if read else coordinated_project_ids(user)
    if ids is ALL or not ids:
        return ALL
    roots = Region.objects.filter(projects__in=ids).distinct()
    found: set[int] = set()
    for region in roots:
        found |= region.subtree_ids()
    return frozenset(found)


def project_for_region(region_id):
    """The project a finding, workshop talk or request from ``region_id`` belongs to: of the
    projects naming the region or a region above it, the one naming the closest; None when no
    project works there. Ties go to the project created first."""
    from portal.models import Project
    from portal.models.vocabulary import region_tree

    if region_id is None:
        return None
    tree = region_tree()
    chain, current = [], region_id
    while current is not None and current not in chain:
        chain.append(current)
        current = tree.get(current)
    links = Project.regions.through.objects.filter(region_id__in=chain).values_list(
        "region_id", "project_id"
    )
    best = None
    for region, project in links:
        rank = (chain.index(region), project)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[1]


def reachable(people):
    """``people`` who can be told and act: active, with an address and a second factor."""
    return (
        people.filter(is_active=True, pk__in=verified_user_ids()).exclude(email="").order_by("pk")
    )


def people_to_tell(project_id):
    """The people told about something of project ``project_id`` (a request, a late
    cancellation, a missed minimum): its coordinators; when none of them can be reached, the
    administrators, who see every project (not the coordinators of other projects). Without a
    project, the whole coordination, so that nothing goes unseen. Always active, with an
    address and a second factor (without one they could not open it in the admin)."""
    from portal.models import User

    everybody = reachable(User.objects.all())
    coordination = everybody.filter(groups__name=roles.COORDINATORS)
    if project_id is None:
        return coordination.distinct()
    named = coordination.filter(coordinated_projects=project_id).distinct()
    if named.exists():
        return named
    return everybody.filter(is_superuser=True)


def assign_unassigned() -> int:
    """Put every finding, workshop talk and request without a project into the project of its
    region (after a project was created or given regions). Rows a person reassigned keep their
    project. Returns how many rows changed."""
    from django.apps import apps

    from portal.models.projects import InProjectByRegion

    changed = 0
    for model in apps.get_models():
        if not issubclass(model, InProjectByRegion):
            continue
        unassigned = model._default_manager.filter(project__isnull=True)
        for region_id in unassigned.values_list("region_id", flat=True).distinct():
            project_id = project_for_region(region_id)
            if project_id is not None:
                changed += unassigned.filter(region_id=region_id).update(project_id=project_id)
    return changed


def regions_changed(sender, instance, action, **kwargs):
    """``m2m_changed`` of ``Project.regions`` (connected in ``PortalConfig.ready``)."""
    if action == "post_add":
        assign_unassigned()
