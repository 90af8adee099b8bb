"""The catalogue and its qualification modules (Wagtail pages)."""

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import ModuleStreamBlock
from courses.material_panel import MaterialUploadPanel
from courses.permissions import CatalogPermissionTester, ModulePermissionTester
from portal.roles import TRAINERS


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")
    # A professional exchange meeting: attendance is recorded, no certificate, no evaluation.
    EXCHANGE = "exchange", _("professional exchange")


class CatalogPage(Page):
    """The catalogue of qualification modules ("Fortbildungen")."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["courses.ModulePage", "courses.Qualification"]

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def get_context(self, request, *args, **kwargs):
        from courses.page_context import catalog_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_context(request))
        return context

    def route(self, request, path_components):
        """A module page in one query. Wagtail reads the generic child page and then its
        specific page; all children here are modules (``subpage_types``), so the module (with
        its provider and image, which the page shows) is read at once. Anything else goes
        Wagtail's way."""
        if path_components:
            try:
                module = (
                    ModulePage.objects.child_of(self)
                    .select_related(*ModulePage.route_select_related)
                    .get(slug=path_components[0])
                )
            except ModulePage.DoesNotExist:
                return super().route(request, path_components)
            module._cached_parent_obj = self  # the breadcrumb's get_parent(), as Wagtail does
            return module.route(request, path_components[1:])
        return super().route(request, path_components)

    def permissions_for_user(self, user):
        # Trainers may add modules here but not edit the catalogue (courses.permissions).
        return CatalogPermissionTester(user, self)


class ModulePage(Page):
    """A qualification module ("Qualifizierungsmodul"): what is taught, for whom, by whom.

    When and where it takes place are its offerings (``Offering``), a plain model pointing at
    the page, so that publishing or translating the page never touches enrolment data.
    Translations share the offerings of their source page (see ``offerings_for_any_translation``).
    """

    # Read with the page when it is routed (``CatalogPage.route``, ``portal/routing.py``): the
    # page shows both.
    route_select_related = ("provider", "image")

    teaser = models.TextField(
        _("teaser"), help_text=_("Two or three sentences shown in the catalogue.")
    )
    learning_objectives = RichTextField(
        _("learning objectives"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text=_("What participants know or can do afterwards."),
    )
    body = StreamField(ModuleStreamBlock(), verbose_name=_("content"), blank=True)
    topics = ParentalManyToManyField(
        "portal.Topic", verbose_name=_("topics"), blank=True, related_name="modules"
    )
    audiences = ParentalManyToManyField(
        "portal.Audience",
        verbose_name=_("audiences"),
        blank=True,
        related_name="modules",
        help_text=_("The fields of work the module is meant for."),
    )
    provider = models.ForeignKey(
        "portal.Provider",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modules",
    )
    project = models.ForeignKey(
        "portal.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modules",
        help_text=_(
            "The model project or programme that offers the module. Its coordinators manage "
            "the module's offerings."
        ),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_modules",
        limit_choices_to={"groups__name": TRAINERS},
        help_text=_("Trainers see and manage the offerings of their modules."),
    )
    duration_hours = models.DecimalField(
        _("duration in hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    duration_days = models.PositiveSmallIntegerField(
        _("number of days"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("New offerings get one session on each of this many working days."),
    )
    teaching_units = models.PositiveSmallIntegerField(
        _("teaching units"),
        null=True,
        blank=True,
        help_text=_("“Unterrichtseinheiten” of 45 minutes, as stated on the certificate."),
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    default_capacity = models.PositiveSmallIntegerField(
        _("default capacity"), default=16, help_text=_("Suggested for new offerings.")
    )
    default_format = models.CharField(
        _("default format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How long its certificate is valid from the last day, e.g. 24. Empty: unlimited."
        ),
    )
    renews_modules = ParentalManyToManyField(
        "self",
        symmetrical=False,
        verbose_name=_("renews the certificates of"),
        blank=True,
        related_name="refreshers",
        help_text=_("A refresher: attending it extends the validity of these modules."),
    )
    renews_qualifications = ParentalManyToManyField(
        "courses.Qualification",
        verbose_name=_("renews the qualifications"),
        blank=True,
        related_name="refreshers",
        help_text=_("A refresher: attending it extends the validity of these qualifications."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("learning_objectives"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topics"),
                FieldPanel("audiences"),
                FieldPanel("project", widget=forms.Select),
                FieldPanel("provider"),
                FieldPanel("trainers"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("duration_hours"),
                FieldPanel("duration_days"),
                FieldPanel("teaching_units"),
                FieldPanel("prerequisites"),
                FieldPanel("default_capacity"),
                FieldPanel("default_format"),
            ],
            heading=_("Scope and format"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("validity_months"),
                FieldPanel("renews_modules"),
                FieldPanel("renews_qualifications"),
            ],
            heading=_("Validity and renewal"),
        ),
        InlinePanel(
            "fundings",
            heading=_("Funding"),
            label=_("Funding"),
            help_text=_("Funders, programmes and funding references, for the funders' report."),
        ),
    ]
    materials_panels = [
        MaterialUploadPanel(),
        InlinePanel(
            "public_materials",
            heading=_("Public materials"),
            label=_("Public material"),
            help_text=_("Everybody can download these."),
        ),
        InlinePanel(
            "participant_materials",
            heading=_("Participant materials"),
            label=_("Participant material"),
            help_text=_(
                "Only confirmed participants of an offering of this module, its trainers "
                "and the coordination can download these."
            ),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(materials_panels, heading=_("Materials")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("learning_objectives"),
        index.SearchField("body"),
        index.SearchField("prerequisites"),
        index.RelatedFields("topics", [index.SearchField("name"), index.SearchField("name_en")]),
        index.RelatedFields(
            "provider", [index.SearchField("name"), index.SearchField("short_name")]
        ),
        index.FilterField("provider"),
    ]

    @classmethod
    def text_search_sources(cls):
        """The site's own search looks further than ``search_fields`` (Wagtail's index, kept
        for the admin): offerings' venues, trainers' names. See ``courses.search``."""
        from courses.search import module_sources

        return module_sources()

    parent_page_types = ["courses.CatalogPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("qualification module")
        verbose_name_plural = _("qualification modules")

    def get_context(self, request, *args, **kwargs):
        from courses.catalog import module_facts, module_offerings
        from courses.page_context import module_extras

        context = super().get_context(request, *args, **kwargs)
        context.update(module_facts(self))
        context["offerings"] = module_offerings(self)
        context["module_extras"] = module_extras(request, self, context["offerings"])
        context.update(self.materials_for(request.user))
        return context

    def materials_for(self, user) -> dict:
        """The public materials, and the participant materials if ``user`` may have them."""
        from courses.access import can_access_participant_materials
        from courses.models.materials import ParticipantMaterial, PublicMaterial
        from courses.services.materials import materials_of_module

        # A translation shows the materials uploaded to the German page (one query each).
        public = materials_of_module(PublicMaterial, self)
        participant = []
        if can_access_participant_materials(user, self):
            participant = materials_of_module(ParticipantMaterial, self)
        return {"public_materials": public, "participant_materials": participant}

    def offerings_for_any_translation(self):
        """The offerings of this module, shared by all its translations."""
        from courses.models.offerings import Offering

        return Offering.objects.for_module(self)

    def permissions_for_user(self, user):
        # Trainers edit only modules they own or teach, and never publish (courses.permissions).
        return ModulePermissionTester(user, self)
