"""Settings for the qualification platform.

Everything that differs between a developer's machine and production is read from the
environment (see the README for the full list). The defaults are safe for development: debug on,
a SQLite file under ``var/``, mail on the console, tasks run immediately.

The production block at the end overrides values set further up (security, logging, storage),
so everything that depends on the environment stays in this one module, where the overrides can
be read in order. Concerns that do not depend on it live beside it: accounts and login
(``portal/settings_accounts.py``) and the logging configuration (``portal.logging.config``).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.logging import config as logging_config
from portal.settings_headers import UNUSED_BROWSER_FEATURES

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdefghij"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Application definition

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "portal",
    "courses",
    "workshops",
    "needs_analysis",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, Permissions-Policy, CORP (portal/security.py).
    "portal.security.CSPMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache, before sessions and database (portal/page_cache.py).
    "portal.page_cache.PageCacheMiddleware",
    # Responses gzip-compressed when the client accepts it (WhiteNoise above already sends
    # static files compressed); the page cache above stores the compressed response.
    # BREACH: see "Compression" in the README.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL byte in the address gets 400, before any database lookup (portal/middleware.py).
    "portal.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff need two-factor authentication before they reach the admin (portal/mfa.py).
    "portal.mfa.StaffMFAMiddleware",
    # A module or material of another project: 404 in Wagtail's views too (courses/admin_scope).
    "courses.admin_scope.ForeignProjectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL through DATABASE_URL.

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        # Persistent connections: one connection per worker for a minute, checked before reuse
        # (a new connection per request halved the throughput of light pages on PostgreSQL).
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when the transaction starts, so two enrolments cannot both read
    # "one seat left" (SQLite ignores SELECT ... FOR UPDATE).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis through REDIS_URL (rate limits live here).

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "qp",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The full-page cache for anonymous visitors and the cached site frame (portal/page_cache.py,
# portal/site_frame.py). Their keys hold the content version (portal/content_version.py), which
# every worker must share: in Redis if there is one, else in this file (local memory is per
# process). DJANGO_PAGE_CACHE=off serves every page fresh.
PORTAL_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_TIMEOUT = 600  # seconds; a change bumps the version long before
PORTAL_CONTENT_VERSION_FILE = (
    None
    if REDIS_URL
    else os.environ.get("DJANGO_CONTENT_VERSION_FILE", str(BASE_DIR / "var" / "content-version"))
)
# Views whose 200 responses to anonymous visitors may be cached: Wagtail's pages (home,
# catalogue, modules, workshop listing, content pages) and the verification of certificates.
PORTAL_PAGE_CACHE_VIEWS = ["wagtail_serve", "courses:verify_certificate"]
# Never looked up: admin, accounts, personal area, files, the personal calendar feed.
PORTAL_PAGE_CACHE_EXCLUDED_PATHS = [
    f"{prefix}{path}"
    for prefix in ("/", "/en/")
    for path in ("admin/", "konto/", "mein-bereich/", "documents/", "i18n/", "kalender/")
] + ["/health/", "/static/", "/media/"]

# Background tasks (django-tasks). Immediate in development; in production the database
# backend with `manage.py db_worker` (see README).

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Users and accounts: portal/settings_accounts.py; what follows debug mode stays here.

from portal.settings_accounts import *  # noqa: E402, F403

ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Browsers allow WebAuthn only over HTTPS, and on http://localhost for development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Internationalisation: German first, English second under /en/.

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates in the British convention ("14 January 2027"); the URL prefix stays /en/.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files and media

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Wagtail documents: outside MEDIA_ROOT, served only by the access-checking view
# (portal/storage.py).
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private")
)
# `manage.py backup` writes here (mode 0700/0600); see "Backups" in the README.
BACKUP_ROOT = Path(os.environ.get("DJANGO_BACKUP_ROOT", BASE_DIR / "var" / "backups"))

# Retention periods in days (``manage.py apply_retention``, portal/retention.py), each
# overridable as DJANGO_RETENTION_<KEY>, e.g. DJANGO_RETENTION_AUDIT_LOG_DAYS=365. The privacy
# page renders them from here, so page and behaviour cannot drift. See README "Retention".
PRIVACY_RETENTION = {
    key: int(os.environ.get(f"DJANGO_RETENTION_{key.upper()}", default))
    for key, default in {
        "task_result_days": 30,  # finished background tasks (they hold mail addresses)
        "audit_log_days": 730,  # admin history (who did what), two years
        "request_days": 365,  # consultation and in-house requests after they were closed
        "event_days": 365,  # interests and workshop registrations after the event
        "enrollment_days": 1095,  # enrolments' personal details after the offering ended
        # A funder's retention duty (e.g. proof of participation for a grant's audit) extends
        # the enrolment period by this many days; 0 without such a duty.
        "enrollment_funder_extension_days": 0,
        "inactive_account_days": 1095,  # accounts without a login for three years
        "account_warning_days": 30,  # the warning mail goes out this long before deletion
    }.items()
}

STORAGES = {
    # MEDIA_ROOT holds only public files (Wagtail images and their renditions, served at /media/
    # by the reverse proxy, which may run as another user): readable by all. Documents are in
    # "private" and keep FILE_UPLOAD_PERMISSIONS (0640).
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
    "private": {"BACKEND": "portal.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.static_storage.CompressedManifestStaticStorage"
        ),
        # Public files, readable by a reverse proxy running as another user
        # (portal/static_storage.py).
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# Email: console in development, SMTP when EMAIL_HOST is set.

DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Qualifizierungsportal <noreply@example.org>"
)
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = os.environ.get(
        "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )

# Wagtail

WAGTAIL_SITE_NAME = _("Qualification platform for offender aid")
# The public address: every absolute link (mails, PDFs, .ics, verification URLs, Wagtail's
# admin mails) is built from it. `make run` sets it to the address it serves.
PORTAL_BASE_URL = os.environ.get(
    "PORTAL_BASE_URL", os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
).rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
# Staff log in through allauth as everybody else does, so its rate limits apply to the admin.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **(
            {"SEARCH_CONFIG": "german"}
            if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
            else {}
        ),
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Production: the web server sends the document after the access check ("nginx" for
# X-Accel-Redirect to DJANGO_SENDFILE_URL, "xsendfile" for Apache); see "Private files".
SENDFILE_METHOD = os.environ.get("DJANGO_SENDFILE", "")
if SENDFILE_METHOD:
    SENDFILE_BACKEND = "portal.storage"
    SENDFILE_URL = os.environ.get("DJANGO_SENDFILE_URL", "/private-files/")
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Security: strict in production; every value can be loosened from the environment.

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Nothing of the site is meant to be framed; Wagtail's preview sets SAMEORIGIN on its own view.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by portal.security.SecurityHeadersMiddleware: no page of the site uses these features.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
PERMISSIONS_POLICY = dict.fromkeys(UNUSED_BROWSER_FEATURES, ())
# Security keys and passkeys (allauth's WebAuthn) work on the site's own pages only.
PERMISSIONS_POLICY |= dict.fromkeys(
    ("publickey-credentials-create", "publickey-credentials-get"), ("self",)
)

# Content-Security-Policy (django-csp 4). The public site loads scripts and styles only from
# its own static files: no inline <script>, <style> or style="" (tests/portal/test_headers.py
# scans the templates). Embedded videos (the page body's embed block) may come from the hosts
# in DJANGO_CSP_FRAME_SRC.
CSP_FRAME_SOURCES = env_list(
    "DJANGO_CSP_FRAME_SRC",
    "https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com",
)
# Embedded videos from those hosts may go full screen.
PERMISSIONS_POLICY["fullscreen"] = ("self", *(f'"{source}"' for source in CSP_FRAME_SOURCES))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *CSP_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Wagtail's admin (everything under /admin/, including the page preview) still renders inline
# scripts and style attributes (templates, widgets, Draftail), so only there 'unsafe-inline' is
# allowed for scripts and styles, and image uploads preview as blob: URLs. Everything else stays
# as strict as the public site; the page preview, which the editor frames, gets
# frame-ancestors 'self' from its X-Frame-Options (portal/security.py).
ADMIN_CSP_PATH_PREFIXES = ("/admin/",)
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
    }
}
# No requests from the admin to third parties: no Gravatar images, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No autosave: in Wagtail 8 it creates the page (or a draft revision) while a person is still
# typing, with required fields deferred, and races with "submit for review": a failed submit
# left a stray draft, and the corrected resubmit then hit its slug ("Kurztitel bereits
# verwendet"). Every change here goes through review anyway; leaving with unsaved changes
# still asks first. Test: tests/courses/test_trainer_drafts.py.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Filters (ours and Wagtail's) say "All" instead of Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
# Selects say "Please choose" / "Not specified" instead of "---------" (portal/form_renderer.py).
FORM_RENDERER = "portal.form_renderer.PortalFormRenderer"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer may probe the health check over plain HTTP (portal/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    # Subdomains and the browsers' preload list are opt-in: both bind every subdomain of the
    # domain to HTTPS for a long time and cannot be taken back quickly.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # The client's IP address for allauth's rate limits (per IP, and address + IP for failed
        # logins): the entry the proxy appended to X-Forwarded-For, not the proxy's own address.
        ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1"))

# Logs go to stdout (gunicorn, systemd and containers collect it): JSON lines without personal
# data in production (portal/logging.py), plain text in development; DJANGO_LOG_FORMAT=json|text.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be 'json' or 'text'.")
LOGGING = logging_config(LOG_FORMAT, os.environ.get("DJANGO_LOG_LEVEL", "INFO"))

# The platform's own knobs.

PORTAL_DEMO_PASSWORD = "demo-Passwort-2026"
