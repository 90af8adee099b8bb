"""The health check for load balancers and monitoring: ``/health/`` (see README).

It checks what every page needs: the database answers a trivial query, and the cache keeps a
key. 200 with ``{"status": "ok", ...}`` when both work, 503 naming the failed check otherwise.
The answer holds no details (no error messages, host names or versions); the reason goes to the
log. It sets no cookie, is never cached, and is not redirected to HTTPS
(``SECURE_REDIRECT_EXEMPT``), so a load balancer can probe the app server directly.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"


def check_database() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache() -> bool:
    cache = caches["default"]
    key = f"health-check:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            passed = check()
        except Exception as error:
            logger.error("Health check %s failed: %s", name, type(error).__name__)
            passed = False
        else:
            if not passed:
                logger.error("Health check %s failed: unexpected answer", name)
        results[name] = OK if passed else FAILED
    return results


@never_cache
@require_safe
def health(request):
    checks = run_checks()
    healthy = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
