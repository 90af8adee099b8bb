"""Releasing seat contingents: at ``release_at`` unused reserved seats become general seats.

The release itself needs no job: seat counting (``courses.services.seats``) stops keeping a
contingent's seats back the moment its ``release_at`` has passed. What must happen once is
that the waiting list moves up into the seats that became free, and that is what
``release_due_contingents`` does (``manage.py release_contingents`` from cron).
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.log_actions import log

from courses.models import Contingent
from courses.services.enrolment import each_locked_offering, promote_waiting
from portal import content_version


def release_due_contingents(now=None) -> int:
    """Mark every contingent whose ``release_at`` has passed as released and serve the
    waiting lists of their offerings, first come first served. Returns how many contingents
    were released.

    Safe to run repeatedly and concurrently: each offering is handled under its lock and a
    contingent is claimed by a conditional update (``released_at IS NULL``), so a second run
    finds nothing left to do.
    """
    now = now or timezone.now()
    due = Contingent.objects.filter(released_at__isnull=True, release_at__lte=now)
    released = 0
    for offering in each_locked_offering(due):
        ids = list(due.filter(offering=offering).values_list("pk", flat=True))
        if not ids:
            continue
        released += Contingent.objects.filter(pk__in=ids, released_at__isnull=True).update(
            released_at=now
        )
        content_version.bump()  # the module page no longer names these reserved seats
        promoted = promote_waiting(offering, now)
        log(
            offering,
            "courses.offering.contingents_released",
            user=None,
            data={"contingents": ids, "promoted": [e.pk for e in promoted]},
        )
    return released
