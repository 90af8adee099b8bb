"""Two runs of ``warn_minimums`` at once on PostgreSQL, with real parallel connections: the
coordination hears about an offering once. The negative control drops the claim's condition
and both runs report it, which proves that the test can fail."""

import datetime
import threading

import pytest
from django.db import connection, connections

from courses.models import Offering
from courses.services import minimums
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.factories import CoordinatorFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL with real parallel connections.")


def two_runs_at_once(monkeypatch):
    """Both runs list the due offerings before either claims one; return what each reported."""
    both_listed = threading.Barrier(2)
    listing = minimums.due_below_minimum

    def list_then_wait(now=None):
        due = listing(now)
        both_listed.wait(timeout=10)
        return due

    monkeypatch.setattr(minimums, "due_below_minimum", list_then_wait)
    results, errors = [], []

    def run():
        try:
            results.append(minimums.warn_below_minimum())
        except Exception as error:  # surfaced by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return sorted(results)


@pytest.fixture
def offering(db):
    CoordinatorFactory()
    offering = OfferingFactory(
        minimum_participants=5,
        decision_date=in_days(3),
        sessions=[(in_days(20), datetime.time(9), datetime.time(16))],
    )
    EnrollmentFactory.create_batch(2, offering=offering)
    return offering


def test_two_runs_at_once_report_an_offering_once(monkeypatch, offering):
    assert two_runs_at_once(monkeypatch) == [0, 1]
    assert Offering.objects.get(pk=offering.pk).minimum_alert_sent_at is not None


def test_negative_control_without_the_claim_condition_reports_twice(monkeypatch, offering):
    monkeypatch.setattr(minimums, "_CLAIM_ONCE", False)
    assert two_runs_at_once(monkeypatch) == [1, 1]
