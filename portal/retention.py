"""Retention (R6): what is past its period is deleted or anonymised, by itself, every day.

``manage.py apply_retention`` calls ``apply_retention``. The periods are days in
``settings.PRIVACY_RETENTION`` (``periods()``); the privacy page renders them from there too
(``portal/templatetags/retention_tags.py``), so what the page promises and what this job does
cannot drift apart.

Each app keeps its rules next to its data (``courses/retention.py``,
``needs_analysis/retention.py``, ``workshops/retention.py``) and hands them to the runner as the
``retain`` of its privacy contributor (``portal.privacy.Contributor``). The portal's own rules
live here: expired sessions and inactive accounts (the account contributor), and the audit
log and finished background tasks, which the runner applies itself unless a contributor that
declares those models brings a ``retain`` of its own.

Every rule is idempotent and safe when two runs overlap: deletions and anonymisations are
conditional statements that find nothing left to do the second time, the warning mail is
claimed by a conditional UPDATE before it is queued, and an account is locked and checked
again right before it is deleted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.mail import absolute_url, render_message, send_after_commit, site_name
from portal.privacy import contributors, delete_account

# The defaults, also in portal/settings.py (where the environment can override them); used for
# a key a deployment's settings leave out.
DEFAULT_PERIODS = {
    "task_result_days": 30,
    "audit_log_days": 730,
    "request_days": 365,
    "event_days": 365,
    "enrollment_days": 1095,
    "enrollment_funder_extension_days": 0,
    "inactive_account_days": 1095,
    "account_warning_days": 30,
}

WARNING_TEMPLATE = "portal/emails/retention_warning"
EVENT_HEADER = "X-Portal-Event"
WARNING_EVENT = "retention_warning"

Rule = Callable[[datetime.datetime, dict], dict]


def periods() -> dict[str, int]:
    """The retention periods in days: the settings over the defaults."""
    return {**DEFAULT_PERIODS, **getattr(settings, "PRIVACY_RETENTION", {})}


def enrollment_days(p: dict) -> int:
    """How long enrolments keep their personal details: the base period plus a funder's."""
    return p["enrollment_days"] + p["enrollment_funder_extension_days"]


def cutoff(now: datetime.datetime, days: int) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def cutoff_date(now: datetime.datetime, days: int) -> datetime.date:
    """The first local day still inside a period counted in whole days from ``now``'s day."""
    return timezone.localdate(now) - datetime.timedelta(days=days)


def deleted(queryset) -> int:
    """Delete ``queryset``; how many rows of its own model went (not the cascaded ones)."""
    _, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


# The runner ----------------------------------------------------------------------------------


def _runner_rules() -> list[tuple[Rule, tuple[type[models.Model], ...]]]:
    """The portal's rules that belong to no contributor yet, with the models they clean."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    rules: list[tuple[Rule, tuple[type[models.Model], ...]]] = [
        (retain_audit_log, (ModelLogEntry, PageLogEntry))
    ]
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        rules.append((retain_task_results, (DBTaskResult,)))
    return rules


def rules() -> list[Rule]:
    """Every contributor's ``retain``, then the runner's own rules for models no contributor
    with a ``retain`` declares (so a rule never runs twice once a contributor takes it over)."""
    found = [c for c in contributors() if c.retain is not None]
    covered = {model for c in found for model in c.models}
    own = [rule for rule, models_ in _runner_rules() if not covered.intersection(models_)]
    return [c.retain for c in found] + own


def apply_retention(now: datetime.datetime | None = None, *, dry_run: bool = False) -> dict:
    """Apply every rule at ``now``; return the counts by kind (what was, or would be, done).

    A dry run does everything inside one transaction and rolls it back: the counts are real,
    nothing is changed and no mail leaves (mail is queued only after a commit).
    """
    now = now or timezone.now()
    p = periods()
    counts: dict[str, int] = {}
    if dry_run:
        with transaction.atomic():
            for rule in rules():
                counts.update(rule(now, p))
            transaction.set_rollback(True)
    else:
        for rule in rules():
            counts.update(rule(now, p))
    return counts


# Sessions, background tasks, audit log ---------------------------------------------------------


def delete_expired_sessions(now: datetime.datetime) -> int:
    """What ``manage.py clearsessions`` does, at ``now``; counted for database sessions."""
    if settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return deleted(Session.objects.filter(expire_date__lt=now))
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return 0


def retain_task_results(now: datetime.datetime, p: dict) -> dict:
    """Finished background tasks (successful or failed) after ``task_result_days``: their
    arguments hold mail addresses and whole messages. Waiting and running ones stay."""
    from django_tasks_db.models import DBTaskResult

    old = DBTaskResult.objects.finished().filter(
        finished_at__lt=cutoff(now, p["task_result_days"])
    )
    return {"task_results_deleted": deleted(old)}


def retain_audit_log(now: datetime.datetime, p: dict) -> dict:
    """Audit-log entries (admin history, page history) after ``audit_log_days``."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    before = cutoff(now, p["audit_log_days"])
    count = deleted(ModelLogEntry.objects.filter(timestamp__lt=before))
    count += deleted(PageLogEntry.objects.filter(timestamp__lt=before))
    return {"audit_log_entries_deleted": count}


