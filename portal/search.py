"""Search: the one rule for what a search term may contain, how it matches, and how a match
is shown.

Why not only Wagtail's search backend. The database backend matches whole words only: on
SQLite "Clans" finds one module and "Clan" another, and "radikal" finds nothing; on PostgreSQL
the German stemmer turns "Radikalisierung" into "radikalisier" and "radikalisierten" into
"radikalisiert", so the one does not find the other. It can also not look into rows that are
not part of the page: the venues of a module's offerings hang off the source page by
``translation_key``, and trainers' names would otherwise have to be copied into the search index
(personal data kept outside the privacy registry's reach). So models that need more declare
their texts (``text_search_sources``) and ``text_search`` matches them with the database itself,
inside the listing's own query (no extra query, however many rows):

- PostgreSQL: German full-text search with prefix matching (``radikal:*`` finds
  "Radikalisierung" and "radikalisierten"), or a trigram word similarity of at least
  ``TRIGRAM_THRESHOLD`` (``pg_trgm``, enabled by courses/migrations/0007): a typo
  ("Radikalisirung") or a word part ("Clan", "kriminalität" in "Clankriminalität"), or what
  SQLite would find (the stem anywhere in the text: short terms, digits, and words the
  full-text parser drops, such as text between ``<script>`` tags).
- SQLite (development, tests): no stemmer, no trigrams. Each term loses a common German or
  English ending (``stem``) and is looked for anywhere in the text, case-folded in Python
  (SQLite's own LOWER and LIKE know no umlauts), so "radikal" finds "Radikalisierung" and
  "Clan" and "Clans" find the same modules.

Every term must match somewhere (AND); a term matches if any text matches it. No search column
is kept in step with pages, offerings and accounts: on PostgreSQL the tests run cheapest first,
the full-text search of a module's own fields reads an expression index, and the trigram
comparison of the whole text, the slow one, runs last and after the listing's other filters
(portal/search_postgres.py, courses/migrations/0010). Other pages (content pages, the home
page) keep Wagtail's backend: there it is good enough, and it is what the admin's page search
uses.

The terms reach the database only as parameters: to PostgreSQL's ``to_tsquery`` as letters and
digits with ``:*`` (no operator can get in), to SQLite's LIKE escaped by Django. Wagtail's
backend still gets the cleaned term (``clean_search_query``): on SQLite it puts each word between
double quotes without escaping, so ``"Radikalisierung`` was a 500.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import html
import json
import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 8
# pg_trgm's own default for word similarity: "Magdebrug" still finds "Magdeburg" (0.6),
# "radikal" no longer finds "Radius" (0.5).
TRIGRAM_THRESHOLD = 0.6
TRIGRAM_MIN_LENGTH = 4  # shorter terms have too few trigrams to say anything
STEM_MIN_LENGTH = 4
# Longest first; an ending goes only if at least STEM_MIN_LENGTH letters stay ("Clan" stays).
ENDINGS = ("innen", "ungen", "ung", "en", "er", "es", "e", "n", "s")
HIGHLIGHT_SIMILARITY = 0.8  # a typo found by the trigrams is marked as well

_WORD = re.compile(r"[^\W_]+")
_WORD_SPLIT = re.compile(r"([^\W_]+)")  # words at odd positions
_TAG = re.compile(r"<[^>]*>")


def clean_search_query(value: str) -> str:
    """The search term without double quotes and control characters, whitespace collapsed,
    at most ``SEARCH_MAX_LENGTH`` characters."""
    kept = "".join(
        " " if char == '"' or unicodedata.category(char) in ("Cc", "Cs") else char
        for char in str(value)
    )
    return " ".join(kept.split())[:SEARCH_MAX_LENGTH].strip()


def fold(text: str) -> str:
    """Text compared without case (umlauts too: "ÄRGER" is "ärger", "Straße" is "strasse")."""
    return unicodedata.normalize("NFKC", text).casefold()


def search_terms(query: str) -> list[str]:
    """The words of a query, folded, each once, at most ``SEARCH_MAX_TERMS``. Punctuation,
    quotes and operators separate words and are dropped."""
    terms: list[str] = []
    for word in _WORD.findall(fold(clean_search_query(query))):
        if word not in terms:
            terms.append(word)
    return terms[:SEARCH_MAX_TERMS]


def stem(term: str) -> str:
    """A folded term without one common ending: "clans" → "clan", "radikalisierung" →
    "radikalisier". Only ever shortens, so it only widens a substring match."""
    for ending in ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= STEM_MIN_LENGTH:
            return term[: -len(ending)]
    return term


# What a model searches ---------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text field of the row (or through a foreign key, ``provider__name``). ``kind`` is
    "text", "html" (rich text: tags are no words) or "stream" (a StreamField's JSON)."""

    path: str
    kind: str = "text"


@dataclass(frozen=True)
class Related:
    """Texts in other rows that belong to the row: ``rows`` filtered by ``link`` equal to the
    row's ``outer`` field, for example the venues of a module's offerings."""

    rows: QuerySet
    link: str
    outer: str
    texts: tuple[Text, ...]


@dataclass(frozen=True)
class Sources:
    texts: tuple[Text, ...]
    related: tuple[Related, ...] = ()


