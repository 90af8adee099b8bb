"""Interests ("Interesse bekunden"): who wants to hear when a module is offered in their region.

The first interest of a person in a module also counts as a finding; opening an offering
emails the people whose interest it serves, once each (``notify_interested``).
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from needs_analysis.models import Channel, Interest, Kind, Urgency
from needs_analysis.services.common import create_once, new_finding


@transaction.atomic
def express_interest(user, module) -> Interest:
    """Record that ``user`` wants to hear when ``module`` is offered in their region.

    One active interest per person and module (a conditional unique constraint); asking again
    returns the existing one. The first interest also counts as a finding for the module's
    topics in the person's region.
    """
    module = getattr(module, "specific", module)
    if user.region_id is None:
        raise ValueError("The person has no region in their profile.")

    def active():
        return Interest.objects.filter(
            user=user, module=module, status=Interest.Status.ACTIVE
        ).first()

    def create():
        interest = Interest.objects.create(user=user, module=module, region_id=user.region_id)
        new_finding(
            channel=Channel.INTEREST,
            region=interest.region,
            topics=list(module.topics.all()),
            by=user,
            audience_id=user.audience_id,
            kind=Kind.KNOWLEDGE,
            urgency=Urgency.LOW,
            interest=interest,
            source=str(interest)[:255],
        )
        return interest

    return create_once(active, create, action="needs_analysis.interest.expressed", user=user)


@transaction.atomic
def withdraw_interest(interest) -> bool:
    """The person no longer wants to hear about the module: the interest is withdrawn.

    Only a waiting (active) interest; returns whether this call withdrew it (a second click
    changes nothing). The finding it fed stays: the need was expressed.
    """
    withdrawn = Interest.objects.filter(pk=interest.pk, status=Interest.Status.ACTIVE).update(
        status=Interest.Status.WITHDRAWN, updated_at=timezone.now()
    )
    if withdrawn:
        interest.refresh_from_db()
        log(interest, "needs_analysis.interest.withdrawn", user=interest.user)
    return bool(withdrawn)


def interests_served_by(offering):
    """Active interests in the offering's module whose region and field of work it serves.

    The people an offering serves live in its region or below it, or, for an online offering,
    also in the regions above it: the inverse of ``Offering.serves`` (one region rule).
    """
    from courses.models import Offering

    offering = Offering.objects.select_related("module", "region").get(pk=offering.pk)
    candidates = Interest.objects.filter(
        status=Interest.Status.ACTIVE,
        module__translation_key=offering.module.translation_key,
        region_id__in=_regions_served(offering),
        user__isnull=False,
    ).select_related("user", "module", "region")
    # Whom the offering admits: the same rule as enrolment (``courses.services.enrolment``):
    # with eligible fields of work, only people of one of them (a police-only module is not
    # announced to people of other fields, nor to people without a field of work).
    eligible = list(offering.eligible_audiences.values_list("pk", flat=True))
    if eligible:
        candidates = candidates.filter(user__audience_id__in=eligible)
    return offering, candidates


def _regions_served(offering) -> set[int]:
    """The regions whose people ``offering`` serves, by ``Offering.serves`` on each."""
    from portal.models import Region

    candidates = offering.region.subtree_ids() | offering.region.ancestor_ids()
    return {
        region.pk for region in Region.objects.filter(pk__in=candidates) if offering.serves(region)
    }


def notify_interested(offering_pk: int) -> int:
    """Email the people interested in an opened offering's module in its region, once each.

    Called after the offering was saved with status "open" (``signal_handlers``). Each interest
    is marked notified in the same transaction as its mail is queued, so it is never mailed
    twice, and nothing is sent for a rolled-back change.
    """
    from courses.models import Offering
    from needs_analysis import emails

    with transaction.atomic():
        offering = Offering.objects.filter(pk=offering_pk, status=Offering.Status.OPEN).first()
        if offering is None or not _is_upcoming(offering):
            return 0
        offering, candidates = interests_served_by(offering)
        ids = list(candidates.values_list("pk", flat=True))
        interests = list(
            Interest.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=Interest.Status.ACTIVE)
            .select_related("user", "module", "region")
        )
        now = timezone.now()
        for interest in interests:
            interest.status = Interest.Status.NOTIFIED
            interest.notified_at = now
            interest.notified_offering = offering
            interest.save(
                update_fields=["status", "notified_at", "notified_offering", "updated_at"]
            )
            emails.send_offering_opened(interest, offering)
        return len(interests)


def _is_upcoming(offering) -> bool:
    first = offering.sessions.order_by("date").values_list("date", flat=True).first()
    return first is None or first >= timezone.localdate()


def schedule_interest_notification(offering) -> None:
    transaction.on_commit(partial(notify_interested, offering.pk))
