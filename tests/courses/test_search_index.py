"""The module search's shortcuts on PostgreSQL (portal/search_postgres.py) find exactly what the
rule of portal/search.py finds when it is asked of a module's whole joined text, and the search
reads the index of courses/migrations/0010. Skipped without PostgreSQL (set DATABASE_URL)."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Func, Q, TextField, Value

from courses.models import ModulePage
from courses.search import MODULE_TEXTS, search_module_pages
from portal.search import (
    TRIGRAM_MIN_LENGTH,
    TRIGRAM_THRESHOLD,
    Sources,
    search_terms,
    stem,
    text_search,
)
from portal.search_postgres import document_part
from tests.courses.search_data import module, seed_search_modules

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Words of the test modules, their stems, typos and parts, words only in markup (tags, block
# types, StreamField keys), stop words, digits and words found nowhere.
TERMS = [
    "Clan",
    "Clans",
    "Clanfamilie",
    "Clankriminalität",
    "kriminalitaet",
    "Radikalisirung",
    "radikal",
    "Klient",
    "innen",
    "Haftentlassung",
    "haft",
    "strong",
    "Täter",
    "Ausgleich",
    "Ablauf",
    "agenda",
    "heading",
    "items",
    "09",
    "00",
    "und",
    "über",
    "die",
    "Übergang",
    "Familienstruktur",
    "Grundlagen",
    "Vollzug",
    "Prävention",
    "Beratung",
    "Netzwerk",
    "Zebrafink",
    "Radius",
    "p",
]


@pytest.fixture(autouse=True)
def _postgres_only(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("The index and pg_trgm need PostgreSQL; set DATABASE_URL to run it.")


@pytest.fixture
def modules(shared_site_pages):
    found = seed_search_modules()
    # Words at the borders of the fields: the title's last and the teaser's first.
    found["border"] = module("Netzwerk Clan", "Familie und Beratung im Übergang.")
    return found


def whole_text(term: str) -> set[int]:
    """The modules whose joined text matches ``term`` (the rule, asked literally)."""
    parts = [document_part(text) for text in MODULE_TEXTS]
    modules = ModulePage.objects.alias(
        vector=SearchVector(*parts, config="german"),
        text=Func(Value(" "), *parts, function="concat_ws", output_field=TextField()),
    )
    condition = Q(vector=SearchQuery(f"{term}:*", search_type="raw", config="german"))
    condition |= Q(text__icontains=stem(term))
    if len(term) >= TRIGRAM_MIN_LENGTH:
        modules = modules.alias(similarity=TrigramWordSimilarity(term, "text"))
        condition |= Q(similarity__gte=TRIGRAM_THRESHOLD)
    return set(modules.filter(condition).values_list("pk", flat=True))


def test_the_shortcuts_find_what_the_whole_text_finds(modules):
    found_any = 0
    for query in TERMS:
        (term,) = search_terms(query)
        own_texts = text_search(ModulePage.objects.all(), term, Sources(texts=MODULE_TEXTS))
        expected = whole_text(term)
        assert set(own_texts.values_list("pk", flat=True)) == expected, query
        found_any += bool(expected)
    assert found_any > len(TERMS) // 2  # the terms do find modules


def test_a_compound_across_title_and_teaser_is_found_by_similarity(modules):
    found = search_module_pages(ModulePage.objects.all(), "Clanfamilie")
    assert modules["border"] in found


def test_the_search_reads_the_index(modules):
    queryset = search_module_pages(ModulePage.objects.all(), "Beratung")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: seq scan else
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "courses_modulepage_search_vector" in plan
