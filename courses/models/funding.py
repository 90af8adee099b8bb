"""Who pays for a module or an offering: the funder, the programme and its reference.

A module names its funding once; an offering names its own only where it differs (a run
paid from another programme), and then its rows replace the module's for that offering.
The funders' report (``courses.reports``) and the signed participant list read them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class FundingLink(Orderable):
    funder = models.ForeignKey(
        "portal.Provider",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "funder"},
    )
    programme = models.CharField(
        _("programme"), max_length=255, help_text=_("For example “Demokratie leben!”.")
    )
    reference = models.CharField(
        _("funding reference"),
        max_length=100,
        blank=True,
        help_text=_("The “Förderkennzeichen” of the grant."),
    )

    panels = [
        FieldPanel("funder"),
        FieldRowPanel([FieldPanel("programme"), FieldPanel("reference")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        parts = [str(self.funder), self.programme]
        if self.reference:
            parts.append(self.reference)
        return " – ".join(parts)


class ModuleFunding(FundingLink):
    page = ParentalKey("courses.ModulePage", on_delete=models.CASCADE, related_name="fundings")

    class Meta(FundingLink.Meta):
        verbose_name = _("funding")
        verbose_name_plural = _("funding")


class OfferingFunding(FundingLink):
    offering = ParentalKey("courses.Offering", on_delete=models.CASCADE, related_name="fundings")

    class Meta(FundingLink.Meta):
        verbose_name = _("funding of this offering")
        verbose_name_plural = _("funding of this offering")
