"""``Finding`` ("Befund"): one need of professionals, from any intake channel."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from needs_analysis.models.vocabulary import (
    NO_CLIENT_DATA_HELP,
    Channel,
    Kind,
    Phase,
    Urgency,
)
from portal.models.projects import InProjectByRegion


class FindingQuerySet(models.QuerySet):
    def counting(self):
        """Findings that count for the demand (everything but archived)."""
        return self.exclude(status=Finding.Status.ARCHIVED)

    def open(self):
        """Findings no offering answers yet (new or reviewed)."""
        return self.filter(status__in=[Finding.Status.NEW, Finding.Status.REVIEWED])


class Finding(InProjectByRegion):
    """One need ("Befund / Bedarf") of professionals, from any channel.

    ``recorded_on`` is the day the need was stated (the workshop's day for workshop findings);
    the demand decays with its age. ``offerings`` are the offerings it led to.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        REVIEWED = "reviewed", _("reviewed")
        PLANNED = "planned", _("planned")
        ADDRESSED = "addressed", _("addressed")
        ARCHIVED = "archived", _("archived")

    Channel = Channel
    Phase = Phase
    Kind = Kind
    Urgency = Urgency

    channel = models.CharField(
        _("channel"), max_length=15, choices=Channel.choices, default=Channel.REPORT
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("workshop talk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
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
    topics = models.ManyToManyField(
        "portal.Topic", verbose_name=_("topics"), related_name="findings"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    kind = models.CharField(
        _("kind of need"), max_length=15, choices=Kind.choices, default=Kind.KNOWLEDGE
    )
    urgency = models.CharField(
        _("urgency"), max_length=6, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    staff_affected = models.PositiveIntegerField(
        _("staff affected"),
        default=1,
        help_text=_("An estimate: how many professionals share this need."),
    )
    description = models.TextField(_("description"), blank=True, help_text=NO_CLIENT_DATA_HELP)
    redacted = models.BooleanField(
        _("redacted"), default=False, help_text=_("The description was blacked out.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    offerings = models.ManyToManyField(
        "courses.Offering",
        verbose_name=_("offerings it led to"),
        blank=True,
        related_name="findings",
    )
    recorded_on = models.DateField(
        _("recorded on"),
        default=timezone.localdate,
        db_index=True,
        help_text=_("The day the need was stated; its weight decays from this day on."),
    )
    # Where it came from (one of these at most, depending on the channel).
    consultation_request = models.ForeignKey(
        "needs_analysis.ConsultationRequest",
        verbose_name=_("consultation request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    in_house_request = models.ForeignKey(
        "needs_analysis.InHouseRequest",
        verbose_name=_("in-house request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    interest = models.ForeignKey(
        "needs_analysis.Interest",
        verbose_name=_("interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    renewal_of = models.ForeignKey(
        "courses.Qualification",
        verbose_name=_("qualification to renew"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Other origin, for example an evaluation of an offering."),
    )
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("One-time token of the form it came from: a second submit adds nothing."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FindingQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("channel"), FieldPanel("status"), FieldPanel("recorded_on")]),
        FieldPanel("workshop"),
        FieldRowPanel(
            [
                FieldPanel("region"),
                FieldPanel("audience"),
                FieldPanel("project", widget=forms.Select),
            ]
        ),
        FieldPanel("topics"),
        FieldRowPanel([FieldPanel("phase"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("urgency"), FieldPanel("staff_affected")]),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("offerings"), FieldPanel("source")], heading=_("Links")),
    ]

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-recorded_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "recorded_on"]),
            # The findings list's order: its first page without sorting 100,000 rows.
            models.Index(fields=["-recorded_on", "-id"], name="na_finding_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff_affected__gte=1), name="needs_analysis_finding_staff_positive"
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} – {self.region}"

    @property
    def topic_labels(self) -> str:
        return ", ".join(topic.label for topic in self.topics.all())

    @property
    def offering_labels(self) -> str:
        return "; ".join(str(offering) for offering in self.offerings.all())
