"""What professionals ask for: consultation and in-house requests, interests in a module.

Consultation and in-house requests also become findings (``needs_analysis.services.intake``),
as does the first interest of a person in a module (``needs_analysis.services.interests``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from needs_analysis.models.vocabulary import NO_CLIENT_DATA_HELP, Phase
from portal.models.projects import InProjectByRegion
from portal.roles import COORDINATORS


class Request(InProjectByRegion):
    """What every request of a professional has: region and field of work, the one-time token
    of the form it came from, timestamps. Abstract: consultation and in-house requests."""

    region = models.ForeignKey(
        "portal.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    audience = models.ForeignKey(
        "portal.Audience",
        verbose_name=_("field of work"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("One-time token of the form it came from: a second submit adds nothing."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class ConsultationRequest(Request):
    """A professional asks for case consultation ("Fachberatung") on an anonymised situation.

    Routed to the coordination of its project (``needs_analysis.notifications``), answered in
    a message thread (``ConsultationMessage``), due ``due_at`` (working days of the region's
    state, a setting). The states follow from actions: ``needs_analysis.services.consultation``.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ASSIGNED = "assigned", _("assigned")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    #: States in which the request is still open (not closed).
    OPEN_STATES = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
    )
    topics = models.ManyToManyField(
        "portal.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    description = models.TextField(
        _("situation (anonymised)"),
        help_text=_(
            "Describe the situation without personal data about clients (no names, dates "
            "of birth or case numbers)."
        ),
    )
    preferred_contact = models.CharField(
        _("preferred contact"), max_length=255, blank=True, help_text=_("Phone or email.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_consultations",
        limit_choices_to={"groups__name": COORDINATORS},
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Only for the coordination; the professional does not see it."),
    )
    redacted = models.BooleanField(_("redacted"), default=False)
    due_at = models.DateTimeField(
        _("due"),
        null=True,
        blank=True,
        help_text=_(
            "The first answer is due by then: set on arrival from the working days in the "
            "needs analysis settings, public holidays of the region's state excluded."
        ),
    )
    answered_at = models.DateTimeField(
        _("first answered"),
        null=True,
        blank=True,
        help_text=_("When the coordination first answered (or marked it answered)."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("assigned_to"), FieldPanel("due_at")]),
        FieldRowPanel([FieldPanel("region"), FieldPanel("audience"), FieldPanel("phase")]),
        FieldPanel("project", widget=forms.Select),
        FieldPanel("topics"),
        FieldPanel("description"),
        FieldPanel("preferred_contact"),
        FieldPanel("internal_notes"),
    ]

    class Meta(Request.Meta):
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")

    def __str__(self):
        return _("Consultation request #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        if self.due_at is None and self._state.adding and self.region_id is not None:
            from needs_analysis.services.consultation import due_at_for

            self.due_at = due_at_for(self.region_id, self.created_at)
        super().save(*args, **kwargs)

    def is_overdue(self, now=None) -> bool:
        """Not answered yet and past its due date (``services.consultation.overdue`` is the
        same rule as a query)."""
        now = now or timezone.now()
        return (
            self.due_at is not None
            and self.due_at < now
            and self.answered_at is None
            and self.status != self.Status.CLOSED
        )


class InHouseRequest(Request):
    """An organisation asks for a module as an in-house training for its team."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        PLANNED = "planned", _("planned")
        DECLINED = "declined", _("declined")
        CLOSED = "closed", _("closed")

    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="in_house_requests",
    )
    organisation = models.CharField(_("organisation"), max_length=255)
    group_size = models.PositiveIntegerField(_("group size"))
    preferred_period = models.CharField(
        _("preferred period"), max_length=255, blank=True, help_text=_("For example “spring”.")
    )
    message = models.TextField(_("message"), blank=True, help_text=NO_CLIENT_DATA_HELP)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    offering = models.ForeignKey(
        "courses.Offering",
        verbose_name=_("offering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The offering planned for this request."),
    )

    panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("offering")]),
        FieldPanel("module"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("region"), FieldPanel("audience")]),
        FieldPanel("project", widget=forms.Select),
        FieldRowPanel([FieldPanel("group_size"), FieldPanel("preferred_period")]),
        FieldPanel("message"),
    ]

    class Meta(Request.Meta):
        verbose_name = _("in-house request")
        verbose_name_plural = _("in-house requests")

    def __str__(self):
        return f"{self.organisation} – {self.module}"


class Interest(models.Model):
    """ "Tell me when this module is offered in my region" ("Interessenbekundung")."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        NOTIFIED = "notified", _("notified")
        WITHDRAWN = "withdrawn", _("withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="module_interests",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    notified_offering = models.ForeignKey(
        "courses.Offering",
        verbose_name=_("notified about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("module"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("status")]),
    ]

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"],
                condition=Q(status="active"),
                name="needs_analysis_one_active_interest",
            )
        ]

    def __str__(self):
        return f"{self.module} – {self.region}"
