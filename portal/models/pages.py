"""The site's own pages: the home page and general content pages (including the legal ones)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BaseStreamBlock


class HomePage(Page):
    """The start page of one language tree: what the platform offers and for whom."""

    lead = models.TextField(
        _("lead"), blank=True, help_text=_("Two or three sentences under the main heading.")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    show_audiences = models.BooleanField(
        _("list the fields of work"),
        default=True,
        help_text=_("Shows “For whom” with the fields of work from the vocabulary."),
    )
    show_organisations = models.BooleanField(_("list providers and funders"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("show_audiences"),
        FieldPanel("show_organisations"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.ContentPage", "courses.CatalogPage", "workshops.WorkshopIndexPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from portal.models import Audience, Provider

        context = super().get_context(request, *args, **kwargs)
        if self.show_audiences:
            context["audiences"] = Audience.objects.all()
        if self.show_organisations:
            context["providers"] = Provider.objects.filter(kind=Provider.Kind.PROVIDER)
            context["funders"] = Provider.objects.filter(kind=Provider.Kind.FUNDER)
        context["catalog"] = (
            Page.objects.child_of(self).live().filter(content_type__model="catalogpage").first()
        )
        return context


class ContentPage(Page):
    """A page of text: about the projects, contact, imprint, privacy notice, accessibility."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.ContentPage"]
    subpage_types = ["portal.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
