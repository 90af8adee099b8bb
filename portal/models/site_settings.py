"""Settings editors change in the admin: contact details, legal pages, footer organisations."""

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Contact details and the pages every German public site links from its footer."""

    organisation = models.CharField(
        _("organisation"), max_length=255, blank=True, help_text=_("Who runs the platform.")
    )
    address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)

    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("imprint (Impressum)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_organisations = models.ManyToManyField(
        "portal.Provider",
        verbose_name=_("organisations in the footer"),
        blank=True,
        related_name="+",
        help_text=_("Providers and funders named at the bottom of every page."),
    )

    minimum_warning_days = models.PositiveSmallIntegerField(
        _("warn about missed minimums (days)"),
        default=14,
        help_text=_(
            "From this many days before an offering's go/no-go date, an offering below its "
            "minimum number of participants is shown to the coordination, who get one email."
        ),
    )
    ask_gender = models.BooleanField(
        _("ask for gender (voluntary)"),
        default=False,
        help_text=_(
            "Only if a funder requires it. Profiles then offer a voluntary gender field "
            "(including “prefer not to say”); reports show it only as counts of three or more."
        ),
    )
    transfer_survey_days = models.PositiveSmallIntegerField(
        _("transfer survey after (days)"),
        default=90,
        validators=[MinValueValidator(1)],
        help_text=_(
            "So many days after an offering ended, everybody who attended it gets one short, "
            "anonymous survey: what they could apply in practice and what they still need. "
            "Not for professional exchange meetings."
        ),
    )
    renewal_grace_days = models.PositiveSmallIntegerField(
        _("grace period for renewal (days)"),
        default=180,
        help_text=_(
            "A refresher attended up to this many days after a certificate expired still "
            "renews it, from the day of the refresher. Later, the qualification must be "
            "earned again."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("office_hours"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_page"),
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Pages in the footer"),
        ),
        FieldPanel("footer_organisations", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("minimum_warning_days"), FieldPanel("ask_gender")],
            heading=_("Funded programmes"),
        ),
        MultiFieldPanel(
            [FieldPanel("transfer_survey_days"), FieldPanel("renewal_grace_days")],
            heading=_("After trainings"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
