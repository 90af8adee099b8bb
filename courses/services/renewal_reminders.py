"""Reminders before a certificate expires (R11): 90 and 30 days ahead, once each.

``send_renewal_reminders`` (``manage.py send_renewal_reminders``, run daily from cron) mails
the holder of every unrevoked certificate with a ``valid_until``: once when it expires in 90
days or fewer, once more from 30 days. A run that missed the 90-day window (cron stopped for
two months) sends only the 30-day reminder and marks both: two mails at once would say the
same. Expired certificates get nothing; renewing starts again (``renewal.renew`` clears both
marks). The mail names the refreshers that renew the certificate and their next offerings in
the holder's region (``courses.renewal_mail``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses import renewal_mail
from courses.catalog import upcoming_offerings
from courses.models import Certificate, ModulePage

FIRST_REMINDER_DAYS = 90
SECOND_REMINDER_DAYS = 30
#: How many refresher offerings a reminder lists.
MAX_OFFERINGS = 3

# Test hook for the concurrency test only: drop the claim's condition (negative control).
_CLAIM_ONCE = True


def reminder_due(certificate: Certificate, today: datetime.date) -> int | None:
    """Which reminder ``certificate`` is due for today: 30, 90 or None. The 30-day one wins
    when both are due."""
    if certificate.valid_until is None:
        return None
    days_left = (certificate.valid_until - today).days
    if 1 <= days_left <= SECOND_REMINDER_DAYS and certificate.reminded_30_at is None:
        return SECOND_REMINDER_DAYS
    if (
        1 <= days_left <= FIRST_REMINDER_DAYS
        and certificate.reminded_90_at is None
        and certificate.reminded_30_at is None
    ):
        return FIRST_REMINDER_DAYS
    return None


def _superseded():
    """A later certificate of the same module for the same person (attended again): valid
    longer or without limit. Then the older one's expiry needs no reminder."""
    module_key = "enrollment__offering__module__translation_key"
    return Exists(
        Certificate.objects.filter(
            kind=Certificate.Kind.MODULE,
            revoked_at__isnull=True,
            holder=OuterRef("holder"),
            **{module_key: OuterRef(module_key)},
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    )


def due_reminders(today: datetime.date) -> list[tuple[Certificate, int]]:
    """The unrevoked certificates of active holders with an email address that expire within
    the next 90 days (not today or earlier) and are due for a reminder, with which one; not a
    module certificate a later one of the same module outlasts. One query, however many
    certificates."""
    first = today + datetime.timedelta(days=FIRST_REMINDER_DAYS)
    second = today + datetime.timedelta(days=SECOND_REMINDER_DAYS)
    candidates = (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            valid_until__gt=today,
            valid_until__lte=first,
            holder__is_active=True,
        )
        .exclude(holder__email="")
        .filter(
            Q(reminded_90_at__isnull=True, reminded_30_at__isnull=True)
            | Q(valid_until__lte=second, reminded_30_at__isnull=True)
        )
        .annotate(superseded=_superseded())
        .filter(superseded=False)
        .order_by("valid_until", "pk")
    )
    found = []
    for certificate in candidates:
        stage = reminder_due(certificate, today)
        if stage is not None:
            found.append((certificate, stage))
    return found


def claim_reminder(certificate: Certificate, stage: int, now: datetime.datetime) -> bool:
    """Mark the reminder as sent, if nobody else has: a conditional UPDATE that also checks
    that the certificate is still unrevoked and has the same expiry (a renewal in between
    makes the reminder pointless). The 30-day claim marks the 90-day reminder too."""
    unchanged = {
        "pk": certificate.pk,
        "revoked_at__isnull": True,
        "valid_until": certificate.valid_until,
    }
    if stage == SECOND_REMINDER_DAYS:
        unclaimed = {"reminded_30_at__isnull": True} if _CLAIM_ONCE else {}
        changes = {
            "reminded_30_at": now,
            "reminded_90_at": Coalesce(F("reminded_90_at"), Value(now)),
        }
    else:
        unclaimed = (
            {"reminded_90_at__isnull": True, "reminded_30_at__isnull": True} if _CLAIM_ONCE else {}
        )
        changes = {"reminded_90_at": now}
    return Certificate.objects.filter(**unchanged, **unclaimed).update(**changes) == 1


def send_renewal_reminders(today: datetime.date | None = None) -> int:
    """Remind every holder whose certificate expires in 90 or 30 days, once per reminder;
    return how many mails were queued. Safe to run repeatedly and concurrently: each mail
    leaves only after its claim has committed (``portal.mail``)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    sent = 0
    for certificate, stage in due_reminders(today):
        with transaction.atomic():
            if claim_reminder(certificate, stage, now):
                renewal_mail.remind(certificate, stage, today)
                sent += 1
    return sent


# What renews a certificate ------------------------------------------------------------------


def refresher_modules(certificate: Certificate):
    """The live module pages whose attendance renews ``certificate`` (the rule of
    ``renewal._apply_refresher``): those naming its qualification, or, for a module
    certificate, naming its module (by ``translation_key``: any translation of it)."""
    if certificate.is_qualification:
        if certificate.qualification_id is None:
            return ModulePage.objects.none()
        renews = Q(renews_qualifications=certificate.qualification_id)
    else:
        if certificate.enrollment_id is None:
            return ModulePage.objects.none()
        key = certificate.enrollment.offering.module.translation_key
        renews = Q(renews_modules__translation_key=key)
    ids = ModulePage.objects.filter(renews).values("pk")
    return ModulePage.objects.live().filter(pk__in=ids).order_by("title", "pk")


def refresher_offerings(certificate: Certificate, region=None, today=None) -> list:
    """The next ``MAX_OFFERINGS`` bookable offerings of the refreshers, serving ``region``
    (``Offering.objects.serving``, the one region rule) or in any region when it is None.
    Sessions, region and module come with them: two queries."""
    offerings = upcoming_offerings(today=today).filter(
        module_id__in=refresher_modules(certificate).values("pk")
    )
    if region is not None:
        offerings = offerings.serving(region)
    return list(
        offerings.select_related("module", "region")
        .prefetch_related("sessions")
        .order_by("first_date", "pk")[:MAX_OFFERINGS]
    )
