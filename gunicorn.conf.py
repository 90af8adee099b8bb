"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py`` (see the README).

Every value can be overridden from the environment (``GUNICORN_*`` below) or on the command line
(``make bench`` passes ``--bind`` and ``--workers``); the command line wins over this file.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Sync workers: each serves one request at a time, so (2 × cores) + 1 keeps the cores busy while
# some workers wait for the database. Capped because each worker holds the whole application
# (about 100 MB) and a database connection (DJANGO_CONN_MAX_AGE keeps it for a minute).
workers = _int("GUNICORN_WORKERS", min(2 * _cores() + 1, _int("GUNICORN_MAX_WORKERS", 8)))
worker_class = "sync"

# A worker stuck in one request longer than this is killed and replaced (the slowest pages,
# PDFs rendered by WeasyPrint, need a fraction of it). On SIGTERM (a deploy) workers get
# ``graceful_timeout`` to finish the requests they are serving.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# Restart each worker after this many requests (plus up to ``jitter``, so they do not restart
# all at once): a slow leak in any library cannot grow without bound. 0 switches it off.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The proxies whose X-Forwarded-* headers gunicorn trusts (the scheme for wsgi.url_scheme);
# Django reads the client's address separately (DJANGO_BEHIND_PROXY, DJANGO_TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs on stdout/stderr, collected by systemd's journal or the container runtime. The access
# log (GUNICORN_ACCESS_LOG: "-" for stdout, a file, or empty for none) never holds a query
# string, a key from the address, the referrer or the client's address (portal/access_log.py):
# time, method, path, protocol, status, bytes, milliseconds, whether the page cache answered.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms cache=%({x-page-cache}o)s'
logger_class = "portal.access_log.AccessLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

proc_name = "qualifizierungsportal"
# Workers signal that they are alive through a file; on a RAM disk that never blocks on I/O.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
