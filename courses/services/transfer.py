"""The transfer survey (R10): some months after a training, what participants could apply.

A setting (``SiteSettings.transfer_survey_days``, default 90) after an offering ended, each
person who attended it is asked once (``send_transfer_surveys``, run from cron) to answer one
short anonymous survey: how much they could apply (1–5), an example (optional), and what they
still need (topics and free text). The answer is stored like the evaluation: without a link to
the person, with the date only; results are shown only from ``MIN_TRANSFER_ANSWERS`` answers
up. What is still needed goes to the coordination's triage list and from there into findings
(``needs_analysis.services.triage``). Professional exchange meetings (``Format.EXCHANGE``) are
not surveyed.
"""

from __future__ import annotations

import datetime
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import transfer_mail
from courses.models import Enrollment, Format, Offering, TransferAnswer
from courses.services.attendance import attended, attended_ids
from courses.services.enrolment import EnrollmentError

#: The default of ``SiteSettings.transfer_survey_days`` (used when no site settings exist).
DEFAULT_SURVEY_DAYS = 90
#: Offerings that ended up to this many days before the survey date are still asked (a missed
#: cron run catches up), older ones not: a new installation does not mail about old trainings.
CATCH_UP_DAYS = 30
MIN_TRANSFER_ANSWERS = 3  # DESIGN.md §4: results are shown only from 3 answers up
#: From this rating up an answer counts as "could apply what they learned".
APPLIED_FROM = 4

ALREADY_ANSWERED = _("You have already answered the transfer survey for this training. Thank you!")
NOT_SURVEYED = _("This training has no transfer survey.")
NOT_DUE = _("The transfer survey for this training is not open yet.")

# Test hook for the concurrency test only: drop the claim's condition (negative control).
_CLAIM_ONCE = True

#: Bumped whenever an answer is stored: the key of cached figures built from the answers (the
#: needs dashboard's transfer figure), so a new answer shows at once.
ANSWERS_VERSION_KEY = "courses:transfer-answers-version"