def text_search(queryset: QuerySet, query: str, sources: Sources) -> QuerySet:
    """``queryset`` narrowed to the rows whose texts match every term of ``query`` (none when
    it has no word); still a queryset: filters, sorting and counting stay in the caller's
    query."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()  # only punctuation: nothing to look for
    if connections[queryset.db].vendor == "postgresql":
        from portal.search_postgres import postgres_search  # it builds on this module

        return postgres_search(queryset, terms, sources)
    _register_sqlite_functions(connections[queryset.db])
    queryset = _alias_document(queryset, sources.texts)
    for term in terms:
        condition = Q(_search_document__contains=stem(term))
        for related in sources.related:
            rows = related.rows.filter(**{related.link: OuterRef(related.outer)})
            rows = _alias_document(rows, related.texts)
            condition |= Q(Exists(rows.filter(_search_document__contains=stem(term))))
        queryset = queryset.filter(condition)
    return queryset


def _alias_document(queryset, texts):
    arguments = [part for text in texts for part in (Value(text.kind), F(text.path))]
    document = Func(*arguments, function="portal_search_document", output_field=TextField())
    return queryset.alias(_search_document=document)


SITE_SEARCH_LIMIT = 200


def site_search(query: str, language_code: str) -> list:
    """The header search: live, public pages of the language that match ``query``.

    Page types that declare ``text_search_sources`` (the qualification modules) are matched by
    ``text_search`` and come first, by title; every other page by Wagtail's backend, in its
    order. The portal names no such type itself: ``courses`` is built on it, not the other way.
    """
    from wagtail.models import Page, get_page_models

    if not search_terms(query):
        return []
    from portal.page_languages import in_language_or_untranslated, mark_other_language

    def visible(queryset):  # untranslated German pages too, marked by mark_other_language
        return in_language_or_untranslated(queryset.live().public(), language_code)

    own = tuple(model for model in get_page_models() if hasattr(model, "text_search_sources"))
    found: list = []
    for model in own:
        if any(issubclass(model, other) and model is not other for other in own):
            continue  # a subclass's pages are already among its parent's
        matching = text_search(visible(model.objects.all()), query, model.text_search_sources())
        found += matching.order_by("title")[:SITE_SEARCH_LIMIT]
    others = visible(Page.objects.all()).specific().search(clean_search_query(query))
    found += [page for page in others[:SITE_SEARCH_LIMIT] if not isinstance(page, own)]
    mark_other_language(found, language_code)
    return found


# SQLite: the document as folded plain text, made in Python ---------------------------------


def plain_text(kind: str, value) -> str:
    """The words of a stored value: rich text without tags, a StreamField's strings without
    block types and ids."""
    if value is None:
        return ""
    text = str(value)
    if kind == "stream":
        with contextlib.suppress(ValueError):  # not JSON: searched as it is
            text = " ".join(_stream_strings(json.loads(text)))
    if kind in ("html", "stream"):
        text = html.unescape(_TAG.sub(" ", text))
    return text


def _stream_strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, list):
        for item in data:
            yield from _stream_strings(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("id", "type"):
                yield from _stream_strings(value)


def _search_document(*arguments) -> str:
    pairs = zip(arguments[::2], arguments[1::2], strict=True)
    return fold(" ".join(plain_text(kind, value) for kind, value in pairs))


def _register_sqlite_functions(wrapper, **kwargs):
    if wrapper.vendor != "sqlite":
        return
    wrapper.ensure_connection()
    wrapper.connection.create_function(
        "portal_search_document", -1, _search_document, deterministic=True
    )


connection_created.connect(
    lambda sender, connection, **kwargs: _register_sqlite_functions(connection),
    weak=False,
    dispatch_uid="portal.search.sqlite_functions",
)


# Showing a match ---------------------------------------------------------------------------


def highlight(text, query: str) -> SafeString:
    """``text`` escaped, with the words that match a term of ``query`` in ``<mark>``.

    A word matches as in ``text_search``: it contains the term's stem, or it is a near spelling
    of the term (a typo the trigrams found). Whole words are marked ("radikal" marks
    "Radikalisierung"). Everything is escaped here, the query's words included, whatever
    ``text`` is (a ``SafeString`` too), so the result may be marked safe.
    """
    text = "" if text is None else str(text)
    terms = search_terms(query or "")
    if not terms:
        return escape(text)
    terms = tuple(terms)
    stems = tuple(stem(term) for term in terms)
    pieces = []
    for number, piece in enumerate(_WORD_SPLIT.split(text)):
        if number % 2 and _word_matches(fold(piece), terms, stems):
            pieces.append(f"<mark>{escape(piece)}</mark>")
        else:
            pieces.append(escape(piece))
    return mark_safe("".join(pieces))  # every piece escaped above


@functools.lru_cache(maxsize=8192)
def _word_matches(word: str, terms: tuple[str, ...], stems: tuple[str, ...]) -> bool:
    """Remembered per word and query: a results page repeats its words, and comparing
    spellings is the slow part of highlighting (difflib's cheap upper bounds go first)."""
    if any(part in word for part in stems):
        return True
    for term in terms:
        if len(term) < TRIGRAM_MIN_LENGTH:
            continue
        matcher = difflib.SequenceMatcher(None, term, word)
        if (
            matcher.real_quick_ratio() >= HIGHLIGHT_SIMILARITY
            and matcher.quick_ratio() >= HIGHLIGHT_SIMILARITY
            and matcher.ratio() >= HIGHLIGHT_SIMILARITY
        ):
            return True
    return False
