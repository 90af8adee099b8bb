"""The generic steps of the account deletion (Art. 17 GDPR) that no single app owns.

After ``portal.privacy.delete_account`` no table may hold the person's e-mail address or
name. The apps' privacy contributors clear what they own; this module offers them the tools
(``needles_for``, ``redact``, ``redact_rows``) and does what is left in tables of Wagtail,
Django and django-tasks-db, which no contributor of ours owns:

- the audit log (Wagtail's ``ModelLogEntry`` and ``PageLogEntry``): its ``user`` is a
  DO_NOTHING foreign key without a constraint, so the deletion would leave the user id behind,
  and the labels and JSON data copy names (an enrolment's label is "<full name> – <status>");
- the background tasks (``DBTaskResult``): a queued mail carries the address and the name, and
  a mail queued just before the deletion must not go out afterwards;
- the person's sessions on other devices.

What is searched for (the "needles"): every e-mail address of the person and the full name in
the usual orders, and the last name alone when it is long enough not to be a common word:
those identify the person wherever they appear (``identifying_needles``). The first name
alone, and a last name shorter than four letters, are replaced only in rows that are about the
person anyway (``needles_for``), so that "Paula" in somebody else's audit entry stays. All of
them match as whole words, case-insensitively.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from django.db.models import Q, TextField
from django.db.models.functions import Cast

MARKER = "[entfernt]"
# A bare last name shorter than this is redacted only in rows about the person.
MIN_BARE_NAME = 4


# The needles ------------------------------------------------------------------------------------


def emails_of(user) -> list[str]:
    from allauth.account.models import EmailAddress

    addresses = {user.email} if user.email else set()
    if user.pk:
        addresses |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return sorted(address for address in addresses if address)


def _names(user) -> tuple[str, str]:
    return (user.first_name or "").strip(), (user.last_name or "").strip()


def identifying_needles(user) -> tuple[str, ...]:
    """What identifies the person anywhere: e-mail addresses, full name, a long last name."""
    first, last = _names(user)
    needles = emails_of(user)
    if first and last:
        needles += [f"{first} {last}", f"{last}, {first}", f"{last} {first}"]
    elif first or last:
        needles.append(first or last)
    if last and len(last) >= MIN_BARE_NAME:
        needles.append(last)
    return _longest_first(needles)


def needles_for(user) -> tuple[str, ...]:
    """Everything to replace in a row about the person: the identifying needles plus the first
    name and a short last name on their own."""
    first, last = _names(user)
    return _longest_first([*identifying_needles(user), first, last])


def _longest_first(needles: Iterable[str]) -> tuple[str, ...]:
    unique = {needle.strip().casefold(): needle.strip() for needle in needles if needle.strip()}
    return tuple(sorted(unique.values(), key=lambda needle: (-len(needle), needle.casefold())))


# Matching and replacing -------------------------------------------------------------------------


def _variants(needle: str) -> set[str]:
    """The needle as typed and as stored inside JSON text (non-ASCII escaped as ``\\u00fc``)."""
    return {needle, json.dumps(needle)[1:-1]}


def _pattern(needles: Sequence[str]) -> re.Pattern | None:
    variants = sorted({v for n in needles for v in _variants(n)}, key=lambda v: (-len(v), v))
    if not variants:
        return None
    alternatives = "|".join(re.escape(variant) for variant in variants)
    # Whole words only: "Al" must not eat "Alltag", an address must not match inside another.
    return re.compile(rf"(?<![\w.@+-])(?:{alternatives})(?![\w@-])", re.IGNORECASE)


def mentions(text, needles: Sequence[str]) -> bool:
    pattern = _pattern(needles)
    return bool(pattern and text and pattern.search(str(text)))


def redact(text: str, needles: Sequence[str]) -> str:
    """``text`` with every needle (whole words, any case) replaced by ``MARKER``."""
    pattern = _pattern(needles)
    if not text or pattern is None:
        return text
    return pattern.sub(MARKER, text)


def redact_data(value, needles: Sequence[str]):
    """Redact every string inside JSON-like data (keys included)."""
    if isinstance(value, str):
        return redact(value, needles)
    if isinstance(value, dict):
        return {redact_data(k, needles): redact_data(v, needles) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_data(item, needles) for item in value]
    return value


def mentions_q(fields: Sequence[str], needles: Sequence[str], prefix: str = "_erasure_") -> Q:
    """A filter for rows whose ``fields`` (cast to text, so JSON counts) contain a needle.

    Substring and case-insensitive (on SQLite for ASCII letters only): it preselects rows, the
    whole-word check is ``mentions``. The queryset must be annotated with ``text_columns``.
    """
    query = Q(pk__in=[])
    for field in fields:
        for needle in needles:
            for variant in _variants(needle):
                query |= Q(**{f"{prefix}{field}__icontains": variant})
    return query


def text_columns(fields: Sequence[str], prefix: str = "_erasure_") -> dict:
    return {f"{prefix}{field}": Cast(field, TextField()) for field in fields}


def rows_mentioning(queryset, fields: Sequence[str], needles: Sequence[str]):
    """The rows of ``queryset`` whose ``fields`` mention a needle as a whole word."""
    if not needles:
        return []
    candidates = queryset.annotate(**text_columns(fields)).filter(mentions_q(fields, needles))
    return [
        row
        for row in candidates
        if any(mentions(_as_text(getattr(row, field)), needles) for field in fields)
    ]


def _as_text(value) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False) + json.dumps(value)


def redact_rows(queryset, fields: Sequence[str], needles: Sequence[str], *, select=None) -> int:
    """Replace the needles in ``fields`` of the rows that mention one of ``select`` (default:
    the needles themselves). Saves with ``update()``: no signals, no new audit entries.
    Returns how many rows changed."""
    changed = 0
    for row in rows_mentioning(queryset, fields, select if select is not None else needles):
        values = {}
        for field in fields:
            old = getattr(row, field)
            new = redact_data(old, needles) if not isinstance(old, str) else redact(old, needles)
            if new != old:
                values[field] = new
        if values:
            type(row)._base_manager.filter(pk=row.pk).update(**values)
            changed += 1
    return changed


# The audit log ----------------------------------------------------------------------------------

LOG_FIELDS = ("label", "data")


def log_models():
    from wagtail.models import ModelLogEntry, PageLogEntry

    return (ModelLogEntry, PageLogEntry)


def rewrite_audit_log(user) -> int:
    """Entries by the person lose the user id; entries by or about them lose the name.

    An entry is about the person when its label or data names them (e-mail, full name): an
    enrolment's, a certificate's or a workshop registration's label carries the name, and so
    does an entry about the user account itself. The entry stays (what happened, when, to
    which object), so the audit trail of the coordination keeps its shape.
    """
    full, identifying = needles_for(user), identifying_needles(user)
    changed = 0
    for model in log_models():
        changed += redact_rows(
            model.objects.filter(user_id=user.pk), LOG_FIELDS, full, select=full
        )
        changed += redact_rows(model.objects.all(), LOG_FIELDS, full, select=identifying)
        model.objects.filter(user_id=user.pk).update(user_id=None)
    return changed


def audit_entries_of(user):
    """The entries by the person or naming them (e-mail or full name), oldest first."""
    strong = [n for n in identifying_needles(user) if n != _names(user)[1]]
    entries = []
    for model in log_models():
        by_person = list(model.objects.filter(user_id=user.pk))
        about = rows_mentioning(model.objects.exclude(user_id=user.pk), LOG_FIELDS, strong)
        entries += [(entry, True) for entry in by_person] + [(entry, False) for entry in about]
    return sorted(entries, key=lambda pair: (pair[0].timestamp, pair[0].pk))


# Background tasks -------------------------------------------------------------------------------

TASK_FIELDS = ("args_kwargs", "return_value", "traceback")


def task_results_of(user):
    """Queued and finished task results (mails) that carry the person's address or name."""
    from django_tasks_db.models import DBTaskResult

    return rows_mentioning(DBTaskResult.objects.all(), TASK_FIELDS, identifying_needles(user))


def purge_task_results(user) -> int:
    """Delete them: a mail queued for or about the person must not go out after the deletion,
    and a finished one must not keep the address in the queue's table."""
    from django_tasks_db.models import DBTaskResult

    ids = [result.pk for result in task_results_of(user)]
    return DBTaskResult.objects.filter(pk__in=ids).delete()[0] if ids else 0


# Sessions ---------------------------------------------------------------------------------------


def delete_sessions(user) -> int:
    """The person's sessions on every device (the data is signed, so each is decoded)."""
    from django.contrib.sessions.models import Session

    ids = []
    for session in Session.objects.iterator():
        try:
            data = session.get_decoded()
        except Exception:  # a session that cannot be decoded belongs to nobody
            continue
        if str(data.get("_auth_user_id", "")) == str(user.pk):
            ids.append(session.pk)
    return Session.objects.filter(pk__in=ids).delete()[0] if ids else 0


def erase_traces(user) -> dict[str, int]:
    """The last steps of the deletion, after the contributors: they catch what the
    contributors' own steps logged or queued (a cancellation logs an entry by the person)."""
    return {
        "audit_log": rewrite_audit_log(user),
        "task_results": purge_task_results(user),
        "sessions": delete_sessions(user),
    }