# Inactive accounts ------------------------------------------------------------------------------


def inactive_since(moment: datetime.datetime) -> Q:
    """No login since ``moment`` (the sign-up counts for someone who never logged in)."""
    return Q(last_login__lt=moment) | Q(last_login__isnull=True, date_joined__lt=moment)


def deletable_accounts():
    """Accounts the retention may delete at all. Superusers never: they are the administrators
    who run the platform and its deletions; removing the last of them by a timer would lock
    everybody out of the administration, so their accounts are reviewed by hand."""
    return get_user_model().objects.filter(is_superuser=False)


def deletion_date(user, now: datetime.datetime, p: dict) -> datetime.date:
    """The day a warned account will be deleted if nobody logs in: three years after the last
    login, and never sooner than the warning period after the warning."""
    last_active = user.last_login or user.date_joined
    return timezone.localdate(
        max(
            last_active + datetime.timedelta(days=p["inactive_account_days"]),
            now + datetime.timedelta(days=p["account_warning_days"]),
        )
    )


def warn_inactive_accounts(now: datetime.datetime, p: dict) -> int:
    """Warn each account inactive for the period less the warning period, exactly once."""
    warn_from = cutoff(now, p["inactive_account_days"] - p["account_warning_days"])
    due = deletable_accounts().filter(
        inactive_since(warn_from), retention_warning_sent_at__isnull=True
    )
    return sum(claim_warning(user, now, p, warn_from) for user in due.order_by("pk"))


def claim_warning(user, now: datetime.datetime, p: dict, warn_from: datetime.datetime) -> int:
    """Claim the warning with a conditional UPDATE and queue the mail only if this run made the
    claim: of two overlapping runs exactly one sends it. 1 if sent, 0 otherwise."""
    with transaction.atomic():
        claimed = (
            deletable_accounts()
            .filter(inactive_since(warn_from), pk=user.pk, retention_warning_sent_at__isnull=True)
            .update(retention_warning_sent_at=now)
        )
        if claimed != 1:
            return 0
        send_after_commit(warning_message(user, deletion_date(user, now, p)))
    return 1


def delete_inactive_accounts(now: datetime.datetime, p: dict) -> int:
    """Delete each account still inactive for the whole period and warned at least the warning
    period ago, through ``portal.privacy.delete_account`` (the same deletion as the person's
    own). The row is locked and checked again first: a login in between saves it."""
    still = Q(
        inactive_since(cutoff(now, p["inactive_account_days"])),
        retention_warning_sent_at__lte=cutoff(now, p["account_warning_days"]),
    )
    count = 0
    for pk in list(deletable_accounts().filter(still).values_list("pk", flat=True)):
        with transaction.atomic():
            user = deletable_accounts().select_for_update().filter(still, pk=pk).first()
            if user is not None:
                delete_account(user)
                count += 1
    return count


def retain_accounts(now: datetime.datetime, p: dict) -> dict:
    """The account contributor's rules: expired sessions, then warnings and deletions."""
    return {
        "sessions_deleted": delete_expired_sessions(now),
        "accounts_deleted": delete_inactive_accounts(now, p),
        "accounts_warned": warn_inactive_accounts(now, p),
    }


def clear_warning_on_login(sender, request, user, **kwargs) -> None:
    """A login keeps the account: the warning is withdrawn (``user_logged_in`` receiver), so
    the next period of inactivity is warned about again."""
    if getattr(user, "retention_warning_sent_at", None) is not None:
        type(user).objects.filter(pk=user.pk).update(retention_warning_sent_at=None)
        user.retention_warning_sent_at = None


# The warning mail -------------------------------------------------------------------------------


def warning_message(user, delete_on: datetime.date):
    """The warning in the person's language: when the account goes, and how to keep it."""
    language = (user.language or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        context = {
            "name": user.first_name,
            "email": user.email,
            "last_active": date_format(
                timezone.localdate(user.last_login or user.date_joined), "DATE_FORMAT"
            ),
            "delete_on": date_format(delete_on, "DATE_FORMAT"),
            "login_url": absolute_url(reverse("account_login")),
            "site_name": site_name(),
        }
    return render_message(
        WARNING_TEMPLATE,
        context,
        to=user.email,
        language=language,
        headers={EVENT_HEADER: WARNING_EVENT},
    )
