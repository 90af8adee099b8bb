"""Enrolments: one person on one offering, and the states they pass through."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Enrollment.ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Enrollment.Status.CONFIRMED)

    def holding_seats(self):
        """Confirmed enrolments and open offers: both take a seat."""
        return self.filter(status__in=Enrollment.SEAT_STATUSES)

    def requested(self):
        return self.filter(status=Enrollment.Status.REQUESTED).order_by("requested_at", "pk")

    def waitlist(self):
        """The waitlist in the order it is served: first come, first served."""
        return self.filter(status=Enrollment.Status.WAITLISTED).order_by("waitlisted_at", "pk")


class Enrollment(models.Model):
    """One person's enrolment ("Anmeldung") on an offering.

    Only confirmed enrolments take a seat. Requests (offerings that require approval) and the
    waitlist do not. The person may be gone (account deleted): the row stays, anonymised, for
    the statistics. Transitions happen only in ``courses.services``.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("waitlisted")
        OFFERED = "offered", _("seat offered")
        CANCELLED = "cancelled", _("cancelled")
        DECLINED = "declined", _("declined")

    ACTIVE_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    # A held offer counts as a taken seat until it is accepted, declined or expires.
    SEAT_STATUSES = (Status.CONFIRMED, Status.OFFERED)

    offering = models.ForeignKey(
        "courses.Offering",
        verbose_name=_("offering"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    comment = models.TextField(
        _("comment"),
        blank=True,
        help_text=_("From the person, for example dietary or accessibility needs."),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    offered_at = models.DateTimeField(_("seat offered"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    contingent = models.ForeignKey(
        "courses.Contingent",
        verbose_name=_("seat from contingent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )
    late_cancellation = models.BooleanField(_("cancelled late"), default=False)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    evaluation_requested_at = models.DateTimeField(
        _("asked for evaluation"), null=True, blank=True
    )
    evaluated = models.BooleanField(
        _("evaluated"),
        default=False,
        help_text=_("The person has answered the (anonymous) evaluation."),
    )
    # The transfer survey (R10), months after the offering: claimed once by
    # ``courses.services.transfer``; the answer itself is anonymous (``TransferAnswer``).
    transfer_survey_sent_at = models.DateTimeField(
        _("transfer survey sent"), null=True, blank=True
    )
    transfer_answered = models.BooleanField(
        _("transfer survey answered"),
        default=False,
        help_text=_("The person has answered the (anonymous) transfer survey."),
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "offering"],
                condition=Q(status__in=["requested", "confirmed", "waitlisted", "offered"]),
                name="courses_enrollment_one_active_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["offering", "status"], name="courses_enr_offering_status"),
            models.Index(
                fields=["offer_expires_at"],
                condition=Q(status="offered"),
                name="courses_enr_open_offers",
            ),
        ]

    def __str__(self):
        person = str(self.user) if self.user_id else _("deleted account")
        return f"{person} – {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    def waitlist_position(self) -> int | None:
        """1 for the first person on the waitlist; None when not waitlisted."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Enrollment.objects.waitlist()
            .filter(offering_id=self.offering_id)
            .filter(
                Q(waitlisted_at__lt=self.waitlisted_at)
                | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1
