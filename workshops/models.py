"""Workshop talks ("Werkstattgespräche"): regional meetings of the needs analysis.

A workshop talk is a plain model (not a page): it has registrations and a record (protocol,
attendance counts per field of work) that only coordinators see. The public listing of upcoming
talks is a Wagtail page (``WorkshopIndexPage``) that shows them by region, with a detail view
as a sub-URL of that page.

No personal data about clients is stored here; the attendance is counted per field of work,
not per person.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.models.projects import InProjectByRegion
from portal.roles import COORDINATORS

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class WorkshopQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Planned talks that have not ended yet, soonest first."""
        return self.filter(
            status=Workshop.Status.PLANNED, ends_at__gte=now or timezone.now()
        ).order_by("starts_at", "pk")


class Workshop(InProjectByRegion, ClusterableModel):
    """One workshop talk ("Werkstattgespräch") in a region: invitation, registration, record.

    Facilitators are coordinators. After the talk, its record (summary, number of participants,
    counts per field of work) and its findings (``needs_analysis.Finding.workshop``) are added.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        DOCUMENTED = "documented", _("documented")
        CANCELLED = "cancelled", _("cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    title = models.CharField(_("title"), max_length=255)
    region = models.ForeignKey(
        "portal.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.TextField(_("venue"), blank=True, help_text=_("Address of the venue."))
    online_access = models.TextField(
        _("online access"),
        blank=True,
        help_text=_("Link and access details; shown only to registered participants."),
    )
    host = models.ForeignKey(
        "portal.Provider",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_workshops",
    )
    host_name = models.CharField(
        _("host organisation (text)"),
        max_length=255,
        blank=True,
        help_text=_("If the host is not in the list of organisations."),
    )
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_workshops",
        limit_choices_to={"groups__name": COORDINATORS},
    )
    audiences = ParentalManyToManyField(
        "portal.Audience",
        verbose_name=_("invited fields of work"),
        blank=True,
        related_name="+",
        help_text=_("Empty: open to every field of work."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    agenda = RichTextField(_("agenda"), blank=True, features=RICH_TEXT_FEATURES)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    summary = RichTextField(
        _("summary / protocol"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Internal. Do not record personal data about clients."),
    )
    participants_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = WorkshopQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("format"), FieldPanel("capacity")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("region"), FieldPanel("project", widget=forms.Select)]),
                FieldPanel("venue"),
                FieldPanel("online_access"),
            ],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("host"),
                FieldPanel("host_name"),
                FieldPanel("facilitators"),
                FieldPanel("audiences"),
            ],
            heading=_("Organisation"),
        ),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("participants_count"),
                InlinePanel(
                    "attendance_counts",
                    heading=_("Participants per field of work"),
                    label=_("Field of work"),
                ),
            ],
            heading=_("Record"),
        ),
    ]

    class Meta:
        verbose_name = _("workshop talk")
        verbose_name_plural = _("workshop talks")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="workshops_workshop_ends_after_start",
            )
        ]

    def __str__(self):
        day = date_format(timezone.localtime(self.starts_at), "SHORT_DATE_FORMAT")
        return f"{self.title} ({day})"

    @property
    def host_label(self) -> str:
        return str(self.host) if self.host_id else self.host_name

    @property
    def is_online(self) -> bool:
        return self.format == self.Format.ONLINE

    def registered_count_now(self) -> int:
        return self.registrations.filter(status=WorkshopRegistration.Status.REGISTERED).count()


class WorkshopAttendanceCount(models.Model):
    """How many people of one field of work took part in a workshop talk (no names)."""

    workshop = ParentalKey(Workshop, on_delete=models.CASCADE, related_name="attendance_counts")
    audience = models.ForeignKey(
        "portal.Audience",
        verbose_name=_("field of work"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("participants"), default=0)

    panels = [FieldRowPanel([FieldPanel("audience"), FieldPanel("count")])]

    class Meta:
        verbose_name = _("participants per field of work")
        verbose_name_plural = _("participants per field of work")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "audience"], name="workshops_attendance_unique_audience"
            )
        ]

    def __str__(self):
        return f"{self.audience}: {self.count}"


class WorkshopRegistration(models.Model):
    """One person registered for a workshop talk. One active registration per person."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        CANCELLED = "cancelled", _("cancelled")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop talk"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_registrations",
        help_text=_("Empty once the account was deleted."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    audience = models.ForeignKey(
        "portal.Audience",
        verbose_name=_("field of work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Copied from the profile at registration; kept for the statistics."),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workshop registration")
        verbose_name_plural = _("workshop registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(status="registered"),
                name="workshops_one_active_registration",
            )
        ]

    def __str__(self):
        return f"{self.user or '–'} – {self.workshop}"


class WorkshopIndexPage(RoutablePageMixin, Page):
    """The public listing of upcoming workshop talks by region, with a detail view per talk."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("workshop talks listing")
        verbose_name_plural = _("workshop talks listings")

    def upcoming_by_region(self):
        """[(state, [workshops])] for the upcoming talks, states in their sort order."""
        workshops = (
            Workshop.objects.upcoming()
            .select_related("region__parent", "host")
            .prefetch_related("audiences")
        )
        groups: dict = {}
        for workshop in workshops:
            state = workshop.region.parent or workshop.region
            groups.setdefault(state, []).append(workshop)
        return sorted(groups.items(), key=lambda item: (item[0].sort_order, item[0].name))

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request, context_overrides={"regions": self.upcoming_by_region()})

    @path("<int:pk>/")
    def detail_route(self, request, pk):
        workshop = get_object_or_404(
            Workshop.objects.exclude(status=Workshop.Status.CANCELLED)
            .select_related("region", "host")
            .prefetch_related("audiences"),
            pk=pk,
        )
        registration = None
        if request.user.is_authenticated:
            registration = workshop.registrations.filter(
                user=request.user, status=WorkshopRegistration.Status.REGISTERED
            ).first()
        return self.render(
            request,
            template="workshops/workshop_detail.html",
            context_overrides={
                "workshop": workshop,
                "registration": registration,
                "registered_count": workshop.registered_count_now(),
            },
        )

    def workshop_url(self, workshop) -> str:
        return self.url + self.reverse_subpage("detail_route", args=[workshop.pk])
