"""Retention (R6): the portal's rules, the runner, the command and the privacy page.

Each rule is checked at its boundary (just inside the period: kept, just past it: gone) and
run twice (the second run changes nothing). Time is passed to the services as ``now``; the
rows get their ages by UPDATE, past ``auto_now``. The apps' rules are tested in
tests/courses/test_retention.py and tests/needs_analysis/test_retention.py.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from courses.models import Enrollment
from portal import retention
from portal.retention import (
    DEFAULT_PERIODS,
    apply_retention,
    claim_warning,
    periods,
    warn_inactive_accounts,
)
from tests.courses.factories import EnrollmentFactory
from tests.factories import AdminFactory, CoordinatorFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)
INACTIVE = timedelta(days=DEFAULT_PERIODS["inactive_account_days"])
WARNING = timedelta(days=DEFAULT_PERIODS["account_warning_days"])


@pytest.fixture
def now():
    return timezone.now()


def age(instance, **fields):
    """Set timestamps with UPDATE (``auto_now`` and ``auto_now_add`` would overwrite them)."""
    type(instance).objects.filter(pk=instance.pk).update(**fields)
    instance.refresh_from_db()
    return instance


def session(key, expire_date):
    return Session.objects.create(session_key=key, session_data="x", expire_date=expire_date)


def task_result(status, finished_at):
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [{"to": ["person@example.org"]}], "kwargs": {}},
        task_path="portal.tasks.send_email",
        backend_name="default",
        run_after=finished_at or timezone.now(),
        finished_at=finished_at,
        exception_class_path="",
        traceback="",
    )


# Sessions, background tasks, audit log -----------------------------------------------------


def test_expired_sessions_are_deleted_and_live_ones_kept(now):
    session("expired", now - MINUTE)
    session("live", now + MINUTE)

    assert retention.delete_expired_sessions(now) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert retention.delete_expired_sessions(now) == 0


def test_finished_task_results_go_after_their_period(now):
    period = timedelta(days=DEFAULT_PERIODS["task_result_days"])
    old_success = task_result("SUCCESSFUL", now - period - MINUTE)
    old_failure = task_result("FAILED", now - period - MINUTE)
    recent = task_result("SUCCESSFUL", now - period + MINUTE)
    waiting = task_result("READY", None)
    running = task_result("RUNNING", None)
    DBTaskResult.objects.filter(pk__in=[waiting.pk, running.pk]).update(
        enqueued_at=now - 10 * period
    )

    assert retention.retain_task_results(now, periods()) == {"task_results_deleted": 2}
    assert not DBTaskResult.objects.filter(pk__in=[old_success.pk, old_failure.pk]).exists()
    assert DBTaskResult.objects.filter(pk__in=[recent.pk, waiting.pk, running.pk]).count() == 3
    assert retention.retain_task_results(now, periods()) == {"task_results_deleted": 0}


def test_audit_log_entries_go_after_two_years(now):
    coordinator = CoordinatorFactory()
    two_years = timedelta(days=730)
    old = log(coordinator, "wagtail.edit", user=coordinator)
    recent = log(coordinator, "wagtail.edit", user=coordinator)
    age(old, timestamp=now - two_years - MINUTE)
    age(recent, timestamp=now - two_years + MINUTE)
    root = Page.get_first_root_node()
    old_page = log(root, "wagtail.edit", user=coordinator)
    age(old_page, timestamp=now - two_years - MINUTE)

    assert retention.retain_audit_log(now, periods()) == {"audit_log_entries_deleted": 2}
    assert list(ModelLogEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not PageLogEntry.objects.filter(pk=old_page.pk).exists()
    assert retention.retain_audit_log(now, periods()) == {"audit_log_entries_deleted": 0}


# Inactive accounts -------------------------------------------------------------------------


def inactive(user, since, **fields):
    return age(user, last_login=since, **fields)


def run_accounts(now, callbacks):
    with callbacks(execute=True):
        return retention.retain_accounts(now, periods())


def test_the_warning_goes_out_30_days_before_three_years_once(
    now, mailoutbox, django_capture_on_commit_callbacks
):
    warn_from = now - INACTIVE + WARNING
    due = inactive(ProfessionalFactory(language="en", first_name="Paula"), warn_from - MINUTE)
    not_yet = inactive(ProfessionalFactory(), warn_from + MINUTE)

    counts = run_accounts(now, django_capture_on_commit_callbacks)

    assert counts["accounts_warned"] == 1
    assert counts["accounts_deleted"] == 0
    [mail] = mailoutbox
    assert mail.to == [due.email]
    with translation.override("en"):
        delete_on = date_format(timezone.localdate(due.last_login + INACTIVE), "DATE_FORMAT")
    assert mail.subject == f"Your account will be deleted on {delete_on}"
    assert "Hello Paula," in mail.body
    assert "http://127.0.0.1:8000/en/konto/login/" in mail.body
    assert f"deleted on {delete_on}" in mail.body
    due.refresh_from_db()
    not_yet.refresh_from_db()
    assert due.retention_warning_sent_at == now
    assert not_yet.retention_warning_sent_at is None

    assert run_accounts(now, django_capture_on_commit_callbacks)["accounts_warned"] == 0
    run_accounts(now + DAY, django_capture_on_commit_callbacks)  # warns only the other one
    assert [m.to for m in mailoutbox] == [[due.email], [not_yet.email]]


def test_the_warning_is_in_the_persons_language(
    now, mailoutbox, django_capture_on_commit_callbacks
):
    inactive(ProfessionalFactory(language="de"), now - INACTIVE)

    run_accounts(now, django_capture_on_commit_callbacks)

    [mail] = mailoutbox
    # Found only now, three years after the last login: deleted no sooner than 30 days on.
    with translation.override("de"):
        delete_on = date_format(timezone.localdate(now + WARNING), "DATE_FORMAT")
    assert mail.subject == f"Ihr Konto wird am {delete_on} gelöscht"
    assert "http://127.0.0.1:8000/konto/login/" in mail.body


def test_an_overlapping_run_does_not_warn_twice(
    now, mailoutbox, django_capture_on_commit_callbacks
):
    user = inactive(ProfessionalFactory(), now - INACTIVE)
    warn_from = now - INACTIVE + WARNING
    # The other run claims the warning after this run has read the account.
    User.objects.filter(pk=user.pk).update(retention_warning_sent_at=now)

    with django_capture_on_commit_callbacks(execute=True):
        assert claim_warning(user, now, periods(), warn_from) == 0
        assert warn_inactive_accounts(now, periods()) == 0
    assert mailoutbox == []


def test_a_never_used_account_counts_from_sign_up(now, django_capture_on_commit_callbacks):
    user = age(ProfessionalFactory(), last_login=None, date_joined=now - INACTIVE)

    assert run_accounts(now, django_capture_on_commit_callbacks)["accounts_warned"] == 1
    user.refresh_from_db()
    assert user.retention_warning_sent_at == now


def test_the_account_is_deleted_30_days_after_the_warning(now, django_capture_on_commit_callbacks):
    user = inactive(ProfessionalFactory(), now - INACTIVE - WARNING)
    enrollment = EnrollmentFactory(user=user, comment="Bitte barrierefrei")
    run_accounts(now, django_capture_on_commit_callbacks)
    assert User.objects.filter(pk=user.pk).exists()

    assert run_accounts(now + WARNING - MINUTE, django_capture_on_commit_callbacks) == {
        "sessions_deleted": 0,
        "accounts_deleted": 0,
        "accounts_warned": 0,
    }
    assert User.objects.filter(pk=user.pk).exists()

    counts = run_accounts(now + WARNING, django_capture_on_commit_callbacks)
    assert counts["accounts_deleted"] == 1
    assert not User.objects.filter(pk=user.pk).exists()
    # Through portal.privacy.delete_account: the contributors anonymised first.
    enrollment.refresh_from_db()
    assert enrollment.user_id is None
    assert enrollment.comment == ""

    assert run_accounts(now + WARNING + DAY, django_capture_on_commit_callbacks) == {
        "sessions_deleted": 0,
        "accounts_deleted": 0,
        "accounts_warned": 0,
    }


def test_a_login_clears_the_warning_and_keeps_the_account(
    client, now, django_capture_on_commit_callbacks
):
    user = inactive(ProfessionalFactory(), now - INACTIVE - WARNING)
    run_accounts(now, django_capture_on_commit_callbacks)
    user.refresh_from_db()
    assert user.retention_warning_sent_at == now

    client.force_login(user)  # sends user_logged_in, as every login does

    user.refresh_from_db()
    assert user.retention_warning_sent_at is None
    counts = run_accounts(now + WARNING + DAY, django_capture_on_commit_callbacks)
    assert counts["accounts_deleted"] == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_an_account_used_after_the_warning_is_not_deleted(now, django_capture_on_commit_callbacks):
    # The login happened between the run's selection and the deletion: the row is checked
    # again under its lock, so the warning alone never deletes an active account.
    user = inactive(ProfessionalFactory(), now, retention_warning_sent_at=now - 2 * WARNING)

    assert run_accounts(now, django_capture_on_commit_callbacks)["accounts_deleted"] == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_superusers_are_never_warned_or_deleted(
    now, mailoutbox, django_capture_on_commit_callbacks
):
    admin = inactive(AdminFactory(), now - 3 * INACTIVE)
    run_accounts(now, django_capture_on_commit_callbacks)
    age(admin, retention_warning_sent_at=now - 2 * WARNING)  # set by hand, say

    counts = run_accounts(now, django_capture_on_commit_callbacks)

    assert counts["accounts_deleted"] == 0
    assert mailoutbox == []
    assert User.objects.filter(pk=admin.pk).exists()


# The runner and the command ----------------------------------------------------------------


def test_the_runner_applies_every_contributors_rule_and_is_idempotent(
    now, django_capture_on_commit_callbacks
):
    session("expired", now - MINUTE)
    inactive(ProfessionalFactory(), now - INACTIVE)

    with django_capture_on_commit_callbacks(execute=True):
        first = apply_retention(now)
    with django_capture_on_commit_callbacks(execute=True):
        second = apply_retention(now)

    assert set(first) == {
        "sessions_deleted",
        "accounts_deleted",
        "accounts_warned",
        "task_results_deleted",
        "audit_log_entries_deleted",
        "enrollments_anonymised",
        "enrollment_log_entries_deleted",
        "consultation_requests_deleted",
        "in_house_requests_deleted",
        "interests_deleted",
        "workshop_registrations_anonymised",
    }
    assert first["sessions_deleted"] == 1
    assert first["accounts_warned"] == 1
    assert set(second.values()) == {0}


def test_a_dry_run_counts_and_changes_nothing(now, mailoutbox, django_capture_on_commit_callbacks):
    session("expired", now - MINUTE)
    user = inactive(ProfessionalFactory(), now - INACTIVE)

    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention(now, dry_run=True)

    assert counts["sessions_deleted"] == 1
    assert counts["accounts_warned"] == 1
    assert Session.objects.filter(session_key="expired").exists()
    user.refresh_from_db()
    assert user.retention_warning_sent_at is None
    assert mailoutbox == []


def test_the_command_prints_counts_per_kind(django_capture_on_commit_callbacks):
    session("expired", timezone.now() - MINUTE)
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    lines = out.getvalue().splitlines()
    assert "sessions_deleted: 1" in lines
    assert "enrollments_anonymised: 0" in lines
    assert lines[-1] == "Dry run: nothing was changed."
    assert Session.objects.filter(session_key="expired").exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=io.StringIO())
    assert not Session.objects.filter(session_key="expired").exists()


def test_audit_log_rule_runs_once_per_run():
    rules = retention.rules()
    assert len(rules) == len(set(rules))
    assert rules.count(retention.retain_audit_log) == 1
    assert rules.count(retention.retain_task_results) == 1


# The privacy page states the periods from the settings --------------------------------------


def privacy_page(client):
    # In English: the German texts come from the catalogues, merged after this change.
    client.force_login(ProfessionalFactory())
    response = client.get("/en/mein-bereich/datenschutz/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_privacy_page_states_the_default_periods(client):
    page = privacy_page(client)

    assert "How long we keep your data" in page
    assert "3 years after your last login" in page
    assert "We write to you 30 days beforehand" in page
    assert "3 years after the training ended" in page
    assert "1 year after the request was closed" in page
    assert "1 year after the workshop talk" in page
    assert "30 days after they were done" in page
    assert "<td>2 years</td>" in page
    assert "funder" not in page


def test_the_privacy_page_follows_the_settings(client):
    with override_settings(
        PRIVACY_RETENTION={
            **DEFAULT_PERIODS,
            "audit_log_days": 5 * 365,
            "inactive_account_days": 730,
            "enrollment_funder_extension_days": 730,
            "request_days": 90,
        }
    ):
        page = privacy_page(client)

    assert "<td>5 years</td>" in page
    assert "2 years after your last login" in page
    assert "5 years after the training ended" in page
    assert "(including 2 years because our funder requires" in page
    assert "90 days after the request was closed" in page


def test_the_enrolment_keeps_its_row_after_the_account_is_deleted(
    now, django_capture_on_commit_callbacks
):
    # The statistics survive the deletion for inactivity, as they survive a person's own.
    user = inactive(ProfessionalFactory(), now - INACTIVE - 2 * WARNING)
    EnrollmentFactory(user=user)
    run_accounts(now - WARNING, django_capture_on_commit_callbacks)
    run_accounts(now, django_capture_on_commit_callbacks)
    assert Enrollment.objects.filter(user__isnull=True).count() == 1
