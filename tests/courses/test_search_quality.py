"""The module search on every database: word parts and endings, venues, trainers, providers,
highlighting and a constant number of queries (portal/search.py, courses/search.py).

These run on SQLite (the suite) and on PostgreSQL (``make test-postgres``); what needs
PostgreSQL's stemmer and trigrams is in test_search_postgres.py.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.models import CatalogPage, ModulePage
from portal.search import highlight, search_terms, stem
from tests.courses.search_data import seed_search_modules
from tests.courses.test_catalog_queries import add_modules

pytestmark = pytest.mark.django_db

CATALOG = "/fortbildungen/"
SEARCH = "/suche/"


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def modules(site_pages):
    return seed_search_modules()


def catalogue(client, query) -> set[str]:
    response = client.get(CATALOG, {"q": query})
    assert response.status_code == 200
    return {page.title for page in response.context["results"]}


def header_search(client, query) -> set[str]:
    """The modules the header search finds (it finds content pages too)."""
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    return {page.title for page in response.context["results"] if isinstance(page, ModulePage)}


CLAN_MODULES = {"Familienstrukturen", "Clankriminalität im Blick", "Arbeit im Umfeld"}
RADICAL_MODULES = {"Radikalisierung verstehen", "Ausstieg begleiten"}


# What a term finds -----------------------------------------------------------------------------


@pytest.mark.parametrize("search", [catalogue, header_search])
@pytest.mark.parametrize("query", ["Clan", "Clans", "clan", "CLANS"])
def test_clan_and_clans_find_the_same_modules(client, modules, search, query):
    assert search(client, query) == CLAN_MODULES


@pytest.mark.parametrize("search", [catalogue, header_search])
@pytest.mark.parametrize("query", ["radikal", "Radikalisierung", "radikalisierten"])
def test_a_word_start_or_another_ending_finds_the_module(client, modules, search, query):
    found = search(client, query)
    assert "Ausstieg begleiten" in found  # "…radikalisierten Klient*innen…"
    if query != "radikalisierten":
        assert found == RADICAL_MODULES


def test_a_part_of_a_compound_finds_the_module(client, modules):
    assert catalogue(client, "Haft") == {"Übergangsmanagement"}  # "Haftentlassung"
    assert catalogue(client, "kriminalität") == {"Clankriminalität im Blick"}


def test_rich_text_and_the_agenda_are_searched_without_their_markup(client, modules):
    assert catalogue(client, "Haftentlassung") == {"Übergangsmanagement"}
    assert catalogue(client, "Täter-Opfer-Ausgleich") == {"Fallarbeit"}
    assert catalogue(client, "strong") == set()  # a tag, not a word
    assert catalogue(client, "agenda") == set()  # a block type, not a word


@pytest.mark.parametrize("search", [catalogue, header_search])
def test_venue_town_trainer_and_provider_find_the_module(client, modules, search):
    assert search(client, "Halle") == {"Kommunale Prävention"}
    assert search(client, "Saale") == {"Kommunale Prävention"}
    assert search(client, "Okonkwo") == {"Übergangsmanagement"}
    assert search(client, "Miriam") == {"Übergangsmanagement"}
    assert search(client, "Landesnetzwerk") == {"Übergangsmanagement"}
    assert search(client, "LND") == {"Übergangsmanagement"}


def test_a_cancelled_offering_does_not_make_its_town_findable(client, modules):
    assert catalogue(client, "Dessau") == set()


def test_every_term_must_match(client, modules):
    assert catalogue(client, "Radikalisierung Magdeburg") == {"Radikalisierung verstehen"}
    assert catalogue(client, "Radikalisierung Halle") == set()


def test_the_search_combines_with_the_other_filters(client, modules):
    assert catalogue(client, "radikal") == RADICAL_MODULES
    response = client.get(CATALOG, {"q": "radikal", "region": "magdeburg"})
    assert {page.title for page in response.context["results"]} == {"Radikalisierung verstehen"}


@pytest.mark.parametrize(
    "query", ['"Radikalisierung', '"', "radikal:*", "a & !b | c", "Clan's", "%", "_", "\\"]
)
@pytest.mark.parametrize("url", [CATALOG, SEARCH])
def test_quotes_and_operators_give_no_500(modules, url, query):
    client = Client(raise_request_exception=False)
    assert client.get(url, {"q": query}).status_code == 200


def test_a_quote_still_finds_the_module(client, modules):
    assert catalogue(client, '"Radikalisierung') == RADICAL_MODULES


def test_like_wildcards_are_no_wildcards(client, modules):
    assert catalogue(client, "%") == set()
    assert catalogue(client, "_") == set()


def test_other_pages_are_still_found_by_the_header_search(client, modules):
    html = client.get(SEARCH, {"q": "Werkstattgespräche"}).content.decode()
    assert '<a href="/bedarfsanalyse/">Bedarfsanalyse</a>' in html


# Highlighting ----------------------------------------------------------------------------------


def test_highlight_marks_whole_matching_words_and_escapes_everything():
    assert highlight("Radikalisierung & <b>Clans</b>", "radikal clan") == (
        "<mark>Radikalisierung</mark> &amp; &lt;b&gt;<mark>Clans</mark>&lt;/b&gt;"
    )
    assert highlight("Ärger im Vollzug", "ärger") == "<mark>Ärger</mark> im Vollzug"
    assert highlight("<i>kein Treffer</i>", "") == "&lt;i&gt;kein Treffer&lt;/i&gt;"
    assert highlight("Radikalisierung", "Radikalisirung") == "<mark>Radikalisierung</mark>"


def test_search_terms_and_stems():
    assert search_terms('"Radikalisierung & Clans" radikal:* Clans') == [
        "radikalisierung",
        "clans",
        "radikal",
    ]
    assert [stem(term) for term in ("clans", "clan", "radikalisierung", "haft")] == [
        "clan",
        "clan",
        "radikalisier",
        "haft",
    ]


def test_the_catalogue_highlights_title_and_teaser(client, modules):
    html = client.get(CATALOG, {"q": "radikal"}).content.decode()
    assert "<mark>Radikalisierung</mark> verstehen</a>" in html
    assert "Arbeit mit <mark>radikalisierten</mark> Klient*innen im Vollzug." in html


def test_the_header_search_highlights_title_and_teaser(client, modules):
    html = client.get(SEARCH, {"q": "Clans"}).content.decode()
    assert "<mark>Clankriminalität</mark> im Blick</a>" in html
    assert "Wie <mark>Clans</mark> ihre Mitglieder binden." in html


@pytest.mark.parametrize("url", [CATALOG, SEARCH])
def test_a_script_in_the_query_or_the_title_is_escaped(client, site_pages, url):
    from tests.courses.search_data import module

    module("Alarm <script>alert(1)</script> Skript")
    html = client.get(url, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert" not in html
    assert "Alarm &lt;<mark>script</mark>&gt;<mark>alert</mark>(<mark>1</mark>)" in html


# Queries ---------------------------------------------------------------------------------------


def count_queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": query} if query else {})
    assert response.status_code == 200
    return len(queries)


def test_the_search_adds_no_query_and_none_per_module(client, site_pages, professional):
    """Title, teaser, topics, trainers and venues are matched inside the listing's query."""
    client.force_login(professional)
    catalog = CatalogPage.objects.get(locale__language_code="de")
    add_modules(catalog, 5, offset=0)
    query = "Grundlagen Tagungshaus"  # the teaser and the venue of every module
    client.get(CATALOG, {"q": query})  # warm the site, locale and content type caches
    without_search = count_queries(client, CATALOG, "")
    with_search = count_queries(client, CATALOG, query)
    assert with_search == without_search

    add_modules(catalog, 45, offset=5)

    response = client.get(CATALOG, {"q": query})
    assert response.context["page_obj"].paginator.count == 50
    assert count_queries(client, CATALOG, query) == with_search
