"""The catalogue. Modules, offerings and enrolments arrive with R2."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class CatalogPage(Page):
    """The catalogue of qualification modules ("Fortbildungen")."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")
