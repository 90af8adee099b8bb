"""Minimum numbers of participants and the go/no-go date of an offering (issue R9).

An offering may name a minimum number of participants and a decision date. From
``SiteSettings.minimum_warning_days`` days before that date on, an offering that is still below
its minimum is listed for the coordination (``offerings_below_minimum``; the dashboard panel in
``courses.admin_minimums``) and the responsible coordination gets one mail about it
(``warn_below_minimum``, run from cron by ``manage.py warn_minimums``). On the decision date
the coordination decides: "Findet statt" (``confirm_runs``, optionally telling the
participants) or "Absagen" (``courses.services.offerings.cancel_offering``, with its mails).
Nothing is cancelled automatically.

Who counts towards the minimum: confirmed enrolments only. A held waiting-list offer
(``Enrollment.Status.OFFERED``) takes a seat, so that nobody else gets it, but the person has
not said yes yet; requests waiting for approval and the waiting list do not count either. The
minimum is about people who will come, so an offering is below it until enough have confirmed.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from courses.models import Enrollment, Offering, Session
from courses.models.offerings import BERLIN
from courses.services.enrolment import EnrollmentError, lock_offering

#: The default of ``SiteSettings.minimum_warning_days`` (used when no site settings exist).
DEFAULT_WARNING_DAYS = 14

#: Offerings in these states may still be decided on.
UNDECIDED_STATUSES = (Offering.Status.OPEN, Offering.Status.PLANNED)

ALREADY_CONFIRMED = _("This offering has already been confirmed to run.")

# Test hook for the concurrency test only: drop the claim's condition (negative control).
_CLAIM_ONCE = True


def warning_days() -> int:
    """``SiteSettings.minimum_warning_days`` of the default site (14 if there are none)."""
    from portal.models import SiteSettings

    days = (
        SiteSettings.objects.filter(site__is_default_site=True)
        .values_list("minimum_warning_days", flat=True)
        .first()
    )
    return DEFAULT_WARNING_DAYS if days is None else days


def confirmed_count():
    """The number of confirmed enrolments of the offering, as a subquery annotation."""
    confirmed = (
        Enrollment.objects.filter(offering=OuterRef("pk"), status=Enrollment.Status.CONFIRMED)
        .order_by()
        .values("offering")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(confirmed, output_field=IntegerField()), 0)


def with_minimum_state(queryset):
    """Annotate ``confirmed_count``, ``first_date`` and ``first_start`` (the first session's
    day and start time) on ``queryset``."""
    first = Session.objects.filter(offering=OuterRef("pk")).order_by("date", "start_time")
    return queryset.annotate(
        confirmed_count=confirmed_count(),
        first_date=Subquery(first.values("date")[:1]),
        first_start=Subquery(first.values("start_time")[:1]),
    )


def offerings_below_minimum(now: datetime.datetime | None = None, queryset=None):
    """The offerings the coordination has to decide on now, by decision date.

    Open or planned (not cancelled, not completed), not started yet, not confirmed to run,
    with a minimum and a decision date whose warning window has begun
    (``today >= decision_date - minimum_warning_days``) and fewer confirmed participants than
    the minimum. An offering whose decision date has passed without a decision stays listed
    until it starts. ``queryset`` narrows the offerings (for example to those a coordinator
    may see, ``courses.access.offerings_for``). One query for the offerings (plus one for the
    setting), with ``confirmed_count``, ``first_date`` and ``first_start`` annotated and the
    module loaded.
    """
    now = now or timezone.now()
    local = timezone.localtime(now, BERLIN)
    today = local.date()
    window_end = today + datetime.timedelta(days=warning_days())
    offerings = queryset if queryset is not None else Offering.objects.all()
    not_started = (
        Q(first_date__isnull=True)
        | Q(first_date__gt=today)
        | Q(first_date=today, first_start__gt=local.time())
    )
    return (
        with_minimum_state(offerings)
        .filter(
            status__in=UNDECIDED_STATUSES,
            confirmed_to_run_at__isnull=True,
            minimum_participants__gt=0,
            decision_date__isnull=False,
            decision_date__lte=window_end,
            confirmed_count__lt=F("minimum_participants"),
        )
        .filter(not_started)
        .select_related("module", "region")
        .order_by("decision_date", "first_date", "pk")
    )


def due_below_minimum(now: datetime.datetime | None = None) -> list[Offering]:
    """The offerings of ``offerings_below_minimum`` the coordination has not been told about."""
    return list(offerings_below_minimum(now).filter(minimum_alert_sent_at__isnull=True))


def claim_below_minimum(offerings, now: datetime.datetime) -> int:
    """Claim each offering not reported yet and queue its mail to the coordination; return how
    many were claimed.

    The claim is a conditional UPDATE (``minimum_alert_sent_at`` still empty): of several
    concurrent or repeated runs exactly one claims an offering, and its mail leaves only after
    that claim has committed (``courses.minimum_mail``, built from the committed state).
    """
    from courses import minimum_mail

    reported = 0
    for offering in offerings:
        with transaction.atomic():
            unclaimed = {"minimum_alert_sent_at__isnull": True} if _CLAIM_ONCE else {}
            claimed = Offering.objects.filter(pk=offering.pk, **unclaimed).update(
                minimum_alert_sent_at=now
            )
            if claimed != 1:
                continue
            offering.minimum_alert_sent_at = now
            log(
                offering,
                "courses.offering.below_minimum",
                user=None,
                data={
                    "confirmed": getattr(offering, "confirmed_count", None),
                    "minimum": offering.minimum_participants,
                    "decision_date": offering.decision_date.isoformat(),
                },
            )
            minimum_mail.tell_coordination(offering)
            reported += 1
    return reported


def warn_below_minimum(now: datetime.datetime | None = None) -> int:
    """Tell the responsible coordination once about every offering below its minimum in the
    warning window (one mail per offering to each of them, ``courses.minimum_mail``); return
    how many offerings were reported. Safe to run repeatedly and concurrently."""
    now = now or timezone.now()
    return claim_below_minimum(due_below_minimum(now), now)


def confirm_runs(offering: Offering, by, notify_participants: bool = False) -> Offering:
    """The coordination decides that ``offering`` runs ("Findet statt"), whatever its numbers.

    Locks the offering, records when and by whom, writes the audit log and, if
    ``notify_participants``, tells every confirmed participant after the commit. A cancelled
    or started offering, or one already confirmed (a double submit), raises
    ``EnrollmentError`` and changes nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = lock_offering(offering)
        if locked.is_cancelled:
            raise EnrollmentError("offering_cancelled")
        if locked.confirmed_to_run_at is not None:
            raise EnrollmentError("already_confirmed", ALREADY_CONFIRMED)
        if locked.has_started(now):
            raise EnrollmentError("offering_started")
        locked.confirmed_to_run_at = now
        locked.confirmed_to_run_by = by
        locked.save(update_fields=["confirmed_to_run_at", "confirmed_to_run_by", "updated_at"])
        offering.confirmed_to_run_at, offering.confirmed_to_run_by = now, by
        confirmed = Enrollment.objects.confirmed().filter(offering=locked).count()
        log(
            locked,
            "courses.offering.confirmed_to_run",
            user=by,
            data={
                "confirmed": confirmed,
                "minimum": locked.minimum_participants,
                "notify_participants": bool(notify_participants),
            },
        )
        if notify_participants:
            from courses import minimum_mail

            minimum_mail.tell_participants(locked)
    return locked
