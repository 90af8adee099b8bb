"""Production defaults: persistent connections, compressed HTML, gunicorn's config and access log.

Also: the benchmark's URL configuration (``bench/``, ``make bench``) stays out of production.
"""

import ast
import datetime
import gzip
import os
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import resolve, reverse
from django.utils import translation
from gunicorn.config import Config

from portal.access_log import AccessLogger, mask_path

SETTINGS_FILE = settings.BASE_DIR / "portal" / "settings.py"
GUNICORN_CONFIG = settings.BASE_DIR / "gunicorn.conf.py"


def load_settings(monkeypatch, **env):
    """The settings module's values as a fresh process with this environment would see them."""
    monkeypatch.delenv("DJANGO_CONN_MAX_AGE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_database_connections_persist_for_a_minute_with_health_checks(monkeypatch):
    database = load_settings(monkeypatch)["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_environment_can_switch_persistent_connections_off(monkeypatch):
    database = load_settings(monkeypatch, DJANGO_CONN_MAX_AGE="0")["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 0


def test_gzip_sits_right_below_the_page_cache():
    """The page cache stores what GZip produced (the key holds whether gzip is accepted)."""
    middleware = settings.MIDDLEWARE
    gzip_at = middleware.index("django.middleware.gzip.GZipMiddleware")
    assert middleware[gzip_at - 1] == "portal.page_cache.PageCacheMiddleware"
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip_at


@pytest.mark.django_db
def test_html_is_compressed_when_the_client_accepts_gzip(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert 'name="password"' in html


@pytest.mark.django_db
def test_html_is_sent_plain_to_a_client_without_gzip(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "Accept-Encoding" in response["Vary"]  # a shared cache must not mix the two
    assert 'name="password"' in response.content.decode()


def gunicorn_config(monkeypatch, tmp_path, **env):
    """The config file loaded as gunicorn loads it (every name it knows becomes a setting)."""
    for name in [key for key in os.environ if key.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(GUNICORN_CONFIG)).items():
        if name in config.settings:
            config.set(name, value)
    config.set("accesslog", str(tmp_path / "access.log"))
    return config


def test_gunicorn_config_sizes_workers_by_cores_with_timeouts(monkeypatch, tmp_path):
    config = gunicorn_config(monkeypatch, tmp_path)
    cores = len(os.sched_getaffinity(0))
    assert config.workers == min(2 * cores + 1, 8)
    assert config.worker_class_str == "sync"
    assert config.timeout == 30
    assert config.graceful_timeout == 30
    assert config.max_requests == 1000
    assert config.max_requests_jitter == 100
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert config.wsgi_app == "portal.wsgi:application"
    assert config.logger_class is AccessLogger


def test_gunicorn_config_takes_its_values_from_the_environment(monkeypatch, tmp_path):
    config = gunicorn_config(
        monkeypatch,
        tmp_path,
        GUNICORN_WORKERS="3",
        GUNICORN_TIMEOUT="60",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.2",
        GUNICORN_BIND="0.0.0.0:8080",
    )
    assert config.workers == 3
    assert config.timeout == 60
    assert config.max_requests == 0
    assert config.forwarded_allow_ips == ["10.0.0.2"]
    assert config.address == [("0.0.0.0", 8080)]


class Response:
    status = "200 OK"
    sent = 5120
    headers = [("Content-Type", "text/html"), ("Location", "/konto/login/?next=/mein-bereich/")]


class Request:
    headers = [
        ("Host", "fortbildung.example.org"),
        ("User-Agent", "Kalender/1.0"),
        ("Referer", "https://fortbildung.example.org/suche/?q=Fallberatung"),
        ("Cookie", "sessionid=geheim"),
    ]


def access_line(config, path, query=""):
    """The line the access logger writes for a GET of ``path?query``."""
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": "https://fortbildung.example.org/suche/?q=Fallberatung",
        "HTTP_USER_AGENT": "Kalender/1.0",
        "HTTP_COOKIE": "sessionid=geheim",
    }
    logger = config.logger_class(config)
    logger.access(Response(), Request(), environ, datetime.timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    return Path(config.accesslog).read_text().splitlines()[-1]


SECRETS = ("feed-token-1234", "q=", "Fallberatung", "203.0.113.7", "geheim", "next=")


def test_the_access_log_masks_the_calendar_token_and_drops_query_strings(monkeypatch, tmp_path):
    config = gunicorn_config(monkeypatch, tmp_path)
    feed = reverse("courses:calendar_feed", args=["feed-token-1234"])
    line = access_line(config, feed, "x=1")
    assert '"GET /kalender/[token].ics HTTP/1.1" 200 5120 12ms' in line
    catalogue = access_line(config, "/fortbildungen/", "q=Fallberatung&region=koeln")
    assert '"GET /fortbildungen/ HTTP/1.1" 200' in catalogue
    for secret in SECRETS:
        assert secret not in line
        assert secret not in catalogue


def test_the_access_log_stays_masked_whatever_format_is_configured(monkeypatch, tmp_path):
    """Should somebody configure gunicorn's default atoms (request line, query, address,
    referrer, headers, environment), the logger has already masked them."""
    config = gunicorn_config(monkeypatch, tmp_path)
    config.set(
        "access_log_format",
        '%(h)s %(u)s "%(r)s" %(q)s "%(f)s" %({cookie}i)s %({referer}i)s %({location}o)s '
        "%({query_string}e)s %({raw_uri}e)s %({path_info}e)s %({remote_addr}e)s %(a)s",
    )
    line = access_line(config, "/kalender/feed-token-1234.ics", "q=Fallberatung")
    assert '"GET /kalender/[token].ics HTTP/1.1"' in line
    assert "Kalender/1.0" in line  # the user agent stays
    for secret in SECRETS:
        assert secret not in line


@pytest.mark.parametrize(
    ("path", "masked"),
    [
        ("/kalender/abc-DEF_123.ics", "/kalender/[token].ics"),
        ("/en/kalender/abc.ics", "/en/kalender/[token].ics"),
        ("/konto/confirm-email/MQ:1tX:abc/", "/konto/confirm-email/[token]/"),
        ("/konto/password/reset/key/3-set-password/", "/konto/password/reset/key/[token]/"),
        ("/nachweis/rek3sffbyb/", "/nachweis/[token]/"),
        (
            "/mein-bereich/fortbildungen/bescheinigung/rek3sffbyb.pdf",
            "/mein-bereich/fortbildungen/bescheinigung/[token].pdf",
        ),
        ("/fortbildungen/?q=Fallberatung", "/fortbildungen/"),
        ("/termine/kalender.ics", "/termine/kalender.ics"),
        ("/mein-bereich/fortbildungen/", "/mein-bereich/fortbildungen/"),
    ],
)
def test_mask_path(path, masked):
    assert mask_path(path) == masked


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_masked_paths_are_the_real_addresses(language):
    """The patterns follow the URLconf: a changed address would otherwise log its key."""
    with translation.override(language):
        addresses = [
            reverse("courses:calendar_feed", args=["SECRET"]),
            reverse("courses:verify_certificate", args=["SECRET"]),
            reverse("courses:certificate_pdf", args=["SECRET"]),
            reverse("account_confirm_email", args=["SECRET"]),
            reverse("account_reset_password_from_key", kwargs={"uidb36": "3", "key": "SECRET"}),
        ]
    for address in addresses:
        assert "SECRET" not in mask_path(address), address


@override_settings(ROOT_URLCONF="portal.urls")
def test_the_bench_hello_view_is_not_in_the_production_urls():
    match = resolve("/bench/hello/")
    assert match.url_name != "bench_hello"
    assert match.func.__module__ != "bench.urls"
    assert "bench" not in settings.INSTALLED_APPS


def test_no_production_module_imports_the_bench():
    """``bench/`` is for ``make bench`` only; the apps and the settings never import it."""
    importers = []
    for app in ("portal", "courses", "workshops", "needs_analysis"):
        for source in (settings.BASE_DIR / app).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(name == "bench" or name.startswith("bench.") for name in names):
                    importers.append(str(source))
    assert importers == []
