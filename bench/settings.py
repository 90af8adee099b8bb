"""The portal's production settings for ``make bench``, with the bench's URL configuration.

Production mode (debug off, WhiteNoise's compressed static files, JSON logs) exactly as
deployed, except what a plain-HTTP server on 127.0.0.1 needs: no HTTPS redirect, and cookies
that are not marked secure. The database, the static root and the content-version file are the
bench's own (``bench/run.py`` sets them in the environment before this module is imported).
"""

import os

os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-never-used-in-production-0123456789abcdef"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
