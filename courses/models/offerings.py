"""Offerings: the scheduled runs of a module, with their sessions."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from courses.models.pages import Format
from portal.roles import TRAINERS

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _count_enrollments(*statuses):
    from courses.models.enrollments import Enrollment

    return Coalesce(
        Subquery(
            Enrollment.objects.filter(offering=OuterRef("pk"), status__in=statuses)
            .order_by()
            .values("offering")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


class OfferingQuerySet(models.QuerySet):
    def for_module(self, module):
        """Offerings of a module page or any of its translations (they share offerings)."""
        return self.filter(module__translation_key=module.translation_key)

    def with_seat_counts(self):
        """Annotate ``seats_taken``, ``waitlist_length`` and ``requests_count`` (no N+1)."""
        from courses.models.enrollments import Enrollment

        Status = Enrollment.Status
        return self.annotate(
            seats_taken=_count_enrollments(*Enrollment.SEAT_STATUSES),
            waitlist_length=_count_enrollments(Status.WAITLISTED),
            requests_count=_count_enrollments(Status.REQUESTED),
        )

    def with_dates(self):
        """Annotate ``first_date`` and ``last_date`` of the sessions."""
        sessions = Session.objects.filter(offering=OuterRef("pk")).order_by()
        return self.annotate(
            first_date=Subquery(sessions.order_by("date", "start_time").values("date")[:1]),
            last_date=Subquery(sessions.order_by("-date", "-end_time").values("date")[:1]),
        )

    def not_cancelled(self):
        return self.exclude(status=Offering.Status.CANCELLED)

    def serving(self, region):
        """Offerings that serve a person in ``region``: held in it or anywhere below it, or
        online for a region above it (an online offering for a state serves its districts).

        The one region rule: the catalogue's region filter, the interest notifications and the
        demand service all go through this or ``Offering.serves``.
        """
        return self.filter(
            Q(region_id__in=region.subtree_ids())
            | Q(region_id__in=region.ancestor_ids(), format=Format.ONLINE)
        )


class Offering(ClusterableModel):
    """One scheduled run of a module ("Termin"): where, when, how many seats, for whom.

    Seats are never stored: they are counted from the enrolments (``with_seat_counts``).
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open for registration")
        CANCELLED = "cancelled", _("cancelled")
        COMPLETED = "completed", _("completed")

    Format = Format

    def serves(self, region) -> bool:
        """``Offering.objects.serving(region)`` for one offering already in memory."""
        if self.region_id in region.subtree_ids():
            return True
        return self.format == Format.ONLINE and self.region_id in region.ancestor_ids()

    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    title_suffix = models.CharField(
        _("title addition"),
        max_length=120,
        blank=True,
        help_text=_("Optional, for example “for probation services in Halle”."),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.TextField(
        _("venue"), blank=True, help_text=_("Address of the venue (in person or hybrid).")
    )
    online_access = models.TextField(
        _("online access"),
        blank=True,
        help_text=_("Link and access details; shown only to confirmed participants."),
    )
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="offerings",
        help_text=_("Online offerings count for this region and everything below it."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), default=16)
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: until the first session starts."),
    )
    cancellation_deadline = models.DateTimeField(
        _("cancellation deadline"),
        null=True,
        blank=True,
        help_text=_("Later cancellations are possible but marked late."),
    )
    requires_approval = models.BooleanField(
        _("requires approval"),
        default=False,
        help_text=_("Enrolments are requests until the coordination approves them."),
    )
    eligible_audiences = ParentalManyToManyField(
        "portal.Audience",
        verbose_name=_("eligible fields of work"),
        blank=True,
        related_name="+",
        help_text=_("Empty: open to everyone."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="trained_offerings",
        limit_choices_to={"groups__name": TRAINERS},
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class WaitlistMode(models.TextChoices):
        AUTOMATIC = "automatic", _("automatically")
        OFFER = "offer", _("offer with a deadline")

    waitlist_mode = models.CharField(
        _("freed seats go to the waiting list"),
        max_length=10,
        choices=WaitlistMode.choices,
        default=WaitlistMode.AUTOMATIC,
        help_text=_(
            "“Offer with a deadline”: the first person on the waiting list is offered the "
            "seat and has to accept it in time, otherwise it goes to the next person."
        ),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offer"),
        default=48,
        validators=[MinValueValidator(1)],
        help_text=_("Shortened automatically when the offering starts sooner."),
    )
    minimum_participants = models.PositiveSmallIntegerField(
        _("minimum number of participants"), null=True, blank=True
    )
    decision_date = models.DateField(
        _("go/no-go date"),
        null=True,
        blank=True,
        help_text=_("By this day the coordination decides whether an under-booked offering runs."),
    )
    # When the coordination was told that the offering is below its minimum (once), and
    # when it decided that the offering runs anyway ("Findet statt").
    minimum_alert_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_to_run_at = models.DateTimeField(
        _("confirmed to run"), null=True, blank=True, editable=False
    )
    confirmed_to_run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed to run by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Only visible in the admin.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    panels = [
        FieldPanel("module"),
        FieldPanel("title_suffix"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("format"), FieldPanel("capacity")]),
        InlinePanel("sessions", heading=_("Sessions"), label=_("Session"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("region"), FieldPanel("venue"), FieldPanel("online_access")],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_opens"),
                FieldPanel("registration_closes"),
                FieldPanel("cancellation_deadline"),
                FieldPanel("requires_approval"),
                FieldPanel("eligible_audiences"),
            ],
            heading=_("Registration"),
        ),
        InlinePanel(
            "contingents",
            heading=_("Contingents"),
            label=_("Contingent"),
            help_text=_(
                "Seats reserved for some fields of work until a date; then they are open to "
                "everyone."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("waitlist_mode"), FieldPanel("offer_hours")]),
                FieldRowPanel([FieldPanel("minimum_participants"), FieldPanel("decision_date")]),
            ],
            heading=_("Waiting list and minimum"),
        ),
        InlinePanel(
            "fundings",
            heading=_("Funding"),
            label=_("Funding"),
            help_text=_("Only where it differs from the module's funding."),
        ),
        FieldPanel("trainers"),
        FieldPanel("cancellation_reason"),
        FieldPanel("internal_notes"),
    ]

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["-created_at"]

    def __str__(self):
        title = self.module.title
        if self.title_suffix:
            title = f"{title} – {self.title_suffix}"
        first = self.first_session
        if first:
            title = f"{title} ({date_format(first.date, 'SHORT_DATE_FORMAT')})"
        return title

    def clean(self):
        errors = {}
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.format in (Format.IN_PERSON, Format.HYBRID) and not self.venue.strip():
            errors["venue"] = _("An offering in person needs a venue.")
        if errors:
            raise ValidationError(errors)

    # Sessions are read through ``self.sessions.all()`` so that a prefetch is used.

    @property
    def ordered_sessions(self) -> list["Session"]:
        return sorted(self.sessions.all(), key=lambda s: (s.date, s.start_time))

    @property
    def first_session(self):
        if not self.pk:
            return None
        sessions = self.ordered_sessions
        return sessions[0] if sessions else None

    @property
    def starts_at(self) -> datetime.datetime | None:
        first = self.first_session
        return first.starts_at if first else None

    @property
    def ends_at(self) -> datetime.datetime | None:
        if not self.pk:
            return None
        sessions = self.ordered_sessions
        return max(s.ends_at for s in sessions) if sessions else None

    def has_started(self, now=None) -> bool:
        starts_at = self.starts_at
        return starts_at is not None and starts_at <= (now or timezone.now())

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Session(models.Model):
    """One day (or part of a day) of an offering; multi-day offerings have several."""

    offering = ParentalKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")])
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="courses_session_ends_after_start",
            )
        ]

    def __str__(self):
        day = date_format(self.date, "SHORT_DATE_FORMAT")
        return f"{day} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=BERLIN)

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=BERLIN)
