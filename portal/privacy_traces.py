"""Privacy contributors for the traces a person leaves in tables the portal does not own:
Wagtail's audit log and editorial history (comments, moderation) and the background tasks.

They export what those tables hold about the person (Art. 15/20 GDPR). The audit log and the
task queue are cleared last, by ``portal.erasure.erase_traces`` from ``delete_account``,
after every contributor has run, because the contributors' own steps log and queue (a
cancellation logs an entry by the person); their ``anonymise`` here only says so.
"""

from __future__ import annotations

from portal import erasure
from portal.privacy import Contributor


def _iso(moment):
    return moment.isoformat() if moment else None


# Audit log --------------------------------------------------------------------------------------


def export_audit_log(user) -> list[dict]:
    return [
        {
            "timestamp": entry.timestamp.isoformat(),
            "action": entry.action,
            "label": entry.label,
            "by_you": by_person,
        }
        for entry, by_person in erasure.audit_entries_of(user)
    ]


def cleared_last(user) -> None:
    """Done by ``portal.erasure.erase_traces`` after all contributors (see module docstring)."""


def audit_log_contributor() -> Contributor:
    from wagtail.models import ModelLogEntry, PageLogEntry

    from portal.retention import retain_audit_log

    return Contributor(
        "audit_log",
        export_audit_log,
        cleared_last,
        models=(ModelLogEntry, PageLogEntry),
        retention=(
            "Kept as the audit trail of the coordination for PRIVACY_RETENTION['audit_log_days'] "
            "(2 years), then deleted (portal.retention); entries about an enrolment go with its "
            "personal details (courses.retention). On deletion "
            "entries by the person lose the user id, and the name and e-mail address in the "
            "labels and data of entries by or about the person are replaced by a marker."
        ),
        retain=retain_audit_log,
    )


# Editorial history: comments and moderation ------------------------------------------------------


def export_editorial(user) -> dict:
    from wagtail.models import Comment, CommentReply, TaskState, WorkflowState

    return {
        "comments": [
            {
                "page": comment.page.title,
                "text": comment.text,
                "created_at": comment.created_at.isoformat(),
                "resolved_at": _iso(comment.resolved_at),
            }
            for comment in Comment.objects.filter(user=user)
            .select_related("page")
            .order_by("created_at", "pk")
        ],
        "comment_replies": [
            {
                "page": reply.comment.page.title,
                "text": reply.text,
                "created_at": reply.created_at.isoformat(),
            }
            for reply in CommentReply.objects.filter(user=user)
            .select_related("comment__page")
            .order_by("created_at", "pk")
        ],
        "reviews_requested": [
            {
                "object": _object_label(state),
                "workflow": state.workflow.name,
                "status": state.status,
                "created_at": state.created_at.isoformat(),
            }
            for state in WorkflowState.objects.filter(requested_by=user)
            .select_related("workflow", "content_type")
            .order_by("created_at", "pk")
        ],
        "moderation_actions": [
            {
                "task": task_state.task.name,
                "object": _object_label(task_state.workflow_state),
                "status": task_state.status,
                "finished_at": _iso(task_state.finished_at),
                "comment": task_state.comment,
            }
            for task_state in TaskState.objects.filter(finished_by=user)
            .select_related("task", "workflow_state__content_type")
            .order_by("finished_at", "pk")
        ],
    }


def _object_label(workflow_state) -> str:
    content_object = workflow_state.content_object
    if content_object is not None:
        return str(content_object)
    content_type = workflow_state.content_type
    return f"{content_type.app_label}.{content_type.model} #{workflow_state.object_id}"


def anonymise_editorial(user) -> None:
    """The person's comments and replies go with the account (CASCADE). Moderation comments
    they wrote or that answer their review requests lose the name; other people's comments,
    replies and moderation comments lose the e-mail address and full name."""
    from wagtail.models import Comment, CommentReply, TaskState

    full, identifying = erasure.needles_for(user), erasure.identifying_needles(user)
    own_reviews = TaskState.objects.filter(finished_by=user) | TaskState.objects.filter(
        workflow_state__requested_by=user
    )
    erasure.redact_rows(own_reviews, ("comment",), full)
    erasure.redact_rows(TaskState.objects.all(), ("comment",), full, select=identifying)
    erasure.redact_rows(Comment.objects.exclude(user=user), ("text",), full, select=identifying)
    erasure.redact_rows(
        CommentReply.objects.exclude(user=user), ("text",), full, select=identifying
    )


def editorial_contributor() -> Contributor:
    from wagtail.models import Comment, CommentReply, TaskState, WorkflowState

    return Contributor(
        "editorial",
        export_editorial,
        anonymise_editorial,
        models=(Comment, CommentReply, WorkflowState, TaskState),
        retention=(
            "Kept with the content they belong to. On deletion the person's page comments and "
            "replies are deleted (CASCADE), review requests and moderation decisions stay "
            "without the link to the person (SET_NULL), and names in moderation comments are "
            "replaced by a marker."
        ),
    )


# Background tasks (queued mails) ----------------------------------------------------------------


def export_background_tasks(user) -> list[dict]:
    """The mails to the person that are queued or were sent through the task queue."""
    addresses = {address.casefold() for address in erasure.emails_of(user)}
    mails = []
    for result in erasure.task_results_of(user):
        args = (result.args_kwargs or {}).get("args") or [{}]
        message = args[0] if isinstance(args[0], dict) else {}
        recipients = [str(to) for to in message.get("to", [])]
        if not any(to.casefold() in addresses for to in recipients):
            continue
        mails.append(
            {
                "recipients": [to for to in recipients if to.casefold() in addresses],
                "subject": message.get("subject", ""),
                "status": result.status,
                "enqueued_at": result.enqueued_at.isoformat(),
                "finished_at": _iso(result.finished_at),
            }
        )
    return sorted(mails, key=lambda mail: mail["enqueued_at"])


def background_tasks_contributor() -> Contributor:
    from django_tasks_db.models import DBTaskResult

    from portal.retention import retain_task_results

    return Contributor(
        "background_tasks",
        export_background_tasks,
        cleared_last,
        models=(DBTaskResult,),
        retention=(
            "Queued mails are kept until they are sent, finished ones (successful or failed) "
            "for PRIVACY_RETENTION['task_result_days'] (30 days), then deleted "
            "(portal.retention). On deletion every queued or finished task that carries "
            "the person's address or name is deleted, so no mail goes out afterwards."
        ),
        retain=retain_task_results,
    )
