"""Waiting-list offers with a deadline: offer, accept, decline, expire, each by hand."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses import services
from courses.models import Enrollment, Offering
from courses.services.offers import offer_deadline
from tests.courses.enrolments import actions, error_code
from tests.courses.factories import OfferingFactory, in_days
from tests.factories import UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def offering():
    return OfferingFactory(capacity=2, waitlist_mode=Offering.WaitlistMode.OFFER, offer_hours=48)


def full_with_queue(offering, waiting=2):
    seated = [services.enroll(offering, UserFactory()) for _ in range(offering.capacity)]
    queue = [services.enroll(offering, UserFactory()) for _ in range(waiting)]
    assert {e.status for e in queue} == {Status.WAITLISTED}
    return seated, queue


def fresh(enrollment):
    return Enrollment.objects.get(pk=enrollment.pk)


def test_a_freed_seat_is_offered_to_the_first_person_and_held(offering, sent):
    seated, queue = full_with_queue(offering)
    before = timezone.now()
    mails = sent(services.cancel, seated[0], seated[0].user)
    first = fresh(queue[0])
    assert first.status == Status.OFFERED
    # 48 hours, as the offering starts in 30 days.
    assert (
        before + datetime.timedelta(hours=48)
        <= first.offer_expires_at
        <= (timezone.now() + datetime.timedelta(hours=48))
    )
    assert fresh(queue[1]).status == Status.WAITLISTED
    events = [m.extra_headers["X-Courses-Event"] for m in mails]
    assert events == ["cancelled_by_person", "seat_offered"]
    offer_mail = mails[1]
    assert offer_mail.to == [first.user.email]
    assert f"/mein-bereich/fortbildungen/{first.pk}/platzangebot/" in offer_mail.body
    # The held seat counts as taken: a newcomer joins the waiting list.
    newcomer = services.enroll(offering, UserFactory())
    assert newcomer.status == Status.WAITLISTED
    assert actions(first)[-1][0] == "courses.enrollment.offered"


def test_accepting_confirms_the_seat(offering, sent):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    mails = sent(services.accept_offer, fresh(queue[0]), queue[0].user)
    accepted = fresh(queue[0])
    assert (accepted.status, accepted.confirmed_at is not None) == (Status.CONFIRMED, True)
    assert [m.extra_headers["X-Courses-Event"] for m in mails] == ["confirmed"]
    assert error_code(services.accept_offer, accepted, accepted.user)[0] == "no_open_offer"


def test_declining_offers_the_seat_to_the_next_person(offering, sent):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    mails = sent(services.decline_offer, fresh(queue[0]), queue[0].user)
    assert fresh(queue[0]).status == Status.CANCELLED
    assert fresh(queue[1]).status == Status.OFFERED
    assert [(m.to, m.extra_headers["X-Courses-Event"]) for m in mails] == [
        ([queue[1].user.email], "seat_offered")
    ]


def test_expiry_offers_the_seat_to_the_next_person_and_runs_once(offering, sent):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    later = timezone.now() + datetime.timedelta(hours=49)
    mails = sent(services.expire_offers, later)
    assert sent.result == 1
    assert fresh(queue[0]).status == Status.CANCELLED
    assert fresh(queue[1]).status == Status.OFFERED
    events = [(m.to, m.extra_headers["X-Courses-Event"]) for m in mails]
    assert events == [
        ([queue[0].user.email], "offer_expired"),
        ([queue[1].user.email], "seat_offered"),
    ]
    assert services.expire_offers(later) == 0
    assert actions(queue[0])[-1][0] == "courses.enrollment.offer_expired"


def test_nothing_expires_before_the_deadline(offering):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    assert services.expire_offers(timezone.now() + datetime.timedelta(hours=47)) == 0
    assert fresh(queue[0]).status == Status.OFFERED


def test_accepting_too_late_lapses_the_offer(offering):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    Enrollment.objects.filter(pk=queue[0].pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert error_code(services.accept_offer, fresh(queue[0]), queue[0].user)[0] == "offer_expired"
    assert fresh(queue[0]).status == Status.CANCELLED
    assert fresh(queue[1]).status == Status.OFFERED


def test_the_deadline_shortens_near_the_start():
    soon = OfferingFactory(
        waitlist_mode=Offering.WaitlistMode.OFFER,
        offer_hours=48,
        sessions=[(in_days(2), datetime.time(9), datetime.time(16))],
    )
    now = timezone.now()
    deadline = offer_deadline(soon, now)
    # Half the time left until the start: under 48 hours, and well before the start.
    assert deadline == now + (soon.starts_at - now) / 2
    assert deadline < now + datetime.timedelta(hours=48)
    far = OfferingFactory(offer_hours=12)
    assert offer_deadline(far, now) == now + datetime.timedelta(hours=12)


def test_automatic_mode_promotes_as_before():
    offering = OfferingFactory(capacity=1)
    seated = services.enroll(offering, UserFactory())
    waiting = services.enroll(offering, UserFactory())
    services.cancel(seated, seated.user)
    assert fresh(waiting).status == Status.CONFIRMED


def test_several_free_seats_make_several_offers(offering):
    seated, queue = full_with_queue(offering, waiting=3)
    services.change_capacity(offering, 4, UserFactory())
    assert [fresh(e).status for e in queue] == [Status.OFFERED, Status.OFFERED, Status.WAITLISTED]
    # The capacity cannot drop below the seats held, offers included.
    assert error_code(services.change_capacity, offering, 3, UserFactory())[0] == (
        "capacity_below_confirmed"
    )
    assert len(seated) == 2


def test_the_command_expires_and_says_how_many(offering, capsys):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    Enrollment.objects.filter(pk=queue[0].pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("expire_offers")
    call_command("expire_offers")
    assert capsys.readouterr().out.splitlines() == ["1 offer(s) expired.", "0 offer(s) expired."]


def test_a_cancelled_offering_ends_open_offers(offering):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    services.cancel_offering(offering, UserFactory(), "Raum fällt aus")
    assert fresh(queue[0]).status == Status.CANCELLED


def test_seat_counts_include_held_offers(offering):
    seated, queue = full_with_queue(offering)
    services.cancel(seated[0], seated[0].user)
    counted = Offering.objects.with_seat_counts().get(pk=offering.pk)
    assert (counted.seats_taken, counted.waitlist_length) == (2, 1)
    assert fresh(queue[0]).status == Status.OFFERED
