"""Wagtail's ``Locale`` lookups, once per language and request instead of once per call.

``Locale.get_active()`` (behind ``Page.localized``, routing, menus and the footer) runs
``Locale.objects.get_for_language()``, a query each time: five to seven identical queries per
page. Locales hardly ever change, but a process-wide memo would outlive a rolled-back test
transaction or a locale deleted in another worker; within one request it is safe. The page-cache
middleware (``portal/page_cache.py``) opens the scope around every request; outside a request
(commands, tasks) lookups behave as before.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("portal_locale_memo", default=None)


@contextmanager
def request_scope():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def install() -> None:
    """Wrap ``LocaleManager.get_for_language`` in the per-request memo (from ``ready()``)."""
    from wagtail.models.i18n import LocaleManager

    original = LocaleManager.get_for_language
    if getattr(original, "_portal_memo", False):
        return

    def get_for_language(self, language_code):
        memo = _memo.get()
        if memo is None:
            return original(self, language_code)
        try:
            return memo[language_code]
        except KeyError:
            locale = memo[language_code] = original(self, language_code)
            return locale

    get_for_language._portal_memo = True
    LocaleManager.get_for_language = get_for_language
