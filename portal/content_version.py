"""One number for "the public content changed": part of every page-cache and site-frame key.

Instead of finding and purging every cached page that shows a changed offering, seat count or
menu entry, every key of cached public HTML (``portal/page_cache.py``) and of the site frame
(``portal/site_frame.py``) contains this version; a change bumps it and the old entries are
never read again (they expire on their own). Changes are rare next to reads, so a whole-site
invalidation is cheap and cannot forget a page.

All workers must see the same version, or a worker that did not handle the change would serve
its stale copy. With Redis (``REDIS_URL``) the version is a key of the default cache. Without it,
the default cache is local memory, one per process, and gunicorn runs several: then the version
is the content of a small file, ``PORTAL_CONTENT_VERSION_FILE``, shared by every worker of the
machine (a unique token, replaced atomically; reading it costs a few microseconds).

``bump()`` changes the version twice when called inside a transaction: at once, so that the
writer's own transaction (and the test suite, which never commits) sees fresh content, and again
after the commit, so that a reader who rendered the old data under the first new version between
the two steps cannot keep it: whatever is cached after the commit shows committed data.
"""

import itertools
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

KEY = "portal:content-version"
_counter = itertools.count()


def _version_file():
    return getattr(settings, "PORTAL_CONTENT_VERSION_FILE", None)


def _start() -> int:
    """A number no earlier version can have had: the time in microseconds.

    When the key is lost (cache restarted, cleared or the entry evicted), starting again at 0 or
    1 could meet page entries cached under that number before and still unexpired: stale seats.
    The clock has moved on by more microseconds than there were bumps since the last start."""
    cache.add(KEY, time.time_ns() // 1000, timeout=None)  # only the first of racing workers
    return cache.get(KEY) or 0


def current() -> str:
    """The current version, as a string for cache keys."""
    path = _version_file()
    if path:
        try:
            with open(path) as file:
                return file.read()
        except FileNotFoundError:
            return "0"
    return str(cache.get(KEY) or _start())


def _increment() -> None:
    path = _version_file()
    if path:
        # A new file with a token never used before replaces the old one atomically.
        directory = os.path.dirname(path)
        os.makedirs(directory, exist_ok=True)
        temporary = os.path.join(directory, f".content-version.{os.getpid()}.{next(_counter)}")
        with open(temporary, "w") as file:
            file.write(f"{time.time_ns()}-{os.getpid()}-{next(_counter)}")
        os.replace(temporary, path)
        return
    try:
        cache.incr(KEY)
    except ValueError:  # the key is missing: a new start is already a new version
        _start()


def _after_commit() -> None:
    _increment()


def bump() -> None:
    """The public content changed: new page-cache and site-frame keys from now on."""
    _increment()
    # One more change after the commit per transaction, however many rows changed.
    if connection.in_atomic_block and not any(
        entry[1] is _after_commit for entry in connection.run_on_commit
    ):
        transaction.on_commit(_after_commit)
