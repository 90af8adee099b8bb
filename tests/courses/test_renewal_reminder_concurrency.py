"""Several runs of ``send_renewal_reminders`` at once on PostgreSQL, with real parallel
connections: each certificate is reminded once. The negative control drops the claim's
condition and every run reminds everybody, which proves that the test can fail."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from courses.models import Certificate
from courses.services import renewal_reminders
from tests.courses.qualification_data import attend, modules, qualification
from tests.factories import ProfessionalFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUNS = 3


@pytest.fixture(autouse=True)
def _postgres_only(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL with real parallel connections.")


def runs_at_once(monkeypatch):
    """All runs list the due certificates before any claims one; return what each sent."""
    all_listed = threading.Barrier(RUNS)
    listing = renewal_reminders.due_reminders

    def list_then_wait(today):
        due = listing(today)
        all_listed.wait(timeout=10)
        return due

    monkeypatch.setattr(renewal_reminders, "due_reminders", list_then_wait)
    results, errors = [], []

    def run():
        try:
            results.append(renewal_reminders.send_renewal_reminders())
        except Exception as error:  # surfaced by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return sorted(results)


@pytest.fixture
def holders(db):
    """Four holders of a qualification: two due for the 90-day, two for the 30-day reminder."""
    (basis,) = modules(1)
    q = qualification(basis, title="Persönliches Bedrohungsmanagement", validity_months=24)
    today = timezone.localdate()
    for days_left in (60, 70, 10, 20):
        person = ProfessionalFactory()
        attend(person, basis, days_ago=10)
        Certificate.objects.filter(holder=person, qualification=q).update(
            valid_until=today + datetime.timedelta(days=days_left)
        )
    return q


def reminders(mails) -> list:
    """The reminders among the mails (setting up the holders mailed their certificates)."""
    return [m for m in mails if m.extra_headers["X-Courses-Event"] == "renewal_reminder"]


def test_runs_at_once_remind_each_certificate_once(monkeypatch, holders, mailoutbox):
    results = runs_at_once(monkeypatch)
    assert sum(results) == 4
    mails = reminders(mailoutbox)
    assert len(mails) == 4
    assert sorted(m.to[0] for m in mails) == sorted(
        Certificate.objects.filter(qualification=holders).values_list("holder__email", flat=True)
    )
    reminded = Certificate.objects.filter(qualification=holders)
    assert not reminded.filter(reminded_90_at__isnull=True).exists()
    assert reminded.filter(reminded_30_at__isnull=False).count() == 2


def test_negative_control_without_the_claim_condition_reminds_more_than_once(
    monkeypatch, holders, mailoutbox
):
    monkeypatch.setattr(renewal_reminders, "_CLAIM_ONCE", False)
    assert sum(runs_at_once(monkeypatch)) == 4 * RUNS
    assert len(reminders(mailoutbox)) == 4 * RUNS
