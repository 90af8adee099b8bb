"""The full-page cache for anonymous visitors of the public pages.

Most requests to the public site come from people who are not logged in, and for them the home
page, the catalogue (with any filters), a module page, the workshop listing or a certificate's
verification page is the same HTML for everybody. This middleware keeps that HTML in the
default cache (Redis in production, local memory otherwise) and answers the next such request
from it before the session, authentication or any database query is touched.

What is cached is decided twice, both times conservatively:

* **the request** (checked on every request, before the session): only GET and HEAD, only
  without a session cookie or a messages cookie (a logged-in person, or a message waiting to be
  shown), and never under the personal, account, admin or file addresses;
* **the response** (checked before storing): status 200, a view named in
  ``PORTAL_PAGE_CACHE_VIEWS`` (Wagtail's pages and the verification page), no cookie set (a form
  with a CSRF token sets one), no ``Cache-Control: private`` or ``no-store``, and no ``Vary`` on
  anything but the cookie, the language and the encoding.

The key holds the content version (``portal/content_version.py``; every change to pages,
offerings, sessions, enrolments, vocabulary or settings bumps it), the day, the host (which
selects the Wagtail site), the language, whether the client accepts gzip (the stored response is
the one after ``GZipMiddleware``, which sits below this one) and the full path with its query
string.
The stored entry is only the status, headers and body; the security headers
(``portal/security.py``, Django's ``SecurityMiddleware``) sit above this middleware and are added
to a cached response exactly as to a fresh one. ``X-Page-Cache: hit|miss|bypass`` says which way
a response went (for tests and ``make bench``; it tells nothing about the visitor).
"""

import hashlib
import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_path

from portal import content_version, locale_cache

HEADER = "X-Page-Cache"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Vary values a cached response may carry: the request was without cookies (it would have
# bypassed otherwise), the language comes from the address, the encoding is part of the key.
HARMLESS_VARY = {"cookie", "accept-language", "accept-encoding"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
        self.excluded = tuple(settings.PORTAL_PAGE_CACHE_EXCLUDED_PATHS)
        self.views = frozenset(settings.PORTAL_PAGE_CACHE_VIEWS)

    def __call__(self, request):
        if not (settings.PORTAL_PAGE_CACHE and self.may_serve(request)):
            with locale_cache.request_scope():
                response = self.get_response(request)
            if settings.PORTAL_PAGE_CACHE:
                response.headers.setdefault(HEADER, "bypass")
            return response
        key = self.key(request)
        entry = cache.get(key)
        if entry is not None:
            status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response.headers[HEADER] = "hit"
            return response
        with locale_cache.request_scope():
            response = self.get_response(request)
        if request.method == "GET" and self.may_store(request, response):
            headers = dict(response.headers)
            cache.set(
                key,
                (response.status_code, headers, response.content),
                settings.PORTAL_PAGE_CACHE_TIMEOUT,
            )
            response.headers[HEADER] = "miss"
        else:
            response.headers.setdefault(HEADER, "bypass")
        return response

    def may_serve(self, request) -> bool:
        """Whether the request is anonymous and for an address that may come from the cache."""
        if request.method not in ("GET", "HEAD"):
            return False
        cookies = request.COOKIES
        if cookies and any(name in cookies for name in self.personal_cookies):
            return False
        return not request.path_info.startswith(self.excluded)

    def key(self, request) -> str:
        path = request.get_full_path()
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        gzip = "z" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "-"
        digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
        # The day is part of the key: "starts in 3 days", past offerings and closed registration
        # change at midnight without any write that would bump the version.
        return (
            f"portal:page:{content_version.current()}:{timezone.localdate().isoformat()}:"
            f"{request.get_host()}:{language}:{gzip}:{digest}"
        )

    def may_store(self, request, response) -> bool:
        """Whether the response is the same for every anonymous visitor (see the module doc)."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        match = request.resolver_match
        if match is None or match.view_name not in self.views:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if "private" in cache_control or "no-store" in cache_control:
            return False
        vary = {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", ""))}
        return vary <= HARMLESS_VARY | {""}
