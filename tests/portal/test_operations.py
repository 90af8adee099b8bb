"""Operations: JSON logs without personal data, the health check, failed background tasks."""

import io
import json
import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connections
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.logging import JSONFormatter

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# JSON logs ------------------------------------------------------------------------------------


@pytest.fixture
def json_log():
    """What django.request logs, formatted by the production formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def test_a_logged_request_is_json_without_personal_data(client, professional, json_log):
    client.force_login(professional)
    response = client.get(f"/gibt-es-nicht/?email={professional.email}&q=Suche")
    assert response.status_code == 404

    lines = json_log.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["method"] == "GET"
    assert entry["path"] == "/gibt-es-nicht/"
    assert entry["status"] == 404
    assert entry["message"] == "Not Found: /gibt-es-nicht/"
    assert {"time", "level", "logger", "message"} <= entry.keys()
    text = lines[0]
    assert professional.email not in text
    assert "@" not in text
    assert "email=" not in text and "Suche" not in text
    for value in (professional.first_name, professional.last_name, "127.0.0.1"):
        assert not value or value not in text


def test_a_logged_request_does_not_carry_the_key_in_its_path(client, json_log):
    token = "geheimer-Schluessel-0123456789abcdef"
    response = client.get(f"/kalender/{token}.ics")
    assert response.status_code == 404

    lines = json_log.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["path"] == "/kalender/[token].ics"
    assert entry["message"] == "Not Found: /kalender/[token].ics"
    assert token not in lines[0]


def test_an_exception_is_one_line_without_addresses():
    logger = logging.getLogger("tests.operations")
    try:
        raise ValueError("no mail to person@example.org\nsecond line")
    except ValueError:
        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "failed", (), exc_info=True
        )
        record.exc_info = __import__("sys").exc_info()
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["exception_class"] == "builtins.ValueError"
    assert "ValueError" in entry["exception"] and "second line" in entry["exception"]
    assert "person@example.org" not in line


def test_production_logs_json_to_stdout_and_development_text():
    import subprocess
    import sys

    from tests.portal.test_settings import MANAGE, production_env

    code = (
        "import logging; from django.conf import settings; "
        "logging.getLogger('django.request').warning('Not Found: %s', '/x/', "
        "extra={'status_code': 404})"
    )
    for overrides, expect_json in (({}, True), ({"DJANGO_LOG_FORMAT": "text"}, False)):
        result = subprocess.run(
            [sys.executable, MANAGE, "shell", "-c", code],
            env=production_env(**overrides),
            capture_output=True,
            text=True,
            check=True,
        )
        line = result.stdout.strip().splitlines()[-1]
        if expect_json:
            assert json.loads(line)["status"] == 404
        else:
            assert line.endswith("WARNING django.request: Not Found: /x/")


# Health check ---------------------------------------------------------------------------------


def test_health_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_health_is_not_translated_or_redirected(client):
    assert client.get("/en/health/").status_code == 404
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^health/$"]):
        assert client.get("/health/").status_code == 200


def test_health_database_down(client):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("secret host db1")
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "failed", "cache": "ok"}}
    assert b"secret" not in response.content


def test_health_cache_down(client):
    with mock.patch.object(caches["default"], "set", side_effect=ConnectionError("redis:6379")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed"}
    assert b"redis" not in response.content


def test_health_cache_that_keeps_nothing(client):
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failed"


def test_health_only_reads(client):
    assert client.post("/health/").status_code == 405


# Failed background tasks ----------------------------------------------------------------------


def make_result(status="FAILED", age=timedelta(hours=1), error="smtplib.SMTPRecipientsRefused"):
    finished = timezone.now() - age
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [{"to": ["secret-person@example.org"]}], "kwargs": {}},
        task_path="portal.tasks.send_email",
        backend_name="default",
        run_after=finished,
        finished_at=finished,
        exception_class_path=error if status == "FAILED" else "",
        traceback="Traceback: secret-person@example.org" if status == "FAILED" else "",
    )


def test_check_failed_tasks_without_failures():
    make_result(status="SUCCESSFUL")
    make_result(age=timedelta(days=8))
    out = io.StringIO()
    call_command("check_failed_tasks", stdout=out)
    assert "No failed tasks" in out.getvalue()


def test_check_failed_tasks_with_failures():
    make_result()
    make_result(age=timedelta(days=2))
    make_result(error="builtins.ValueError")
    out = io.StringIO()
    with pytest.raises(CommandError, match="3 failed task"):
        call_command("check_failed_tasks", stdout=out)
    output = out.getvalue()
    assert "send_email" in output
    assert "SMTPRecipientsRefused" in output and "ValueError" in output
    assert "@" not in output


@pytest.mark.parametrize(
    ("role", "tasks_setting", "shown"),
    [
        ("admin_user", DB_BACKEND, True),
        ("coordinator", DB_BACKEND, True),
        ("trainer", DB_BACKEND, False),
        ("admin_user", None, False),  # the immediate backend of development and tests
    ],
)
def test_failed_tasks_panel(client, request, role, tasks_setting, shown):
    make_result()
    make_result(age=timedelta(days=30))
    client.force_login(request.getfixturevalue(role))
    overrides = {"TASKS": tasks_setting} if tasks_setting else {}
    with override_settings(**overrides):
        response = client.get("/admin/")
    assert response.status_code == 200
    content = response.content.decode()
    assert ('id="failed-tasks-section"' in content) is shown
    assert "secret-person" not in content
    if shown:
        assert "send_email" in content and "SMTPRecipientsRefused" in content


def test_no_panel_without_failures(client, admin_user):
    make_result(status="SUCCESSFUL")
    client.force_login(admin_user)
    with override_settings(TASKS=DB_BACKEND):
        response = client.get("/admin/")
    assert 'id="failed-tasks-section"' not in response.content.decode()
