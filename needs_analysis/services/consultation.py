"""Case consultation ("Fachberatung") as a service: assignment, messages, states, due dates.

Entry points (views, admin views and the demo call these; none re-implements a rule):
``assign``, ``post_message``, ``mark_answered``, ``set_status``, ``close``, ``update_note``,
``redact_message``, ``overdue`` and ``due_at_for``. Who may call them for which request is
``needs_analysis.access`` (coordinators) and ownership (the professional); these functions
check the rules of the request itself.

States follow from actions:

- arrival: ``new``; due ``due_at`` = the end of the N-th working day after the day it arrived
  (N: ``NeedsAnalysisSettings.consultation_due_working_days``, default 3), weekends and the
  public holidays of the region's state excluded (``courses.workdays``).
- ``assign``: a ``new`` request becomes ``assigned``; a request further on keeps its state
  (handing it over to a colleague is not a step back).
- a message of the coordination: ``answered`` (``answered_at`` set on the first one, which ends
  the due date's watch); an unassigned request is assigned to whoever answered.
- ``mark_answered``: the same without a message (answered by phone, for example).
- a message of the professional: an ``answered`` request goes back to ``in progress`` (the
  coordination's turn again); a ``new`` or ``assigned`` one keeps its state (still waiting for
  the first answer).
- ``close``: by the professional or a coordinator, from any state; closing twice does nothing.
  A closed request takes no more messages; retention deletes it with its messages
  ``request_days`` after ``closed_at`` (``needs_analysis.retention``).
- ``set_status``: the coordination's status select; goes through the rules above (``closed``
  closes, ``answered`` marks answered), other states are set as chosen (to reopen, say).

Overdue: due date passed, not answered yet, not closed (``overdue``; the same rule as
``ConsultationRequest.is_overdue``).

Every change is audit-logged on the request (Wagtail's log); a redaction replaces the text of
one message, keeps who and when, and logs it without the text.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from courses.workdays import STATE_OF_REGION, add_working_days
from needs_analysis import notifications
from needs_analysis.models import (
    REDACTED_TEXT,
    ConsultationMessage,
    ConsultationRequest,
    NeedsAnalysisSettings,
)
from needs_analysis.services.common import by_token
from portal.mfa import verified_user_ids

__all__ = [
    "ConsultationClosed",
    "assign",
    "assignable_coordinators",
    "close",
    "due_at_for",
    "mark_answered",
    "overdue",
    "post_message",
    "redact_message",
    "set_status",
    "update_note",
]

Status = ConsultationRequest.Status


class ConsultationClosed(Exception):
    """A message to a closed request (it takes none)."""


# Due date --------------------------------------------------------------------------------------


def state_of(region_id) -> str | None:
    """The state code (``courses.workdays``) of the region's state, None if unknown."""
    from portal.models import Region
    from portal.models.vocabulary import region_tree

    tree, current, seen = region_tree(), region_id, set()
    while tree.get(current) is not None and current not in seen:
        seen.add(current)
        current = tree[current]
    slug = Region.objects.filter(pk=current).values_list("slug", flat=True).first()
    return STATE_OF_REGION.get(slug)


def due_at_for(region_id, start: datetime.datetime | None = None) -> datetime.datetime:
    """When a request from ``region_id`` arriving at ``start`` is due: the end of the N-th
    working day of its state after the day it arrived (local time)."""
    start = timezone.localtime(start or timezone.now())
    days = NeedsAnalysisSettings.load().consultation_due_working_days
    due_day = add_working_days(start.date(), days, state_of(region_id))
    end = datetime.datetime.combine(due_day, datetime.time(23, 59, 59))
    return timezone.make_aware(end)


def overdue(queryset, now: datetime.datetime | None = None):
    """The requests of ``queryset`` past their due date without an answer, not closed."""
    return queryset.filter(due_at__lt=now or timezone.now(), answered_at__isnull=True).exclude(
        status=Status.CLOSED
    )


# Assignment and states ------------------------------------------------------------------------


