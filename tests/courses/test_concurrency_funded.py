"""Contingents and waiting-list offers under real parallel connections on PostgreSQL.

The same setup as ``test_concurrency.py``: every thread has its own connection, the critical
section is widened, and each race has a negative control with the row lock switched off that
must break the rule, which proves the test can fail.
"""

import contextlib
import datetime
import threading
import time

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Contingent, Enrollment, Offering
from courses.services import enrolment, offers
from portal.models import Audience
from tests.courses.factories import OfferingFactory
from tests.courses.test_concurrency import _postgres_only, run_in_threads  # noqa: F401 (autouse)
from tests.factories import UserFactory

Status = Enrollment.Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def audience(slug):
    return Audience.objects.get(slug=slug)


def reserved_offering():
    """10 seats, 4 of them reserved for the police and municipal administration."""
    offering = OfferingFactory(capacity=10)
    contingent = Contingent.objects.create(
        offering=offering, seats=4, release_at=timezone.now() + datetime.timedelta(days=7)
    )
    contingent.audiences.set([audience("polizei"), audience("kommunalverwaltung")])
    contingent.save()  # a parental many-to-many is written on save
    return offering, contingent


def people():
    """30 people: 8 police officers and municipal staff, 22 others, interleaved."""
    inside = [UserFactory(audience=audience("polizei")) for _ in range(4)]
    inside += [UserFactory(audience=audience("kommunalverwaltung")) for _ in range(4)]
    outside = [UserFactory(audience=audience("bewaehrungshilfe")) for _ in range(22)]
    mixed = []
    while inside or outside:
        if inside:
            mixed.append(inside.pop())
        mixed += [outside.pop() for _ in range(min(3, len(outside)))]
    return mixed


def insider(enrollment):
    return enrollment.user.audience.slug in ("polizei", "kommunalverwaltung")


def test_thirty_parallel_enrolments_into_ten_seats_four_reserved(monkeypatch):
    offering, contingent = reserved_offering()
    monkeypatch.setattr(enrolment, "_critical_section_hook", lambda: time.sleep(0.005))
    errors = run_in_threads([lambda u=u: services.enroll(offering, u) for u in people()])
    assert errors == []
    rows = Enrollment.objects.filter(offering=offering).select_related("user__audience")
    confirmed = [e for e in rows if e.status == Status.CONFIRMED]
    # No overbooking, and every reserved seat went to somebody inside the contingent.
    assert len(confirmed) == 10
    in_contingent = [e for e in confirmed if e.contingent_id == contingent.pk]
    assert len(in_contingent) == 4
    assert all(insider(e) for e in in_contingent)
    # Outsiders hold exactly the six general seats; the rest wait.
    assert sum(not insider(e) for e in confirmed) <= 6
    assert rows.filter(status=Status.WAITLISTED).count() == 20

    # After the release, seats freed by cancellations go to the waiting list in order.
    Contingent.objects.filter(pk=contingent.pk).update(
        release_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    services.release_due_contingents()
    waitlist = list(Enrollment.objects.waitlist().filter(offering=offering))
    for leaving in confirmed[:3]:
        services.cancel(leaving, leaving.user)
    promoted = [Enrollment.objects.get(pk=e.pk).status for e in waitlist]
    assert promoted == [Status.CONFIRMED] * 3 + [Status.WAITLISTED] * (len(waitlist) - 3)


def test_negative_control_without_the_lock_gives_reserved_seats_away(monkeypatch):
    """Without the lock everybody counts the same free seats: the offering overbooks and
    outsiders end up on seats that were held back for the contingent."""
    offering, _contingent = reserved_offering()
    users = [UserFactory(audience=audience("bewaehrungshilfe")) for _ in range(12)]
    inside = threading.Barrier(len(users))

    def everyone_counts_at_once():
        with contextlib.suppress(threading.BrokenBarrierError):
            inside.wait(timeout=10)

    monkeypatch.setattr(enrolment, "_LOCK_ENABLED", False)
    monkeypatch.setattr(enrolment, "_critical_section_hook", everyone_counts_at_once)
    errors = run_in_threads([lambda u=u: services.enroll(offering, u) for u in users])
    assert errors == []
    # Six general seats, but more than six outsiders got one: reserved seats were taken.
    assert Enrollment.objects.filter(offering=offering, status=Status.CONFIRMED).count() > 6


def offer_pending():
    """One seat, offered to the first of two people waiting, open for another 30 seconds."""
    offering = OfferingFactory(capacity=1, waitlist_mode=Offering.WaitlistMode.OFFER)
    seated = services.enroll(offering, UserFactory())
    waiting = [services.enroll(offering, UserFactory()) for _ in range(2)]
    services.cancel(seated, seated.user)
    offered = Enrollment.objects.get(pk=waiting[0].pk)
    assert offered.status == Status.OFFERED
    Enrollment.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() + datetime.timedelta(seconds=30)
    )
    return offering, offered, waiting[1]


def race(offered):
    """The person accepts in time while a cron run, whose clock is past the deadline, expires
    the same offer."""
    later = timezone.now() + datetime.timedelta(minutes=1)
    return run_in_threads(
        [
            lambda: services.accept_offer(offered, offered.user),
            lambda: services.expire_offers(later),
        ]
    )


def outcomes(offered):
    return set(
        ModelLogEntry.objects.filter(
            object_id=str(offered.pk),
            action__in=["courses.enrollment.offer_accepted", "courses.enrollment.offer_expired"],
        ).values_list("action", flat=True)
    )


def test_accepting_while_expiring_resolves_the_offer_once(monkeypatch):
    monkeypatch.setattr(enrolment, "_critical_section_hook", lambda: time.sleep(0.01))
    for _ in range(3):
        offering, offered, next_person = offer_pending()
        errors = race(offered)
        held = Enrollment.objects.filter(offering=offering, status__in=Enrollment.SEAT_STATUSES)
        assert held.count() == 1  # one seat, held once
        first = Enrollment.objects.get(pk=offered.pk).status
        second = Enrollment.objects.get(pk=next_person.pk).status
        if first == Status.CONFIRMED:  # the acceptance came first; the expiry found nothing
            assert (errors, second) == ([], Status.WAITLISTED)
            assert outcomes(offered) == {"courses.enrollment.offer_accepted"}
        else:  # the expiry came first; the acceptance was refused
            assert (errors, first, second) == (["no_open_offer"], Status.CANCELLED, Status.OFFERED)
            assert outcomes(offered) == {"courses.enrollment.offer_expired"}


def test_negative_control_accept_and_expire_without_the_lock_both_act(monkeypatch):
    _offering, offered, _next_person = offer_pending()
    inside = threading.Barrier(2)

    def both_have_read():
        with contextlib.suppress(threading.BrokenBarrierError):
            inside.wait(timeout=10)

    monkeypatch.setattr(enrolment, "_LOCK_ENABLED", False)
    monkeypatch.setattr(offers, "_after_read_hook", both_have_read)
    assert race(offered) == []
    # The same offer was accepted and expired: the person was told both.
    assert outcomes(offered) == {
        "courses.enrollment.offer_accepted",
        "courses.enrollment.offer_expired",
    }
