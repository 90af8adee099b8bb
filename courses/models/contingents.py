"""Seat contingents ("Kontingente"): seats of an offering reserved for some fields of work.

A contingent holds seats back for the audiences it names until ``release_at``; from then on
its unused seats are ordinary seats. Nothing here is a counter: which seat an enrolment took
is recorded on the enrolment (``Enrollment.contingent``) and the free seats are counted from
the enrolment rows by ``courses.services.seats``.
"""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class Contingent(ClusterableModel):
    offering = ParentalKey(
        "courses.Offering",
        verbose_name=_("offering"),
        on_delete=models.CASCADE,
        related_name="contingents",
    )
    audiences = ParentalManyToManyField(
        "portal.Audience",
        verbose_name=_("reserved for"),
        related_name="+",
        help_text=_("People whose profile names one of these fields of work."),
    )
    seats = models.PositiveSmallIntegerField(_("reserved seats"))
    release_at = models.DateTimeField(
        _("reserved until"),
        help_text=_(
            "Then unused reserved seats are open to everyone and the waiting list moves up."
        ),
    )
    # Set once by ``release_due_contingents`` after it served the waiting list for this
    # release; the release itself takes effect at ``release_at`` whether or not it ran.
    released_at = models.DateTimeField(_("released"), null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("seats"), FieldPanel("release_at")]),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        verbose_name = _("contingent")
        verbose_name_plural = _("contingents")
        ordering = ["release_at", "pk"]
        indexes = [models.Index(fields=["released_at", "release_at"], name="courses_cont_due")]

    def __str__(self):
        names = ", ".join(audience.label for audience in self.audiences.all())
        return f"{self.seats} × {names}"

    def is_reserved(self, now=None) -> bool:
        return self.release_at > (now or timezone.now())