def assignable_coordinators(request: ConsultationRequest):
    """Whom ``request`` can be assigned to: the coordinators of its project (everybody of the
    coordination for a request of no project), active, with a second factor."""
    from portal.models import User
    from portal.roles import COORDINATORS

    people = User.objects.filter(groups__name=COORDINATORS, is_active=True)
    if request.project_id is not None:
        people = people.filter(coordinated_projects=request.project_id)
    return (
        people.filter(pk__in=verified_user_ids())
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _locked(request: ConsultationRequest) -> ConsultationRequest:
    return ConsultationRequest.objects.select_for_update().get(pk=request.pk)


def _save(request, fields, *, action, by, data=None):
    request.save(update_fields=[*fields, "updated_at"])
    log(request, action, user=by, data=data or {})


@transaction.atomic
def assign(request: ConsultationRequest, assignee, by) -> ConsultationRequest:
    """Assign ``request`` to ``assignee`` (a coordinator of its project, ``ValueError`` for
    anybody else; ``None`` takes the assignment back). The assignee is told by mail, after
    commit, unless they took it themselves."""
    request = _locked(request)
    if assignee is not None and not assignable_coordinators(request).filter(pk=assignee.pk):
        raise ValueError("Not a coordinator of the request's project.")
    if request.assigned_to_id == getattr(assignee, "pk", None):
        return request
    request.assigned_to = assignee
    fields = ["assigned_to"]
    if assignee is not None and request.status == Status.NEW:
        request.status = Status.ASSIGNED
        fields.append("status")
    elif assignee is None and request.status == Status.ASSIGNED:
        request.status = Status.NEW
        fields.append("status")
    _save(
        request,
        fields,
        action="needs_analysis.consultation.assigned",
        by=by,
        data={"assigned_to": getattr(assignee, "pk", None)},
    )
    notifications.notify_assigned(request, by)
    return request


def _answered(request, now, fields):
    request.status = Status.ANSWERED
    fields.append("status")
    if request.answered_at is None:
        request.answered_at = now
        fields.append("answered_at")


@transaction.atomic
def mark_answered(request: ConsultationRequest, by) -> ConsultationRequest:
    """The coordination answered outside the platform: ``answered``, the due date is met."""
    request = _locked(request)
    if request.status in (Status.ANSWERED, Status.CLOSED):
        return request
    fields = []
    _answered(request, timezone.now(), fields)
    _save(request, fields, action="needs_analysis.consultation.answered", by=by)
    return request


@transaction.atomic
def close(request: ConsultationRequest, by) -> ConsultationRequest:
    """Close ``request`` (the professional or a coordinator); closing it again does nothing."""
    request = _locked(request)
    if request.status == Status.CLOSED:
        return request
    request.status = Status.CLOSED
    request.closed_at = timezone.now()
    _save(request, ["status", "closed_at"], action="needs_analysis.consultation.closed", by=by)
    return request


@transaction.atomic
def set_status(request: ConsultationRequest, status: str, by) -> ConsultationRequest:
    """The coordination's status select, through the rules of the module docstring."""
    if status not in Status.values:
        raise ValueError(status)
    if status == Status.CLOSED:
        return close(request, by)
    if status == Status.ANSWERED:
        return mark_answered(request, by)
    request = _locked(request)
    if request.status == status:
        return request
    request.status = status
    request.closed_at = None
    _save(
        request,
        ["status", "closed_at"],
        action="needs_analysis.consultation.status_changed",
        by=by,
        data={"status": status},
    )
    return request


@transaction.atomic
def update_note(request: ConsultationRequest, note: str, by) -> ConsultationRequest:
    """The coordination's internal note (never shown to the professional)."""
    request = _locked(request)
    if request.internal_notes == note:
        return request
    request.internal_notes = note
    _save(request, ["internal_notes"], action="needs_analysis.consultation.noted", by=by)
    return request


# Messages --------------------------------------------------------------------------------------


@transaction.atomic
def post_message(
    request: ConsultationRequest, author, body: str, *, token=None
) -> ConsultationMessage:
    """A message in the thread of ``request``, and the state that follows from it.

    The professional who asked writes as themselves; anybody else (a coordinator the caller
    has checked with ``needs_analysis.access.may_handle``) writes for the coordination. The
    other side is told by mail, after commit, without the text. ``ConsultationClosed`` on a
    closed request. The same form ``token`` twice returns the first message (double submit).
    """
    request = _locked(request)
    same_token = by_token(ConsultationMessage, token)
    earlier = same_token()
    if earlier is not None:
        return earlier
    if request.status == Status.CLOSED:
        raise ConsultationClosed
    now = timezone.now()
    by_coordination = author.pk != request.user_id
    try:
        with transaction.atomic():  # a savepoint: a concurrent double submit loses here
            message = ConsultationMessage.objects.create(
                request=request,
                author=author,
                by_coordination=by_coordination,
                body=body.strip(),
                created_at=now,
                submission_token=token,
            )
    except IntegrityError:
        earlier = same_token()
        if earlier is None:
            raise
        return earlier
    # Logged on the request, whose log entries are scoped to its project (not the text).
    log(
        request,
        "needs_analysis.consultation.message_posted",
        user=author,
        data={"message": message.pk},
    )
    fields = []
    if by_coordination:
        _answered(request, now, fields)
        if request.assigned_to_id is None:
            request.assigned_to = author
            fields.append("assigned_to")
    elif request.status == Status.ANSWERED:
        request.status = Status.IN_PROGRESS
        fields.append("status")
    request.save(update_fields=[*fields, "updated_at"])
    notifications.notify_message(message)
    return message


@transaction.atomic
def redact_message(message: ConsultationMessage, by) -> bool:
    """Replace the text of ``message`` (client data slipped in); logged on the request,
    without the text. False if it was redacted already."""
    message = ConsultationMessage.objects.select_for_update().get(pk=message.pk)
    if message.redacted_at is not None:
        return False
    message.body = REDACTED_TEXT
    message.redacted_at = timezone.now()
    message.redacted_by = by
    message.save(update_fields=["body", "redacted_at", "redacted_by"])
    request = message.request
    log(
        request,
        "needs_analysis.consultation.message_redacted",
        user=by,
        data={"message": message.pk},
    )
    ConsultationRequest.objects.filter(pk=request.pk).update(redacted=True)
    return True


def thread(request: ConsultationRequest):
    """The messages of ``request``, oldest first, with their authors (one query)."""
    return request.messages.select_related("author", "redacted_by").order_by("created_at", "pk")
