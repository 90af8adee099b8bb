"""Offerings as a whole (courses.services.offerings): creating them with their sessions,
changing their capacity, cancelling them."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Enrollment, Offering
from portal.models import Audience
from tests.courses.enrolments import error_code, fill
from tests.factories import CoordinatorFactory, UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


# Capacity and the whole offering -----------------------------------------------------------------


def test_raising_capacity_promotes_in_order(offering):
    fill(offering, 10)
    waiting = fill(offering, 3, Status.WAITLISTED)
    promoted = services.change_capacity(offering, 12, by=CoordinatorFactory())
    assert [e.pk for e in promoted] == [waiting[0].pk, waiting[1].pk]
    assert offering.capacity == 12
    assert Enrollment.objects.get(pk=waiting[2].pk).status == Status.WAITLISTED


def test_capacity_not_below_confirmed(offering):
    fill(offering, 5)
    assert error_code(services.change_capacity, offering, 4, None)[0] == (
        "capacity_below_confirmed"
    )
    assert services.change_capacity(offering, 5, None) == []


def test_promote_waitlist_fills_free_seats(offering):
    fill(offering, 8)
    waiting = fill(offering, 3, Status.WAITLISTED)
    promoted = services.promote_waitlist(offering)
    assert [e.pk for e in promoted] == [waiting[0].pk, waiting[1].pk]


def test_nobody_jumps_the_queue(offering, person):
    """Free seats with people waiting (e.g. after a raw capacity edit) go to the queue first."""
    fill(offering, 10)
    waiting = fill(offering, 1, Status.WAITLISTED)[0]
    Offering.objects.filter(pk=offering.pk).update(capacity=11)
    assert services.enroll(offering, person).status == Status.WAITLISTED
    assert Enrollment.objects.get(pk=waiting.pk).status == Status.CONFIRMED


def test_cancel_offering_cancels_everyone_and_tells_why(offering, sent):
    coordinator = CoordinatorFactory()
    everyone = fill(offering, 10) + fill(offering, 2, Status.WAITLISTED)
    mails = sent(services.cancel_offering, offering, coordinator, "Die Referentin ist erkrankt.")
    assert len(sent.result) == 12
    assert offering.status == Offering.Status.CANCELLED
    assert not Enrollment.objects.active().exists()
    assert len(mails) == 12
    assert all("Die Referentin ist erkrankt." in m.body for m in mails)
    assert {m.to[0] for m in mails} == {e.user.email for e in everyone}
    assert ModelLogEntry.objects.filter(action="courses.offering.cancelled").count() == 1
    assert error_code(services.enroll, offering, UserFactory())[0] == "offering_cancelled"
    assert error_code(services.cancel_offering, offering, coordinator, "")[0] == (
        "offering_cancelled"
    )


# Creating offerings ---------------------------------------------------------------------------


def test_create_offering_puts_one_session_per_day_on_working_days():
    from portal.models import Region
    from tests.courses.factories import ModulePageFactory

    module = ModulePageFactory(duration_days=3, default_capacity=12)
    module.audiences.add(Audience.objects.get(slug="bewaehrungshilfe"))
    module.save()
    coordinator = CoordinatorFactory()
    region = Region.objects.get(slug="magdeburg")
    # Thursday 1 October 2026: Friday, then (after the weekend and 3 October) Monday.
    offering = services.create_offering(
        module, region, by=coordinator, first_day=datetime.date(2026, 10, 1), findings_note="Why"
    )
    dates = [s.date for s in offering.ordered_sessions]
    assert dates == [
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 2),
        datetime.date(2026, 10, 5),
    ]
    assert offering.status == Offering.Status.PLANNED
    assert offering.capacity == 12
    assert offering.internal_notes == "Why"
    assert list(offering.eligible_audiences.values_list("slug", flat=True)) == ["bewaehrungshilfe"]
    assert ModelLogEntry.objects.filter(
        object_id=str(offering.pk), action="courses.offering.created", user_id=coordinator.pk
    ).exists()


def test_create_offering_starts_eight_weeks_ahead_on_a_working_day():
    from portal.models import Region
    from tests.courses.factories import ModulePageFactory

    offering = services.create_offering(
        ModulePageFactory(), Region.objects.get(slug="magdeburg"), by=None, capacity=5
    )
    (session,) = offering.ordered_sessions
    assert session.date == services.offerings.default_first_day()
    assert session.date >= timezone.localdate() + datetime.timedelta(weeks=8)
    assert session.date.weekday() < 5
    assert offering.capacity == 5
