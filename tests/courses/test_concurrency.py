"""Concurrent enrolments on PostgreSQL with real parallel connections.

Each thread has its own database connection (Django opens one per thread) and closes it at
the end. The negative control switches the row lock off and holds every thread inside the
critical section until all have counted the seats: then the offering must overbook, which
proves that these tests can fail.
"""

import contextlib
import threading
import time

import pytest
from django.db import connection, connections

from courses import services
from courses.models import Enrollment
from courses.services import enrolment
from tests.courses.factories import EnrollmentFactory, OfferingFactory
from tests.factories import UserFactory

Status = Enrollment.Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrency needs PostgreSQL with real parallel connections "
            "(SQLite serialises writers); set DATABASE_URL to run it."
        )


def run_in_threads(jobs):
    """Start all jobs at once, each in its own thread with its own connection."""
    start = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            start.wait(timeout=10)
            job()
        except services.EnrollmentError as error:
            errors.append(error.code)
        except Exception as error:  # surfaced by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def counts(offering):
    rows = Enrollment.objects.filter(offering=offering)
    return {status: rows.filter(status=status).count() for status in Status.values}


def enrol_job(offering, user):
    return lambda: services.enroll(offering, user)


def test_forty_parallel_enrolments_into_ten_seats(monkeypatch):
    offering = OfferingFactory(capacity=10)
    users = [UserFactory() for _ in range(40)]
    # Widen the critical section so that requests really overlap.
    monkeypatch.setattr(enrolment, "_critical_section_hook", lambda: time.sleep(0.005))
    errors = run_in_threads([enrol_job(offering, user) for user in users])
    assert errors == []
    result = counts(offering)
    assert result[Status.CONFIRMED] == 10
    assert result[Status.WAITLISTED] == 30
    # The waitlist is served in the order people got onto it.
    waitlist = list(Enrollment.objects.waitlist().filter(offering=offering))
    assert [e.waitlisted_at for e in waitlist] == sorted(e.waitlisted_at for e in waitlist)


def test_cancellations_racing_with_enrolments_never_overbook(monkeypatch):
    offering = OfferingFactory(capacity=10)
    confirmed = [EnrollmentFactory(offering=offering) for _ in range(10)]
    newcomers = [UserFactory() for _ in range(20)]
    monkeypatch.setattr(enrolment, "_critical_section_hook", lambda: time.sleep(0.005))
    jobs = [enrol_job(offering, user) for user in newcomers]
    jobs += [
        (lambda enrollment=enrollment: services.cancel(enrollment, enrollment.user))
        for enrollment in confirmed[:5]
    ]
    errors = run_in_threads(jobs)
    assert errors == []
    result = counts(offering)
    assert result[Status.CONFIRMED] == 10
    assert result[Status.CANCELLED] == 5
    assert result[Status.WAITLISTED] == 15


def test_negative_control_without_the_lock_overbooks(monkeypatch):
    offering = OfferingFactory(capacity=10)
    users = [UserFactory() for _ in range(20)]
    inside = threading.Barrier(len(users))

    def everyone_counts_at_once():
        with contextlib.suppress(threading.BrokenBarrierError):
            inside.wait(timeout=10)

    monkeypatch.setattr(enrolment, "_LOCK_ENABLED", False)
    monkeypatch.setattr(enrolment, "_critical_section_hook", everyone_counts_at_once)
    errors = run_in_threads([enrol_job(offering, user) for user in users])
    assert errors == []
    assert counts(offering)[Status.CONFIRMED] > offering.capacity
