"""The personal calendar feed: a secret, revocable address per person with their trainings.

Calendar clients (Outlook, Thunderbird, phones) subscribe to an address and fetch it on their
own, without a login; the token in the address is the only key. So the person creates it
explicitly, can renew it (the old address stops working at once) and revoke it, and the feed
holds what a confirmed participant may see: venue and online access included.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from courses import calendar
from courses.models import CalendarFeedToken, Enrollment, Offering, Session
from courses.models.calendar_feeds import new_feed_token

# Past trainings stay in the feed this long, so last month's course is still in the calendar.
PAST_DAYS = 90
# ``last_used_at`` is written at most this often: clients poll every few minutes.
USE_RECORDED_EVERY = datetime.timedelta(hours=1)
# Longer than any token we hand out; a longer "token" is not looked up at all.
MAX_TOKEN_LENGTH = 64


def feed_token_for(user) -> CalendarFeedToken | None:
    """The person's current feed token, or None when they have none (never creates one)."""
    return CalendarFeedToken.objects.filter(user=user).first()


def renew_feed_token(user) -> CalendarFeedToken:
    """Create the person's feed token, or replace it: the old address stops working."""
    with transaction.atomic():
        token, created = CalendarFeedToken.objects.select_for_update().get_or_create(user=user)
        if not created:
            token.token = new_feed_token()
            token.created_at = timezone.now()
            token.last_used_at = None
            token.save(update_fields=["token", "created_at", "last_used_at"])
    return token


def create_feed_token(user) -> CalendarFeedToken:
    """The person's feed token, created when missing (a double submit keeps the first one)."""
    token = feed_token_for(user)
    if token is not None:
        return token
    try:
        with transaction.atomic():
            return CalendarFeedToken.objects.create(user=user)
    except IntegrityError:  # created by a parallel request in the meantime
        return CalendarFeedToken.objects.get(user=user)


def revoke_feed_token(user) -> bool:
    """Delete the person's feed token; True when there was one."""
    deleted, _ = CalendarFeedToken.objects.filter(user=user).delete()
    return bool(deleted)


def user_for_token(token: str, now=None):
    """The active person the token belongs to, or None (unknown, revoked, renewed, inactive).

    Records the use, at most once per ``USE_RECORDED_EVERY``.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = now or timezone.now()
    if row.last_used_at is None or now - row.last_used_at >= USE_RECORDED_EVERY:
        CalendarFeedToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def feed_enrollments(user, now=None) -> list[Enrollment]:
    """The person's trainings for the feed: confirmed enrolments, and those of offerings the
    coordination cancelled (shown as cancelled, so the calendar drops nothing silently), from
    ``PAST_DAYS`` ago on. A fixed number of queries, however many there are."""
    now = now or timezone.now()
    since = timezone.localdate(now) - datetime.timedelta(days=PAST_DAYS)
    cancelled_with_offering = (
        Q(status=Enrollment.Status.CANCELLED)
        & Q(offering__status=Offering.Status.CANCELLED)
        & Q(confirmed_at__isnull=False)
        & ~Q(acted_by=user)  # not cancelled by the person before the offering was
    )
    recent = Session.objects.filter(date__gte=since).values("offering_id")
    return list(
        Enrollment.objects.filter(user=user)
        .filter(Q(status=Enrollment.Status.CONFIRMED) | cancelled_with_offering)
        .exclude(offering__status=Offering.Status.PLANNED)
        .filter(offering_id__in=recent)
        .select_related("offering__module", "offering__region")
        .prefetch_related(
            Prefetch("offering__sessions", queryset=Session.objects.order_by("date", "start_time"))
        )
        .order_by("offering_id")
    )


def feed_ics(user, name: str, url_for, now=None) -> bytes:
    """The person's feed as an iCalendar file; ``url_for(module_page)`` gives each event's
    link."""
    offerings = [enrollment.offering for enrollment in feed_enrollments(user, now=now)]
    return calendar.feed_ics(offerings, name, url_for, for_participant=True)
