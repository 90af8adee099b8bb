"""Mails that go out once per enrolment on a schedule: the reminder before an offering starts
and the request to evaluate it after it ended (``manage.py send_reminders`` and
``send_evaluation_requests``, run from cron). The transfer survey months later follows the same
claim in ``courses.services.transfer``.

Both claim each enrolment in the database before queuing its mail (``claim_once``): runs may
overlap or repeat, and still every person gets each mail exactly once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from courses import notifications
from courses.models import Enrollment, Format, Offering
from courses.models.offerings import BERLIN
from courses.services.attendance import attended_ids

REMINDER_HOURS = 48
EVALUATION_REQUEST_DAYS = 30


def claim_once(enrollments, *, field: str, event: str, now: datetime.datetime, **still) -> int:
    """Set ``field`` to ``now`` on each confirmed enrolment where it is still empty, and queue
    the ``event`` mail for those claimed; return how many were claimed.

    The claim is a conditional UPDATE (``field`` empty, the enrolment still confirmed and
    matching ``still``): of several concurrent or repeated runs exactly one claims an
    enrolment, and its mail leaves only after that claim has committed.
    """
    sent = 0
    for enrollment in enrollments:
        with transaction.atomic():
            claimed = Enrollment.objects.filter(
                pk=enrollment.pk,
                status=Enrollment.Status.CONFIRMED,
                **{f"{field}__isnull": True},
                **still,
            ).update(**{field: now})
            if claimed == 1:
                notifications.notify(enrollment, event)
                sent += 1
    return sent


# Reminders ------------------------------------------------------------------------------------


def due_reminders(now: datetime.datetime, hours: int = REMINDER_HOURS) -> list[Enrollment]:
    """Confirmed enrolments without a reminder whose open offering's first session starts
    after ``now`` and at most ``hours`` later."""
    until = now + datetime.timedelta(hours=hours)
    offerings = (
        Offering.objects.with_dates()
        .filter(status=Offering.Status.OPEN)
        .filter(
            first_date__gte=timezone.localtime(now, BERLIN).date(),
            first_date__lte=timezone.localtime(until, BERLIN).date(),
        )
        .prefetch_related("sessions")
    )
    due = {o.pk for o in offerings if o.starts_at is not None and now < o.starts_at <= until}
    return list(
        Enrollment.objects.confirmed()
        .filter(offering_id__in=due, reminder_sent_at__isnull=True, user__isnull=False)
        .order_by("offering_id", "pk")
    )


def claim_reminders(enrollments, now: datetime.datetime) -> int:
    """Queue the reminder of each enrolment not reminded yet (see ``claim_once``)."""
    return claim_once(enrollments, field="reminder_sent_at", event=notifications.REMINDER, now=now)


def send_reminders(hours: int = REMINDER_HOURS, now: datetime.datetime | None = None) -> int:
    """Remind everybody whose offering starts within ``hours``; return how many were queued."""
    now = now or timezone.now()
    return claim_reminders(due_reminders(now, hours), now)


# Evaluation requests --------------------------------------------------------------------------


def due_evaluation_requests(
    now: datetime.datetime, days: int = EVALUATION_REQUEST_DAYS
) -> list[Enrollment]:
    """Attended, not yet evaluated, not yet asked enrolments of offerings that ended in the
    last ``days`` days (and were not cancelled). Professional exchange meetings are not
    evaluated: their participants are not asked."""
    since = timezone.localdate(now) - datetime.timedelta(days=days)
    offerings = (
        Offering.objects.not_cancelled()
        .exclude(format=Format.EXCHANGE)
        .with_dates()
        .filter(last_date__gte=since, last_date__lte=timezone.localdate(now))
        .prefetch_related("sessions")
    )
    ended = [o.pk for o in offerings if o.ends_at is not None and o.ends_at <= now]
    candidates = list(
        Enrollment.objects.confirmed()
        .filter(
            offering_id__in=ended,
            evaluated=False,
            evaluation_requested_at__isnull=True,
            user__isnull=False,
        )
        .order_by("offering_id", "pk")
    )
    attended = attended_ids(candidates)
    return [e for e in candidates if e.pk in attended]


def send_evaluation_requests(
    days: int = EVALUATION_REQUEST_DAYS, now: datetime.datetime | None = None
) -> int:
    """Ask everybody who attended an offering that ended in the last ``days`` days, once."""
    now = now or timezone.now()
    return claim_once(
        due_evaluation_requests(now, days),
        field="evaluation_requested_at",
        event=notifications.EVALUATION_REQUEST,
        now=now,
        evaluated=False,
    )
