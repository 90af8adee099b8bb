"""Qualifications ("Qualifizierungsreihe", "Zertifikatskurs"): modules that add up to a
qualification with a combined certificate.

A Wagtail page beside the modules in the catalogue. What it requires is a stream of required
modules and choices ("2 of these 4"); the rules that read it are in
``courses.services.qualifications``.
"""

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import RequirementsBlock


class Qualification(Page):
    teaser = models.TextField(
        _("teaser"), blank=True, help_text=_("One or two sentences for the catalogue.")
    )
    description = RichTextField(_("description"), blank=True)
    audiences = ParentalManyToManyField(
        "portal.Audience",
        verbose_name=_("audiences"),
        blank=True,
        related_name="qualifications",
    )
    project = models.ForeignKey(
        "portal.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    requirements = StreamField(
        RequirementsBlock(),
        verbose_name=_("required modules"),
        help_text=_(
            "Modules everybody needs, and choices such as “2 of these 4”. Attended modules "
            "count from before the qualification existed too."
        ),
    )
    min_teaching_units = models.PositiveSmallIntegerField(
        _("minimum teaching units"),
        null=True,
        blank=True,
        help_text=_("If set, the counted modules must add up to at least this many."),
    )
    time_limit_months = models.PositiveSmallIntegerField(
        _("time limit (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "All counted modules must lie within this many months, e.g. 24. Empty: no limit."
        ),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How long the qualification is valid once achieved, e.g. 36. Empty: unlimited. "
            "A refresher module can renew it."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("description"),
        FieldPanel("requirements"),
        MultiFieldPanel(
            [
                FieldPanel("audiences"),
                FieldPanel("project", widget=forms.Select),
                FieldPanel("min_teaching_units"),
                FieldPanel("time_limit_months"),
                FieldPanel("validity_months"),
            ],
            heading=_("Rules"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("description"),
    ]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types = []
    template = "courses/qualification_page.html"

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def get_context(self, request, *args, **kwargs):
        from courses.qualification_views import qualification_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(qualification_page_context(request, self))
        return context

    def permissions_for_user(self, user):
        # The coordination of the qualification's project edits it (courses.permissions).
        from courses.permissions import QualificationPermissionTester

        return QualificationPermissionTester(user, self)

    def requirement_groups(self) -> list[tuple[str, int, list[int]]]:
        """The requirements as (title, how many, module page ids), read from the stored
        stream without a query: a required module is a group of one."""
        groups = []
        for block in self.requirements.raw_data:
            value = block["value"]
            if block["type"] == "module":
                if value.get("module"):
                    groups.append(("", 1, [value["module"]]))
            else:
                # A ListBlock stores items as {"type": "item", "value": id} (older data: ids).
                ids = [
                    item["value"] if isinstance(item, dict) else item for item in value["modules"]
                ]
                ids = [pk for pk in ids if pk]
                if ids:
                    groups.append((value.get("title") or "", min(value["count"], len(ids)), ids))
        return groups

    def module_ids(self) -> set[int]:
        """The ids of every module page named in the requirements (no query)."""
        return {pk for _title, _count, ids in self.requirement_groups() for pk in ids}
