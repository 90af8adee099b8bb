"""Registration for workshop talks: the same locking rule as enrolments (DESIGN.md §4).

The workshop row is locked once (``select_for_update``) just before the seats are counted, so
concurrent registrations serialise and a capacity, if set, is never exceeded. Each change
mails the person after commit (``workshops.notifications``): a confirmation with the talk's
calendar file, or a short note on cancellation.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from workshops import notifications
from workshops.models import Workshop, WorkshopRegistration

Status = WorkshopRegistration.Status


class RegistrationError(Exception):
    MESSAGES = {
        "already_registered": _("You are already registered for this workshop talk."),
        "full": _("This workshop talk is fully booked."),
        "closed": _("Registration for this workshop talk is closed."),
        "not_registered": _("You are not registered for this workshop talk."),
    }

    def __init__(self, code: str):
        self.code = code
        self.message = self.MESSAGES[code]
        super().__init__(str(self.message))


def register(workshop: Workshop, user) -> WorkshopRegistration:
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if locked.status != Workshop.Status.PLANNED or locked.starts_at <= timezone.now():
            raise RegistrationError("closed")
        active = WorkshopRegistration.objects.filter(workshop=locked, status=Status.REGISTERED)
        if active.filter(user=user).exists():
            raise RegistrationError("already_registered")
        if locked.capacity is not None and active.count() >= locked.capacity:
            raise RegistrationError("full")
        try:
            with transaction.atomic():
                registration = WorkshopRegistration.objects.create(
                    workshop=locked, user=user, audience_id=getattr(user, "audience_id", None)
                )
        except IntegrityError as error:
            raise RegistrationError("already_registered") from error
        log(registration, "workshops.registration.registered", user=user)
        notifications.notify(registration, notifications.REGISTERED)
        return registration


def cancel(workshop: Workshop, user) -> WorkshopRegistration:
    with transaction.atomic():
        registration = (
            WorkshopRegistration.objects.select_for_update()
            .filter(workshop=workshop, user=user, status=Status.REGISTERED)
            .first()
        )
        if registration is None:
            raise RegistrationError("not_registered")
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        log(registration, "workshops.registration.cancelled", user=user)
        notifications.notify(registration, notifications.CANCELLED)
        return registration
