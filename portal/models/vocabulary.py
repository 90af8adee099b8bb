"""The shared vocabulary: what modules are about, whom they are for, where and by whom.

Modules, offerings, findings and profiles all point at the same terms, so that a need reported in
a workshop talk can be matched with the modules and offerings that answer it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class VocabularyTerm(index.Indexed, models.Model):
    """A term with a German name (the UI's first language) and an optional English one."""

    name = models.CharField(_("name (German)"), max_length=150)
    name_en = models.CharField(
        _("name (English)"),
        max_length=150,
        blank=True,
        help_text=_("Shown in the English interface. Falls back to the German name."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language."""
        if self.name_en and (get_language() or "de").startswith("en"):
            return self.name_en
        return self.name


class Topic(VocabularyTerm):
    """A subject area ("Themenfeld") shared by modules and needs-analysis findings."""

    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences for the catalogue.")
    )

    panels = [*VocabularyTerm.panels, FieldPanel("description")]

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Audience(VocabularyTerm):
    """A field of work ("Arbeitsfeld"): the audience of a module, the field of a profile."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")


REGION_TREE_CACHE_KEY = "portal:region-tree"


def region_tree() -> dict[int, int | None]:
    """``{region pk: parent pk}`` for the whole tree: one query, then kept in the cache.

    The tree is small (tens of rows) and changes rarely; saving or deleting a region drops the
    cached copy (``forget_region_tree``, connected in ``PortalConfig.ready``), so every process
    sees a change on its next request.
    """
    from django.core.cache import cache

    tree = cache.get(REGION_TREE_CACHE_KEY)
    if tree is None:
        tree = dict(Region.objects.values_list("pk", "parent_id"))
        cache.set(REGION_TREE_CACHE_KEY, tree, 3600)
    return tree


def forget_region_tree(**kwargs) -> None:
    from django.core.cache import cache

    cache.delete(REGION_TREE_CACHE_KEY)


def regions_in_tree_order() -> tuple[list["Region"], dict[int, int]]:
    """All regions in tree order (each followed by the regions below it) and their depth.

    One query for the regions (their labels and parent links); the parents are set on the
    instances, so a label with its state costs no further query.
    """
    regions = list(Region.objects.order_by("sort_order", "name"))
    by_pk = {region.pk: region for region in regions}
    children: dict[int | None, list[Region]] = {}
    for region in regions:
        parent_id = region.parent_id
        if parent_id:
            region.parent = by_pk[parent_id]
        children.setdefault(parent_id, []).append(region)
    ordered, depth = [], {}

    def walk(parent_id, level):
        for region in children.get(parent_id, []):
            ordered.append(region)
            depth[region.pk] = level
            walk(region.pk, level + 1)

    walk(None, 0)
    return ordered, depth


class RegionQuerySet(models.QuerySet):
    def states(self):
        return self.filter(parent__isnull=True)


class Region(VocabularyTerm):
    """A region: a federal state at the top, its districts and district-free cities below.

    Kept as a plain parent link: the tree is small (tens of rows), so walking it in Python
    after one query is cheaper than any tree library.
    """

    class Kind(models.TextChoices):
        STATE = "state", _("federal state")
        DISTRICT = "district", _("district")
        CITY = "city", _("district-free city")
        OTHER = "other", _("other area")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a federal state."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DISTRICT)

    objects = RegionQuerySet.as_manager()

    panels = [*VocabularyTerm.panels, FieldPanel("parent"), FieldPanel("kind")]

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "name"]

    def clean(self):
        if (
            self.pk
            and self.parent_id
            and (self.parent_id == self.pk or self.pk in self.parent.ancestor_ids())
        ):
            raise ValidationError({"parent": _("A region cannot lie within itself.")})

    def ancestor_ids(self) -> set[int]:
        """The regions above this one (its state, …), without itself."""
        tree = region_tree()
        found, parent = set(), tree.get(self.pk, self.parent_id)
        while parent is not None and parent not in found:
            found.add(parent)
            parent = tree.get(parent)
        return found

    def subtree_ids(self) -> set[int]:
        """This region and every region below it, at any depth."""
        children: dict[int | None, list[int]] = {}
        for pk, parent in region_tree().items():
            children.setdefault(parent, []).append(pk)
        found, stack = set(), [self.pk]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found

    @property
    def full_label(self) -> str:
        return f"{self.label} ({self.parent.label})" if self.parent_id else self.label


class Provider(index.Indexed, models.Model):
    """An organisation: the provider ("Träger") of modules, a funder or a cooperation partner."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("provider")
        FUNDER = "funder", _("funder")
        PARTNER = "partner", _("cooperation partner")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("For example “LKR”.")
    )
    kind = models.CharField(_("role"), max_length=10, choices=Kind.choices, default=Kind.PROVIDER)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("email"),
        FieldPanel("address"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name
