"""Failed background tasks (django-tasks' database backend): the admin dashboard panel and
``manage.py check_failed_tasks`` read them from here.

Only the task's name, when it failed and the class of the error: never the arguments (they
hold mail addresses and messages) and never the traceback's text.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DAYS = 7


@dataclass(frozen=True)
class FailedTask:
    name: str
    failed_at: datetime
    error: str


def database_backend_in_use() -> bool:
    """Whether any configured task backend is django_tasks_db's database backend."""
    from django_tasks_db import DatabaseBackend

    for config in getattr(settings, "TASKS", {}).values():
        try:
            backend = import_string(config["BACKEND"])
        except (ImportError, KeyError):
            continue
        if isinstance(backend, type) and issubclass(backend, DatabaseBackend):
            return True
    return False


def failed_results(days: int = DAYS):
    """Failed task results of the last ``days`` days, newest first."""
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(days=days)
    return (
        DBTaskResult.objects.failed()
        .filter(finished_at__gte=since)
        .order_by("-finished_at")
        .only("task_path", "finished_at", "exception_class_path")
    )


def describe(result) -> FailedTask:
    return FailedTask(
        name=result.task_path.rsplit(".", 1)[-1],
        failed_at=result.finished_at,
        error=result.exception_class_path.rsplit(".", 1)[-1] or "?",
    )


def recent_failures(days: int = DAYS, limit: int = 10) -> tuple[int, list[FailedTask]]:
    """How many tasks failed in the last ``days`` days, and the newest ``limit`` of them."""
    results = failed_results(days)
    count = results.count()
    return count, [describe(result) for result in results[:limit]] if count else []
