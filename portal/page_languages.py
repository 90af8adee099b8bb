"""Which pages a visitor of a language sees: the pages of that language, and the pages of the
default language (German) that are not translated into it yet.

An English visitor should find every qualification module, not only the translated ones; a
German page shown on an English listing is marked (``other_language``) so that the template can
say "in German" and set ``lang="de"`` on its German text. Used by the catalogue and the header
search.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from wagtail.models import Locale

from portal import content_version


def in_language_or_untranslated(pages: QuerySet, language_code: str) -> QuerySet:
    """``pages`` of the language, and those of the default language that have no translation
    into it among ``pages`` (the live, public pages: still one query, the translations are a
    subquery)."""
    locales = _locales(language_code, settings.LANGUAGE_CODE)
    locale, default = locales.get(language_code), locales.get(settings.LANGUAGE_CODE)
    if locale is None:
        return pages
    if default is None or default == locale:
        return pages.filter(locale=locale)
    translated = pages.filter(locale=locale).values("translation_key")
    return pages.filter(Q(locale=locale) | Q(locale=default) & ~Q(translation_key__in=translated))


def mark_other_language(pages, language_code: str) -> None:
    """Set ``other_language`` on each page: its language code if that is not
    ``language_code``, else ``""``."""
    codes = {pk: code for code, pk in _locales(language_code, settings.LANGUAGE_CODE).items()}
    for page in pages:
        code = codes.get(page.locale_id, language_code)
        page.other_language = "" if code == language_code else code


_memo: tuple[str, dict] = ("", {})  # (content version, locales) of this process


def _locales(*codes: str) -> dict[str, int | None]:
    """``{language code: Locale pk or None}`` for ``codes``, kept per content version (adding
    or deleting a locale bumps it, ``portal/cache_signals.py``). A code not known yet is looked
    up through ``get_for_language``, which remembers it for the request
    (``portal/locale_cache.py``): routing has resolved the active language already."""
    global _memo
    version = content_version.current()
    key = f"portal:locales:{version}"
    known = _memo[1] if _memo[0] == version else (cache.get(key) or {})
    missing = [code for code in codes if code not in known]
    if missing:
        known = dict(known)
        for code in missing:
            try:
                known[code] = Locale.objects.get_for_language(code).pk
            except (Locale.DoesNotExist, LookupError):
                known[code] = None
        cache.set(key, known, settings.PORTAL_PAGE_CACHE_TIMEOUT)
    _memo = (version, known)
    return known
