"""Production settings: the deploy checks pass, a missing secret key stops the start."""

import os
import secrets
import sqlite3
import string
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections, transaction

MANAGE = str(settings.BASE_DIR / "manage.py")


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        # Loosening switches from a developer's shell must not make the check pass.
        if not key.startswith("DJANGO_") or key == "DJANGO_SETTINGS_MODULE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    env["DJANGO_DEBUG"] = "0"
    env["DJANGO_ALLOWED_HOSTS"] = "example.org"
    alphabet = string.ascii_letters + string.digits + "!#%&()*+-=?@^_"
    env["DJANGO_SECRET_KEY"] = "".join(secrets.choice(alphabet) for _ in range(60))
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


CHECKS = {
    "deploy": (["check", "--deploy", "--fail-level", "WARNING"], {}),
    # Control: the deploy check can fail. Without HSTS Django warns (security.W004).
    "deploy_without_hsts": (
        ["check", "--deploy", "--fail-level", "WARNING"],
        {"DJANGO_SECURE_HSTS_SECONDS": "0"},
    ),
    "production_without_key": (["check"], {"DJANGO_SECRET_KEY": None}),
    "development_without_key": (["check"], {"DJANGO_SECRET_KEY": None, "DJANGO_DEBUG": "1"}),
}


@pytest.fixture(scope="module")
def checks():
    """Run every ``manage.py`` call of this module at once, in separate processes."""
    running = {
        name: subprocess.Popen(
            [sys.executable, MANAGE, *args],
            env=production_env(**overrides),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=settings.BASE_DIR,
        )
        for name, (args, overrides) in CHECKS.items()
    }
    results = {}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=180)
        results[name] = subprocess.CompletedProcess(
            process.args, process.returncode, stdout, stderr
        )
    return results


def test_deploy_checks_pass_in_production_mode(checks):
    result = checks["deploy"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_fail_when_security_is_loosened(checks):
    result = checks["deploy_without_hsts"]
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(checks):
    result = checks["production_without_key"]
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_development_mode_starts_without_a_secret_key(checks):
    result = checks["development_without_key"]
    assert result.returncode == 0, result.stderr


def sqlite_only():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only; PostgreSQL locks rows with SELECT ... FOR UPDATE")


def test_sqlite_opens_transactions_immediate():
    sqlite_only()
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(("mode", "blocks_other_writers"), [("IMMEDIATE", True), (None, False)])
def test_sqlite_transaction_takes_the_write_lock_at_its_start(
    tmp_path, django_db_blocker, mode, blocks_other_writers
):
    """With the project's options a transaction locks out other writers before its first write,
    so two requests cannot both read "one seat left". The default mode (None) is the control."""
    sqlite_only()
    path = tmp_path / "lock.sqlite3"
    options = {**settings.DATABASES["default"]["OPTIONS"], "timeout": 0}
    if mode is None:
        options.pop("transaction_mode")
    else:
        assert options["transaction_mode"] == mode
    alias = f"lockcheck_{mode}"
    connections.settings[alias] = {
        **connections["default"].settings_dict,
        "NAME": str(path),
        "OPTIONS": options,
        "TEST": {"NAME": str(path)},
    }
    other = sqlite3.connect(path, timeout=0)
    try:
        with django_db_blocker.unblock(), transaction.atomic(using=alias):
            connections[alias].cursor().execute("SELECT 1")
            try:
                other.execute("BEGIN IMMEDIATE")
                other.rollback()
                blocked = False
            except sqlite3.OperationalError as error:
                assert "locked" in str(error)
                blocked = True
        assert blocked is blocks_other_writers
    finally:
        other.close()
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
