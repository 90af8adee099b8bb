"""Which pages a visitor of a language sees: the pages of that language, and the pages of the
default language (German) that are not translated into it yet.

An English visitor should find every qualification module, not only the translated ones; a
German page shown on an English listing is marked (``other_language``) so that the template can
say "in German" and set ``lang="de"`` on its German text. Used by the catalogue and the header
search.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from wagtail.models import Locale


def in_language_or_untranslated(pages: QuerySet, language_code: str) -> QuerySet:
    """``pages`` of the language, and those of the default language that have no live, public
    translation into it (still one query: the translations are a subquery)."""
    codes = {language_code, settings.LANGUAGE_CODE}
    locales = dict(
        Locale.objects.filter(language_code__in=codes).values_list("language_code", "pk")
    )
    locale, default = locales.get(language_code), locales.get(settings.LANGUAGE_CODE)
    if locale is None:
        return pages
    if default is None or default == locale:
        return pages.filter(locale=locale)
    translated = pages.model.objects.live().public().filter(locale=locale)
    return pages.filter(
        Q(locale=locale)
        | Q(locale=default) & ~Q(translation_key__in=translated.values("translation_key"))
    )


def mark_other_language(pages, language_code: str) -> None:
    """Set ``other_language`` on each page: its language code if that is not
    ``language_code``, else ``""``. Select the pages' ``locale`` to spare a query each."""
    codes = dict(Locale.objects.values_list("pk", "language_code"))
    for page in pages:
        code = codes.get(page.locale_id, language_code)
        page.other_language = "" if code == language_code else code
