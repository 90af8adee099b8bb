"""Two runs of ``send_transfer_surveys`` at once on PostgreSQL, with real parallel
connections: each person is asked once. The negative control drops the claim's condition and
both runs ask everybody, which proves that the test can fail."""

import datetime
import threading

import pytest
from django.db import connection, connections

from courses.models import Enrollment
from courses.services import transfer
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.courses.past_offerings import attend_all

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL with real parallel connections.")


def two_runs_at_once(monkeypatch):
    """Both runs list the due enrolments before either claims one; return what each sent."""
    both_listed = threading.Barrier(2)
    listing = transfer.due_surveys

    def list_then_wait(now, days=None):
        due = listing(now, days)
        both_listed.wait(timeout=10)
        return due

    monkeypatch.setattr(transfer, "due_surveys", list_then_wait)
    results, errors = [], []

    def run():
        try:
            results.append(transfer.send_transfer_surveys())
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
def participants(db):
    offering = OfferingFactory(sessions=[(in_days(-100), datetime.time(9), datetime.time(16))])
    EnrollmentFactory.create_batch(4, offering=offering)
    attend_all(offering)
    return offering


def test_two_runs_at_once_ask_each_person_once(monkeypatch, participants):
    results = two_runs_at_once(monkeypatch)
    assert sum(results) == 4
    assert not Enrollment.objects.filter(transfer_survey_sent_at__isnull=True).exists()


def test_negative_control_without_the_claim_condition_asks_twice(monkeypatch, participants):
    monkeypatch.setattr(transfer, "_CLAIM_ONCE", False)
    assert sum(two_runs_at_once(monkeypatch)) == 8