def answers_version() -> int:
    version = cache.get(ANSWERS_VERSION_KEY)
    if version is None:
        # A fresh start must not meet numbers used before: start from the clock.
        cache.add(ANSWERS_VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(ANSWERS_VERSION_KEY) or 0
    return version


def answers_changed() -> None:
    try:
        cache.incr(ANSWERS_VERSION_KEY)
    except ValueError:  # lost (or never read): a new start is a new version
        cache.add(ANSWERS_VERSION_KEY, time.time_ns() // 1000, timeout=None)


def survey_days() -> int:
    """``SiteSettings.transfer_survey_days`` of the default site (90 if there are none)."""
    from portal.models import SiteSettings

    days = (
        SiteSettings.objects.filter(site__is_default_site=True)
        .values_list("transfer_survey_days", flat=True)
        .first()
    )
    return DEFAULT_SURVEY_DAYS if days is None else days


def is_surveyed(offering: Offering) -> bool:
    """Does this offering get a transfer survey at all? Not when cancelled, and not for a
    professional exchange meeting (no certificate, no evaluation, no survey by default)."""
    return not offering.is_cancelled and offering.format != Format.EXCHANGE


def survey_opens_at(offering: Offering, days: int) -> datetime.datetime | None:
    ends_at = offering.ends_at
    return ends_at + datetime.timedelta(days=days) if ends_at is not None else None


def can_answer(enrollment: Enrollment, now=None, days: int | None = None) -> bool:
    """May the person answer the transfer survey for this enrolment now? Attended, not yet
    answered, the offering surveyed, and the delay since its end has passed."""
    now = now or timezone.now()
    days = survey_days() if days is None else days
    offering = enrollment.offering
    opens_at = survey_opens_at(offering, days)
    return (
        not enrollment.transfer_answered
        and is_surveyed(offering)
        and opens_at is not None
        and opens_at <= now
        and attended(enrollment)
    )


# Sending --------------------------------------------------------------------------------------


def due_surveys(now: datetime.datetime, days: int | None = None) -> list[Enrollment]:
    """Attended enrolments not yet asked (nor answered) whose offering ended at least ``days``
    (the setting) and at most ``days + CATCH_UP_DAYS`` days before ``now``; not for cancelled
    offerings or professional exchange meetings. A fixed number of queries."""
    days = survey_days() if days is None else days
    today = timezone.localdate(now)
    latest = today - datetime.timedelta(days=days)
    earliest = latest - datetime.timedelta(days=CATCH_UP_DAYS)
    offerings = (
        Offering.objects.not_cancelled()
        .exclude(format=Format.EXCHANGE)
        .with_dates()
        .filter(last_date__gte=earliest, last_date__lte=latest)
        .prefetch_related("sessions")
    )
    ended = [o.pk for o in offerings if (o.ends_at and survey_opens_at(o, days) <= now)]
    candidates = list(
        Enrollment.objects.confirmed()
        .filter(
            offering_id__in=ended,
            transfer_survey_sent_at__isnull=True,
            transfer_answered=False,
            user__isnull=False,
        )
        .order_by("offering_id", "pk")
    )
    present = attended_ids(candidates)
    return [e for e in candidates if e.pk in present]


def claim_surveys(enrollments, now: datetime.datetime) -> int:
    """Mark each enrolment as asked and queue its mail; return how many were claimed.

    The claim is a conditional UPDATE (not yet asked, still confirmed, not answered): of
    several concurrent or repeated runs exactly one claims an enrolment, and its mail leaves
    only after that claim has committed (``portal.mail``).
    """
    sent = 0
    for enrollment in enrollments:
        with transaction.atomic():
            unclaimed = {"transfer_survey_sent_at__isnull": True} if _CLAIM_ONCE else {}
            claimed = Enrollment.objects.filter(
                pk=enrollment.pk,
                status=Enrollment.Status.CONFIRMED,
                transfer_answered=False,
                **unclaimed,
            ).update(transfer_survey_sent_at=now)
            if claimed == 1:
                transfer_mail.ask(enrollment)
                sent += 1
    return sent


def send_transfer_surveys(now: datetime.datetime | None = None, days: int | None = None) -> int:
    """Ask everybody whose attended offering ended ``days`` (the setting) ago, once; return
    how many mails were queued. Safe to run repeatedly and concurrently."""
    now = now or timezone.now()
    return claim_surveys(due_surveys(now, days), now)


# Answering ------------------------------------------------------------------------------------


def submit_transfer_answer(enrollment: Enrollment, answers: dict) -> TransferAnswer:
    """Store one anonymous answer; once per enrolment.

    ``answers`` holds ``could_apply`` (1–5), ``example_text``, ``needs_text`` and optionally
    ``needed_topics``. The answer has no link to the person or the enrolment and only the
    date; the enrolment is marked ``transfer_answered`` in the same transaction, its row
    locked, so a double submit raises ``already_answered``. No audit-log entry: its user and
    timestamp would link the person to the answer.
    """
    now = timezone.now()
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("offering")
            .get(pk=enrollment.pk)
        )
        if enrollment.transfer_answered:
            raise EnrollmentError("already_answered", ALREADY_ANSWERED)
        offering = enrollment.offering
        if not is_surveyed(offering):
            raise EnrollmentError("not_surveyed", NOT_SURVEYED)
        opens_at = survey_opens_at(offering, survey_days())
        if opens_at is None or opens_at > now:
            raise EnrollmentError("not_due", NOT_DUE)
        if not attended(enrollment):
            raise EnrollmentError("not_attended")
        answer = TransferAnswer(
            offering=offering,
            submitted_on=timezone.localdate(now),
            could_apply=answers.get("could_apply"),
            example_text=(answers.get("example_text") or "").strip(),
            needs_text=(answers.get("needs_text") or "").strip(),
        )
        answer.full_clean(exclude=["offering"])
        answer.save()
        topics = answers.get("needed_topics")
        if topics:
            answer.needed_topics.set(topics)
        enrollment.transfer_answered = True
        enrollment.save(update_fields=["transfer_answered"])
        # At once for this transaction, and again after the commit, so that a figure another
        # worker computed from the old rows in between is never read.
        answers_changed()
        transaction.on_commit(answers_changed)
    return answer


# Results --------------------------------------------------------------------------------------


def transfer_results(offerings) -> dict | None:
    """The aggregated answers for ``offerings`` (a queryset or list), or None below 3 answers.

    ``{"count", "average", "applied", "applied_percent", "values": [{"value", "count",
    "percent"}], "examples": [...], "needs": [...], "topics": [{"topic", "count"}]}``. Free
    texts are sorted alphabetically, never in the order they came in. Two queries.
    """
    answers = list(
        TransferAnswer.objects.filter(offering__in=offerings).prefetch_related("needed_topics")
    )
    count = len(answers)
    if count < MIN_TRANSFER_ANSWERS:
        return None
    ratings = [a.could_apply for a in answers]
    applied = sum(1 for r in ratings if r >= APPLIED_FROM)
    topics: dict = {}
    for answer in answers:
        for topic in answer.needed_topics.all():
            topics.setdefault(topic.pk, {"topic": topic, "count": 0})["count"] += 1

    def texts(name):
        found = [getattr(a, name).strip() for a in answers if getattr(a, name).strip()]
        return sorted(found, key=str.casefold)

    return {
        "count": count,
        "average": round(sum(ratings) / count, 2),
        "applied": applied,
        "applied_percent": round(100 * applied / count),
        "values": [
            {
                "value": value,
                "count": ratings.count(value),
                "percent": round(100 * ratings.count(value) / count),
            }
            for value in range(5, 0, -1)
        ],
        "examples": texts("example_text"),
        "needs": texts("needs_text"),
        "topics": sorted(topics.values(), key=lambda t: (-t["count"], t["topic"].name)),
    }
