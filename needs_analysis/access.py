"""Who may see and handle findings and requests: the needs analysis' side of the access policy.

``courses.access`` answers for the roles (``can_read_findings``: the coordination with a
second factor); this module narrows to the projects a coordinator works for
(``portal.projects``). Every listing, edit view, export and count of findings, consultation
and in-house requests goes through these, so a coordinator of another project gets a 404.
"""

from __future__ import annotations

from courses.access import can_read_findings, can_see_findings_aggregates
from portal import projects

__all__ = [
    "dashboard_region_ids",
    "findings_for",
    "may_handle",
    "requests_for",
    "states_of",
    "top_regions",
    "within",
]


def findings_for(user, queryset=None):
    """The findings ``user`` may read: those of their projects (and of no project yet)."""
    from needs_analysis.models import Finding

    queryset = Finding.objects.all() if queryset is None else queryset
    if not can_read_findings(user):
        return queryset.none()
    return projects.scope(queryset, user)


def requests_for(user, queryset):
    """The consultation or in-house requests of ``queryset`` ``user`` may see and handle."""
    if not can_read_findings(user):
        return queryset.none()
    return projects.scope(queryset, user)


def may_handle(user, obj) -> bool:
    """May ``user`` read and change this finding or request (its project is theirs)?"""
    return can_read_findings(user) and projects.may_act_in(user, obj.project_id)


def dashboard_region_ids(user):
    """The regions whose demand ``user`` sees on the needs dashboard: those of the projects
    they coordinate or read (``ALL`` for administrators), nothing without the dashboard."""
    if not can_see_findings_aggregates(user):
        return frozenset()
    return projects.region_ids_for(user, read=True)


def within(region_ids, allowed) -> set:
    """``region_ids`` restricted to ``allowed`` (``ALL``: unrestricted)."""
    return set(region_ids) if allowed is projects.ALL else set(region_ids) & set(allowed)


def top_regions(allowed) -> list[int]:
    """The topmost of the ``allowed`` regions (those whose parent is not allowed), in tree
    order: the dashboard's rows for a coordinator of some projects."""
    from portal.models.vocabulary import region_tree, regions_in_tree_order

    tree = region_tree()
    ordered, _depth = regions_in_tree_order()
    return [r.pk for r in ordered if r.pk in allowed and tree.get(r.pk) not in allowed]


def states_of(allowed) -> set[int]:
    """The federal states with a region in ``allowed``."""
    from portal.models.vocabulary import region_tree

    tree = region_tree()
    states = set()
    for pk in allowed:
        seen = set()
        while tree.get(pk) is not None and pk not in seen:
            seen.add(pk)
            pk = tree[pk]
        states.add(pk)
    return states
