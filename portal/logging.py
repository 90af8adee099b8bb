"""Log records as JSON lines without personal data (``DJANGO_LOG_FORMAT=json``, see README).

One JSON object per line on stdout, for gunicorn, systemd's journal or a log collector: time
(UTC), level, logger, message and, for records about a request (``django.request`` logs every
4xx and 5xx response), its method, path and status. Never the query string (search terms, tokens
or addresses can be in it), the user, the session or the client's IP address. Email addresses
in messages and exceptions are replaced by ``[email]``, and a key in the path (the personal
calendar feed's token, confirmation and reset links, certificate codes) by ``[token]``, as in the
access log (``portal/access_log.py``). An exception goes into one field
(``exception``, the traceback as a string), so a record stays one line.
"""

import json
import logging
import re
from datetime import UTC, datetime

from django.http import HttpRequest

from portal.access_log import mask_path

EMAIL = re.compile(r"[\w.+\-%]+@[\w\-]+(?:\.[\w\-]+)+")


def scrub(text: str) -> str:
    """``text`` without email addresses."""
    return EMAIL.sub("[email]", text)


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            entry["method"] = request.method
            # request.path never holds the query string; django.request names it in the message.
            path = mask_path(request.path)
            entry["path"] = scrub(path)
            entry["message"] = entry["message"].replace(request.path, path)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            exc_type = record.exc_info[0]
            if exc_type is not None:
                entry["exception_class"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            entry["exception"] = scrub(self.formatException(record.exc_info))
        elif record.stack_info:
            entry["stack"] = scrub(self.formatStack(record.stack_info))
        # ensure_ascii keeps the line free of raw line separators of any kind.
        return json.dumps(entry, ensure_ascii=True, default=str)


def config(log_format: str, level: str) -> dict:
    """Django's ``LOGGING``: everything to stdout through one handler, as JSON lines or text.

    Here rather than in ``settings.py`` because it is this module's formatter it wires up.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "portal.logging.JSONFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own default sends django.request errors also to mail_admins (with the whole
            # request, personal data included) and to a second console handler in debug mode: only
            # our handler, through the root logger. django.request logs every 4xx and 5xx response.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.db.backends": {"level": "WARNING"},
            # One line per task state change is noise in development; failures still show.
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }
