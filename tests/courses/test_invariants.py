"""Random sequences of enrol / cancel / approve / decline / capacity change keep the rules."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import services
from courses.models import Enrollment
from courses.services import EnrollmentError
from tests.courses.factories import OfferingFactory
from tests.factories import CoordinatorFactory, UserFactory

Status = Enrollment.Status
PEOPLE = 6

operation = st.one_of(
    st.tuples(st.sampled_from(["enroll", "cancel", "approve", "decline"]), st.integers(0, 5)),
    st.tuples(st.just("capacity"), st.integers(0, 5)),
)


@pytest.fixture
def people(db):
    return [UserFactory() for _ in range(PEOPLE)], CoordinatorFactory()


def waitlist_ids(offering):
    return list(
        Enrollment.objects.waitlist().filter(offering=offering).values_list("pk", flat=True)
    )


def check_invariants(offering, waitlist_before):
    enrollments = list(Enrollment.objects.filter(offering=offering))
    confirmed = [e for e in enrollments if e.status == Status.CONFIRMED]
    # Never more confirmed than seats.
    assert len(confirmed) <= offering.capacity
    # At most one active enrolment per person.
    active_users = [e.user_id for e in enrollments if e.is_active]
    assert len(active_users) == len(set(active_users))
    # No free seat while somebody waits (the offering has not started).
    if len(confirmed) < offering.capacity:
        assert not any(e.status == Status.WAITLISTED for e in enrollments)
    # FIFO: whoever left the waitlist for a seat was at its front.
    promoted = {e.pk for e in confirmed} & set(waitlist_before)
    assert set(waitlist_before[: len(promoted)]) == promoted


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    capacity=st.integers(1, 3),
    requires_approval=st.booleans(),
    operations=st.lists(operation, max_size=25),
)
def test_enrolment_sequences_keep_the_invariants(people, capacity, requires_approval, operations):
    users, coordinator = people
    with transaction.atomic():
        offering = OfferingFactory(capacity=capacity, requires_approval=requires_approval)
        for name, argument in operations:
            offering.refresh_from_db()
            before = waitlist_ids(offering)
            current = (
                Enrollment.objects.active().filter(offering=offering, user=users[argument]).first()
            )
            try:
                if name == "enroll":
                    services.enroll(offering, users[argument])
                elif name == "capacity":
                    services.change_capacity(offering, argument, coordinator)
                elif current is None:
                    continue
                elif name == "cancel":
                    services.cancel(current, users[argument])
                elif name == "approve":
                    services.approve(current, coordinator)
                elif name == "decline":
                    services.decline(current, coordinator)
            except EnrollmentError as error:
                assert error.code in {
                    "already_enrolled",
                    "not_requested",
                    "capacity_below_confirmed",
                }
            offering.refresh_from_db()
            check_invariants(offering, before)
        transaction.set_rollback(True)
