"""Retention of workshop registrations (R6; the runner is ``portal.retention``).

``event_days`` (one year by default) after a workshop talk ended, its registrations lose the
link to the person, as they do when an account is deleted (``workshops.privacy``). What stays
(workshop, status, field of work, dates) is the statistic of who came from which field of
work, and says nothing about a person.
"""

from __future__ import annotations

import datetime

from portal.retention import cutoff
from workshops.models import WorkshopRegistration


def retain_registrations(now: datetime.datetime, p: dict) -> dict:
    anonymised = WorkshopRegistration.objects.filter(
        workshop__ends_at__lt=cutoff(now, p["event_days"]), user__isnull=False
    ).update(user=None)
    return {"workshop_registrations_anonymised": anonymised}
