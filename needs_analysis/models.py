"""The needs analysis: findings from every channel, and the requests that lead to them.

A ``Finding`` ("Befund") is one need of professionals, recorded from a workshop talk, a report,
a consultation request, an in-house request, an interest or an evaluation answer. Demand,
supply and gap are computed from findings and offerings in ``needs_analysis.services``.

Findings, consultation requests and workshop records hold no personal data about clients:
the forms say so and coordinators can redact descriptions (``redacted``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portal.roles import COORDINATORS

REDACTED_TEXT = "[geschwärzt]"

NO_CLIENT_DATA_HELP = _(
    "Do not enter personal data about clients (names, dates of birth, case numbers)."
)


class Channel(models.TextChoices):
    WORKSHOP = "workshop", _("workshop talk")
    REPORT = "report", _("needs report")
    CONSULTATION = "consultation", _("consultation request")
    IN_HOUSE = "in_house", _("in-house request")
    INTEREST = "interest", _("interest")
    EVALUATION = "evaluation", _("evaluation")


class Phase(models.TextChoices):
    CUSTODY = "custody", _("in custody")
    RELEASE_PREPARATION = "release_preparation", _("release preparation")
    AFTER_RELEASE = "after_release", _("after release")
    PROBATION = "probation", _("probation / ambulant")
    PREVENTION = "prevention", _("prevention")


class Kind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("knowledge")
    CONFIDENCE = "confidence", _("confidence in practice")
    CONSULTATION = "consultation", _("case consultation")
    MATERIAL = "material", _("material")
    NETWORKING = "networking", _("networking")
    STRUCTURAL = "structural", _("structural barrier")


class Urgency(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


# DESIGN.md §4: the weight of a finding is staff affected × this factor × decay.
URGENCY_FACTORS = {Urgency.LOW: 0.5, Urgency.MEDIUM: 1.0, Urgency.HIGH: 1.5}


class FindingQuerySet(models.QuerySet):
    def counting(self):
        """Findings that count for the demand (everything but archived)."""
        return self.exclude(status=Finding.Status.ARCHIVED)

    def open(self):
        """Findings no offering answers yet (new or reviewed)."""
        return self.filter(status__in=[Finding.Status.NEW, Finding.Status.REVIEWED])


class Finding(models.Model):
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
        FieldRowPanel([FieldPanel("region"), FieldPanel("audience")]),
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
        indexes = [models.Index(fields=["status", "recorded_on"])]
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

    @property
    def urgency_factor(self) -> float:
        return URGENCY_FACTORS[self.urgency]


class Request(models.Model):
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
    """A professional asks for case consultation ("Fachberatung") on an anonymised situation."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", _("closed")

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
    internal_notes = models.TextField(_("internal notes"), blank=True)
    redacted = models.BooleanField(_("redacted"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("assigned_to")]),
        FieldRowPanel([FieldPanel("region"), FieldPanel("audience"), FieldPanel("phase")]),
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


@register_setting(icon="cog")
class NeedsAnalysisSettings(BaseGenericSetting):
    """How demand decays and how far ahead offerings count as supply."""

    half_life_days = models.PositiveIntegerField(
        _("half-life of a finding (days)"),
        default=365,
        help_text=_("After this many days a finding counts half."),
    )
    planning_horizon_days = models.PositiveIntegerField(
        _("planning horizon (days)"),
        default=365,
        help_text=_("Offerings starting within this many days count as supply."),
    )

    panels = [FieldPanel("half_life_days"), FieldPanel("planning_horizon_days")]

    class Meta:
        verbose_name = _("needs analysis settings")
        verbose_name_plural = _("needs analysis settings")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.half_life_days < 1:
            raise ValidationError({"half_life_days": _("At least one day.")})
