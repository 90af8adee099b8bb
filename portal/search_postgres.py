"""How ``portal.search.text_search`` matches a term on PostgreSQL, cheapest test first.

What matches is said in portal/search.py: a term matches a row if the row's joined text (its
``Text`` fields, joined by spaces) contains the term's stem, or matches ``term:*`` in German
full-text search, or has a trigram word similarity of at least ``TRIGRAM_THRESHOLD`` with it;
or if a related row's text does. Asked literally, every test reads the whole joined text:
taking tags and block types out of the rich text and StreamFields (regular expressions), the
full-text vector and the trigrams, together more than a millisecond per module and term. The
same answer, sooner:

1. The stem in a plain field (``UPPER(field) LIKE``). The stem has no space and the fields
   are joined by spaces, so it is in the joined text exactly if it is in one field.
2. The full-text search over the fields of the row's own table (for a module page: teaser,
   prerequisites, learning objectives, body) through the expression index of
   courses/migrations/0010, once per query; the other fields (title, provider) are short and
   read per row. A query of one lexeme (what a word gives) matches a vector exactly if it
   matches one of its parts; a query the German parser splits into several lexemes is asked
   of the whole text as before (``numnode``, decided when the query is planned).
3. The stem in rich text or a StreamField: only where the stored value contains it too (tags,
   block types and escapes are only taken out, each replaced by a space), so the regular
   expressions run only when the stored value has the stem.
4. The related rows (topics, trainers, venues): their texts are short.
5. The trigram word similarity over the whole joined text, only when nothing else matched:
   through ``portal_word_similarity`` (courses/migrations/0010), pg_trgm's ``word_similarity``
   declared costly, so that the planner applies the cheap filters of the listing (topic,
   region) first.

PostgreSQL stops at the first alternative of an OR that holds, in the order written.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db.models import (
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from portal.search import (
    _TAG,
    TRIGRAM_MIN_LENGTH,
    TRIGRAM_THRESHOLD,
    Sources,
    Text,
    stem,
)

# In a StreamField's JSON: block ids and types, keys and escapes are no text.
_STREAM_NOISE = r'"(?:id|type)": "[^"]*"|"[A-Za-z_]+":|\\[nrt]'


def postgres_search(queryset: QuerySet, terms: list[str], sources: Sources) -> QuerySet:
    model = queryset.model
    own = tuple(text for text in sources.texts if _on_own_table(model, text))
    other = tuple(text for text in sources.texts if text not in own)
    queryset = queryset.alias(**_aliases(sources.texts, other if own else ()))
    for term in terms:
        query = _query(term)
        condition = _plain_contains(term, sources.texts)
        if own:  # the index, once per query; then the other fields' vector, row by row
            indexed = model._base_manager.alias(_search_vector_own=document_vector(own))
            condition |= Q(pk__in=indexed.filter(_search_vector_own=query).values("pk"))
            if other:
                condition |= Q(_search_vector_other=query)
        condition |= _marked_up_contains(term, sources.texts)
        if own:  # several lexemes: the whole text, as they may span two fields
            condition |= Q(_several_lexemes(query)) & Q(_search_vector=query)
        else:
            condition |= Q(_search_vector=query)
        for related in sources.related:
            rows = related.rows.filter(**{related.link: OuterRef(related.outer)})
            rows = rows.alias(**_aliases(related.texts, ()))
            condition |= Q(Exists(rows.filter(_row_matches(term, related.texts))))
        if len(term) >= TRIGRAM_MIN_LENGTH:
            condition |= Q(_similarity(term))
        queryset = queryset.filter(condition)
    return queryset


class GermanVector(Func):
    """``to_tsvector('german', …)`` of the expressions joined by spaces (as ``SearchVector``
    joins them), through ``portal_german_vector`` (courses/migrations/0010): declared costly,
    so that the planner reads the expression index instead of computing it row by row."""

    function = "portal_german_vector"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()

    def __init__(self, *expressions):
        super().__init__(
            *[
                Coalesce(expression, Value(""), output_field=TextField())
                for expression in expressions
            ]
        )


def document_vector(texts) -> GermanVector:
    """The German full-text vector of ``texts`` joined by spaces (what the index holds)."""
    return GermanVector(*[document_part(text) for text in texts])


def document_part(text: Text):
    """A field's words: rich text without tags, a StreamField's JSON without block types, ids,
    keys and escapes."""
    expression = F(text.path)
    if text.kind == "stream":
        expression = _replace(Cast(expression, TextField()), _STREAM_NOISE)
    if text.kind in ("html", "stream"):
        expression = _replace(expression, _TAG.pattern)
    return expression


def _on_own_table(model, text: Text) -> bool:
    if "__" in text.path:
        return False
    return model._meta.get_field(text.path).model is model._meta.concrete_model


def _aliases(texts, other) -> dict:
    parts = [document_part(text) for text in texts]
    aliases = {
        "_search_vector": SearchVector(*parts, config="german"),
        "_search_text": Func(Value(" "), *parts, function="concat_ws", output_field=TextField()),
    }
    if other:
        aliases["_search_vector_other"] = document_vector(other)
    for number, text in enumerate(texts):
        if text.kind != "text":
            stored = F(text.path)
            if text.kind == "stream":
                stored = Cast(stored, TextField())
            aliases[f"_search_stored_{number}"] = stored
            aliases[f"_search_part_{number}"] = document_part(text)
    return aliases


def _query(term: str) -> SearchQuery:
    return SearchQuery(f"{term}:*", search_type="raw", config="german")


def _plain_contains(term: str, texts) -> Q:
    condition = Q()
    for text in texts:
        if text.kind == "text":
            condition |= Q(**{f"{text.path}__icontains": stem(term)})
    return condition


def _marked_up_contains(term: str, texts) -> Q:
    condition = Q()
    for number, text in enumerate(texts):
        if text.kind != "text":
            condition |= Q(**{f"_search_stored_{number}__icontains": stem(term)}) & Q(
                **{f"_search_part_{number}__icontains": stem(term)}
            )
    return condition


def _row_matches(term: str, texts) -> Q:
    """A related row's short texts: every test in turn."""
    condition = _plain_contains(term, texts) | Q(_search_vector=_query(term))
    condition |= _marked_up_contains(term, texts)
    if len(term) >= TRIGRAM_MIN_LENGTH:
        condition |= Q(_similarity(term))
    return condition


def _several_lexemes(query: SearchQuery):
    return GreaterThan(Func(query, function="numnode", output_field=IntegerField()), 1)


def _similarity(term: str):
    similarity = Func(
        Value(term),
        F("_search_text"),
        function="portal_word_similarity",
        output_field=FloatField(),
    )
    return GreaterThanOrEqual(similarity, TRIGRAM_THRESHOLD)


def _replace(expression, pattern: str):
    return Func(
        expression,
        Value(pattern),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
