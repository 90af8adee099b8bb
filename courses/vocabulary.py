"""The vocabulary the catalogue and module pages show (topics, fields of work, regions, projects),
kept in
memory instead of read on every request.

The catalogue's filter form offers every topic, field of work and region, its chips and cards
name them, and a module page lists its topics and audiences: read from the database that is
three to five queries per request for some forty rows that change a few times a year. They are
read once per content version (``portal/content_version.py``; saving or deleting a term bumps it,
``portal/cache_signals.py``), kept in the default cache for the other workers and in this
process for the next request. A new version is a new key, so a changed term is never served old.

The terms are shared between requests: treat them as read-only. Their ``label`` follows the
active language when it is read, so one copy serves German and English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from portal import content_version
from portal.models import Audience, Project, Region, Topic

# The latest version's vocabulary in this process: {version: Vocabulary}, one entry.
_memo: dict[str, Vocabulary] = {}


@dataclass
class Vocabulary:
    topics: list[Topic]
    audiences: list[Audience]
    regions: list[Region]  # ordered like ``Region.Meta.ordering``, ``parent`` set
    projects: list[Project] = field(default_factory=list)  # ``public_funders`` set
    by_pk: dict = field(init=False, repr=False)
    by_slug: dict = field(init=False, repr=False)

    def __post_init__(self):
        self.by_pk = {}
        self.by_slug = {}
        for kind, terms in (("topic", self.topics), ("audience", self.audiences)):
            self.by_pk[kind] = {term.pk: term for term in terms}
            self.by_slug[kind] = {term.slug: term for term in terms}
        for kind, terms in (("region", self.regions), ("project", self.projects)):
            self.by_pk[kind] = {term.pk: term for term in terms}
            self.by_slug[kind] = {term.slug: term for term in terms}

    def __getstate__(self):  # only the lists travel through the cache
        return {
            "topics": self.topics,
            "audiences": self.audiences,
            "regions": self.regions,
            "projects": self.projects,
        }

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__post_init__()

    def get(self, kind: str, pk):
        """The term of ``kind`` ("topic", "audience", "region", "project") with ``pk``, or
        None."""
        return self.by_pk[kind].get(pk)

    def by_slug_of(self, kind: str, slug: str):
        return self.by_slug[kind].get(slug)

    def region_choices(self, blank_label, value: str = "slug") -> list:
        """``portal.forms.grouped_region_choices`` from memory: option groups per federal
        state, the state itself first ("… (whole state)")."""
        from django.utils.translation import gettext as _

        choices = [("", blank_label)]
        for state in self.regions:
            if state.parent_id is not None:
                continue
            label = _("%(state)s (whole state)") % {"state": state.label}
            options = [(getattr(state, value), label)]
            options += [
                (getattr(region, value), region.label)
                for region in self.regions
                if region.parent_id == state.pk
            ]
            choices.append((state.label, options))
        return choices


def _build() -> Vocabulary:
    regions = list(Region.objects.order_by("sort_order", "name"))
    by_pk = {region.pk: region for region in regions}
    for region in regions:
        if region.parent_id:
            region.parent = by_pk.get(region.parent_id)
    projects = list(Project.objects.prefetch_related("funders").order_by("name"))
    for project in projects:
        project.public_funders = [funder.name for funder in project.funders.all()]
    return Vocabulary(
        topics=list(Topic.objects.order_by("sort_order", "name")),
        audiences=list(Audience.objects.order_by("sort_order", "name")),
        regions=regions,
        projects=projects,
    )


def vocabulary() -> Vocabulary:
    """The topics, fields of work and regions of the current content version."""
    version = content_version.current()
    found = _memo.get(version)
    if found is not None:
        return found
    key = f"courses:vocabulary:{version}"
    found = cache.get(key)
    if found is None:
        found = _build()
        cache.set(key, found, settings.PORTAL_PAGE_CACHE_TIMEOUT)
    _memo.clear()
    _memo[version] = found
    return found
