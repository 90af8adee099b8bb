"""``manage.py send_evaluation_requests``: ask attended participants to evaluate an offering."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from courses import notifications, services
from courses.models import Enrollment, Offering

DEFAULT_DAYS = 30


def due_enrollments(now: datetime.datetime, days: int = DEFAULT_DAYS) -> list[Enrollment]:
    """Attended, not yet evaluated, not yet asked enrolments of offerings that ended in the
    last ``days`` days (and were not cancelled)."""
    since = timezone.localdate(now) - datetime.timedelta(days=days)
    offerings = (
        Offering.objects.not_cancelled()
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
    attended = services.attended_ids(candidates)
    return [e for e in candidates if e.pk in attended]


def claim_and_notify(enrollments, now: datetime.datetime) -> int:
    """Claim each enrolment with a conditional UPDATE (``evaluation_requested_at`` still empty),
    then queue the mail on commit: one request per enrolment, even when runs overlap."""
    sent = 0
    for enrollment in enrollments:
        with transaction.atomic():
            claimed = Enrollment.objects.filter(
                pk=enrollment.pk,
                status=Enrollment.Status.CONFIRMED,
                evaluated=False,
                evaluation_requested_at__isnull=True,
            ).update(evaluation_requested_at=now)
            if claimed == 1:
                notifications.notify(enrollment, notifications.EVALUATION_REQUEST)
                sent += 1
    return sent


def send_evaluation_requests(days: int = DEFAULT_DAYS, now=None) -> int:
    now = now or timezone.now()
    return claim_and_notify(due_enrollments(now, days), now)


class Command(BaseCommand):
    help = (
        "Ask every participant who attended an offering that has ended (within the last "
        "--days days, default 30) to fill in the anonymous evaluation, once. Run it daily "
        "from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, days, **options):
        if days <= 0:
            raise CommandError("--days must be a positive number.")
        sent = send_evaluation_requests(days=days)
        self.stdout.write(f"{sent} evaluation request(s) sent.")
