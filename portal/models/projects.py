"""Model projects ("Modellprojekt", "Programm"): who coordinates what, where.

RausWege in Saxony-Anhalt, INA and 360° in North Rhine-Westphalia answer to different
ministries and funders. A project names its regions (each with everything below it), its
providers and funders, and its coordinators; coordinators see and act on the modules,
offerings, findings, workshop talks and requests of their projects only
(``portal.projects``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from portal.roles import COORDINATORS, STATE_COORDINATORS


class Project(index.Indexed, models.Model):
    """A model project or programme: its regions, providers, funders and coordinators."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("For example “INA”.")
    )
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, help_text=_("Used in the catalogue's address.")
    )
    description = models.TextField(_("short description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regions = models.ManyToManyField(
        "portal.Region",
        verbose_name=_("regions"),
        related_name="projects",
        help_text=_(
            "The project works in these regions and everything below them. Findings, workshop "
            "talks and requests from there belong to the project."
        ),
    )
    providers = models.ManyToManyField(
        "portal.Provider",
        verbose_name=_("providers"),
        blank=True,
        related_name="projects",
        limit_choices_to={"kind__in": ["provider", "partner"]},
    )
    funders = models.ManyToManyField(
        "portal.Provider",
        verbose_name=_("funders"),
        blank=True,
        related_name="funded_projects",
        limit_choices_to={"kind": "funder"},
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_projects",
        limit_choices_to={"groups__name": COORDINATORS},
        help_text=_("They see and manage this project's offerings, findings and requests."),
    )
    observers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("state coordination (read only)"),
        blank=True,
        related_name="observed_projects",
        limit_choices_to={"groups__name": STATE_COORDINATORS},
        help_text=_("The state's coordination may read this project's figures and reports."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("regions"),
        MultiFieldPanel(
            [FieldPanel("providers"), FieldPanel("funders")], heading=_("Organisations")
        ),
        MultiFieldPanel(
            [FieldPanel("coordinators"), FieldPanel("observers")], heading=_("People")
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class InProjectByRegion(models.Model):
    """A row that belongs to a project through its region (findings, workshop talks,
    requests): saved without a project, it takes ``project_for_region``; a coordinator or an
    administrator can reassign it, and a later save keeps that."""

    project = models.ForeignKey(
        "portal.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Set from the region; change it to hand this over to another project."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.project_id is None and self.region_id is not None:
            from portal.projects import project_for_region

            self.project_id = project_for_region(self.region_id)
        super().save(*args, **kwargs)
