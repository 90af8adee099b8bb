"""Which seat of an offering a person may take: reserved contingents and the general pool.

Seats are counted from the enrolment rows, never stored (DESIGN.md §4). An enrolment that
holds a seat (confirmed, or an open waiting-list offer) records the contingent it took a seat
from, or none for a general seat. For an offering with capacity C, holding T seats, the
contingents still reserved at ``now`` each keep ``max(0, seats − used)`` seats back, and the
general pool is what is left: ``C − T − Σ kept back``. Once a contingent's ``release_at`` has
passed it keeps nothing back, so its unused seats are general seats from that moment, whether
or not ``release_due_contingents`` has run yet.

A person whose field of work a reserved contingent names takes a seat of that contingent
first, and a general seat only when the contingent is full. Everybody else takes general
seats only. Callers hold the offering's lock (``courses.services.enrolment.lock_offering``)
while they count and write, so the counts cannot change under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

GENERAL = None  # the contingent of a general seat


@dataclass
class ReservedSeats:
    contingent: object
    audience_ids: frozenset[int]
    free: int


@dataclass
class SeatState:
    """The free seats of one offering at one moment, by contingent."""

    general_free: int
    reserved: list[ReservedSeats] = field(default_factory=list)

    def seat_for(self, audience_id: int | None):
        """The contingent whose seat a person of ``audience_id`` takes (``GENERAL`` for a
        general seat), or ``False`` when no seat the person is entitled to is free."""
        for reserved in self.reserved:
            if reserved.free > 0 and audience_id in reserved.audience_ids:
                return reserved.contingent
        if self.general_free > 0:
            return GENERAL
        return False

    def take(self, contingent) -> None:
        if contingent is GENERAL:
            self.general_free -= 1
            return
        for reserved in self.reserved:
            if reserved.contingent.pk == contingent.pk:
                reserved.free -= 1
                return

    @property
    def any_free(self) -> bool:
        return self.general_free > 0 or any(reserved.free > 0 for reserved in self.reserved)

    @property
    def total_free(self) -> int:
        return max(0, self.general_free) + sum(max(0, r.free) for r in self.reserved)


def seat_state(offering, now=None) -> SeatState:
    """Count the free seats of ``offering`` (two queries; three with reserved contingents)."""
    from courses.models import Contingent, Enrollment

    now = now or timezone.now()
    holding = Enrollment.objects.holding_seats().filter(offering_id=offering.pk)
    used = dict(
        holding.order_by()
        .values_list("contingent_id")
        .annotate(n=Count("pk"))
        .values_list("contingent_id", "n")
    )
    taken = sum(used.values())
    reserved = []
    contingents = (
        Contingent.objects.filter(offering_id=offering.pk, release_at__gt=now)
        .prefetch_related("audiences")
        .order_by("release_at", "pk")
    )
    for contingent in contingents:
        free = max(0, contingent.seats - used.get(contingent.pk, 0))
        audience_ids = frozenset(audience.pk for audience in contingent.audiences.all())
        reserved.append(ReservedSeats(contingent, audience_ids, free))
    kept_back = sum(r.free for r in reserved)
    return SeatState(general_free=offering.capacity - taken - kept_back, reserved=reserved)


def entitled_seat(offering, user, now=None):
    """The seat ``user`` would take now (see ``SeatState.seat_for``)."""
    audience_id = user.audience_id if user is not None else None
    return seat_state(offering, now).seat_for(audience_id)
