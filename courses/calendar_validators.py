"""Conditional GET for the calendar files: an ETag and a Last-Modified for each feed.

Calendar clients poll a subscribed feed every few minutes to hours, and nearly always nothing
has changed. Building the file (one VEVENT per session, a VTIMEZONE) costs far more than a
query, so each feed gets a validator computed from one aggregate query over the rows it is
made of, and a client that sends the validator back gets ``304 Not Modified`` without the file
being built.

A validator must change whenever the file would. What a file shows comes from three places:

- the rows it is made of (enrolments, offerings): their count, highest key and latest
  timestamps are in the aggregate, so a new, changed or removed row changes it even if no
  signal fired (a bulk ``update()``);
- everything else public (sessions, module titles and translations, regions, site address):
  any change of it bumps the content version (``portal.content_version``), which is in every
  ETag, and the time this version was first seen here is a lower bound of Last-Modified;
- the day: what "upcoming" and "the last 90 days" hold moves at midnight, so the date is in the
  ETag and local midnight is a lower bound of Last-Modified.

The ETags are weak (``W/``): the same validator stands for files that differ only in DTSTAMP.
Last-Modified has one-second granularity (HTTP dates), so a change in the same second as the
previous fetch is seen by the ETag, not by If-Modified-Since alone; clients that send both are
judged by the ETag (RFC 9110 §13.2.2, ``django.utils.cache.get_conditional_response``).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import get_language

from portal.mail import base_url

#: How long the moment a content version was first seen is kept (longer than any poll interval).
VERSION_SEEN_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class Validator:
    etag: str  # quoted, weak: W/"…"
    last_modified: datetime.datetime

    @property
    def timestamp(self) -> int:
        return int(self.last_modified.timestamp())


def _content_version() -> tuple[str, datetime.datetime]:
    """The content version and when this process (or, with Redis, any worker) first saw it."""
    from portal import content_version  # imported late: portal does not depend on courses

    version = content_version.current()
    key = f"courses:calendar:version-seen:{version}"
    seen = cache.get(key)
    if seen is None:
        seen = timezone.now().replace(microsecond=0)
        cache.add(key, seen, timeout=VERSION_SEEN_SECONDS)
        seen = cache.get(key) or seen  # a parallel worker may have added it first
    return version, seen


def _validator(kind: str, parts: list, timestamps: list, now=None) -> Validator:
    now = now or timezone.now()
    today = timezone.localdate(now)
    version, seen = _content_version()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    key = [kind, version, today.isoformat(), get_language() or "", base_url(), *parts]
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    latest = max([seen, midnight, *(t for t in timestamps if t is not None)])
    return Validator(etag=f'W/"{digest}"', last_modified=min(latest, now))


def personal_feed(user, now=None) -> Validator:
    """For the personal feed: all the person's enrolments (any status, any date) and their
    offerings, one aggregate query."""
    from courses.models import Enrollment

    row = Enrollment.objects.filter(user=user).aggregate(
        count=Count("pk"),
        last_pk=Max("pk"),
        requested=Max("requested_at"),
        confirmed=Max("confirmed_at"),
        waitlisted=Max("waitlisted_at"),
        cancelled=Max("cancelled_at"),
        declined=Max("declined_at"),
        offering=Max("offering__updated_at"),
    )
    timestamps = [row[name] for name in ("requested", "confirmed", "waitlisted")]
    timestamps += [row[name] for name in ("cancelled", "declined", "offering")]
    return _validator(
        "personal", [user.pk, row["count"], row["last_pk"], *timestamps], timestamps, now
    )


def offerings(queryset, parts, now=None) -> Validator:
    """For a feed of offerings (the public one with the catalogue's filters in ``parts``):
    count, highest key and latest change of the offerings ``queryset`` selects, one query."""
    row = queryset.order_by().aggregate(
        count=Count("pk"), last_pk=Max("pk"), updated=Max("updated_at")
    )
    return _validator(
        "offerings",
        [*parts, row["count"], row["last_pk"], row["updated"]],
        [row["updated"]],
        now,
    )


def offering(offering, *, for_participant: bool, now=None) -> Validator:
    """For one offering's file, from the loaded offering (no query): its last change, its
    sessions, and whether the reader sees venue and access details."""
    sessions = [(s.pk, s.date, s.start_time, s.end_time) for s in offering.ordered_sessions]
    return _validator(
        "offering",
        [offering.pk, offering.updated_at, for_participant, sessions],
        [offering.updated_at],
        now,
    )
