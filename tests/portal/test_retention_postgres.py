"""Two retention runs at the same time on PostgreSQL, with real parallel connections.

cron may start ``apply_retention`` while yesterday's run is still busy. Every inactive account
must get its warning mail exactly once, and an account due for deletion is deleted once,
without errors. The negative control drops the conditional claim (``retention_warning_sent_at
IS NULL``) and holds every run until all have read the due accounts: then the warnings go out
more than once, which proves that the test can fail.

In a module of its own: the tests commit (transactional), which pytest-xdist must run after
the other tests of its worker (see pyproject.toml).
"""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from portal import retention
from portal.models import User
from portal.retention import DEFAULT_PERIODS, periods
from tests.factories import ProfessionalFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUNS = 4
ACCOUNTS = 6
INACTIVE = timedelta(days=DEFAULT_PERIODS["inactive_account_days"])
WARNING = timedelta(days=DEFAULT_PERIODS["account_warning_days"])


@pytest.fixture(autouse=True)
def _postgres_only(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("Parallel retention runs need PostgreSQL with real parallel connections.")


def inactive_accounts(count, last_login):
    users = [ProfessionalFactory() for _ in range(count)]
    User.objects.filter(pk__in=[u.pk for u in users]).update(last_login=last_login)
    return users


def run_in_parallel(job, runs=RUNS):
    start = threading.Barrier(runs)
    errors = []

    def worker():
        try:
            start.wait(timeout=10)
            job()
        except Exception as error:  # surfaced by the assertion of the caller
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def hold_until_all_have_read(monkeypatch, claim):
    """Every run waits before its first claim until all runs have read the due accounts."""
    read = threading.Barrier(RUNS)
    waited = threading.local()

    def held_claim(*args, **kwargs):
        if not getattr(waited, "done", False):
            waited.done = True
            read.wait(timeout=10)
        return claim(*args, **kwargs)

    monkeypatch.setattr(retention, "claim_warning", held_claim)


def unguarded_claim(user, now, p, warn_from):
    """The claim without its condition: what a run does that trusts what it read."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(retention_warning_sent_at=now)
        retention.send_after_commit(
            retention.warning_message(user, retention.deletion_date(user, now, p))
        )
    return 1


def warnings_by_address():
    found = {}
    for message in mail.outbox:
        for address in message.to:
            found[address] = found.get(address, 0) + 1
    return found


def test_overlapping_runs_warn_every_account_exactly_once(monkeypatch):
    now = timezone.now()
    users = inactive_accounts(ACCOUNTS, now - INACTIVE + WARNING - timedelta(days=1))
    hold_until_all_have_read(monkeypatch, retention.claim_warning)

    errors = run_in_parallel(lambda: retention.warn_inactive_accounts(now, periods()))

    assert errors == []
    assert warnings_by_address() == {user.email: 1 for user in users}
    assert User.objects.filter(retention_warning_sent_at=now).count() == ACCOUNTS


def test_negative_control_without_the_conditional_claim_warns_twice(monkeypatch):
    now = timezone.now()
    users = inactive_accounts(ACCOUNTS, now - INACTIVE + WARNING - timedelta(days=1))
    hold_until_all_have_read(monkeypatch, unguarded_claim)

    errors = run_in_parallel(lambda: retention.warn_inactive_accounts(now, periods()))

    assert errors == []
    sent = warnings_by_address()
    assert set(sent) == {user.email for user in users}
    assert max(sent.values()) > 1


def test_overlapping_runs_delete_each_account_once_without_errors():
    now = timezone.now()
    users = inactive_accounts(ACCOUNTS, now - INACTIVE - timedelta(days=1))
    User.objects.filter(pk__in=[u.pk for u in users]).update(
        retention_warning_sent_at=now - WARNING - timedelta(days=1)
    )
    kept = ProfessionalFactory()
    counts = []

    errors = run_in_parallel(
        lambda: counts.append(retention.delete_inactive_accounts(now, periods()))
    )

    assert errors == []
    assert sum(counts) == ACCOUNTS
    assert not User.objects.filter(pk__in=[u.pk for u in users]).exists()
    assert User.objects.filter(pk=kept.pk).exists()
