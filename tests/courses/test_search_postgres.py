"""The module search on PostgreSQL: German stemming with prefixes, trigram similarity for typos
and word parts (portal/search.py). Skipped without PostgreSQL (set DATABASE_URL); what every
database does is in test_search_quality.py."""

import pytest
from django.db import connection

from tests.courses.search_data import seed_search_modules
from tests.courses.test_search_quality import CATALOG, SEARCH, catalogue, header_search

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("The stemmer and pg_trgm need PostgreSQL; set DATABASE_URL to run it.")


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def modules(site_pages):
    return seed_search_modules()


def test_the_migration_enabled_pg_trgm():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize("search", [catalogue, header_search])
def test_radikalisierung_finds_radikalisierten_klientinnen(client, modules, search):
    assert "Ausstieg begleiten" in search(client, "Radikalisierung")
    assert "Ausstieg begleiten" in search(client, "radikal")


@pytest.mark.parametrize("search", [catalogue, header_search])
def test_a_typo_still_finds_the_module(client, modules, search):
    assert "Radikalisierung verstehen" in search(client, "Radikalisirung")
    assert search(client, "Magdebrug") == {"Radikalisierung verstehen"}  # the venue's town
    assert search(client, "Okonkwo Landesnetzwerk") == {"Übergangsmanagement"}


def test_word_parts_of_a_compound(client, modules):
    assert "Clankriminalität im Blick" in catalogue(client, "Clan")
    assert catalogue(client, "kriminalitaet") == set()  # no transliteration
    assert catalogue(client, "Kriminalität") == {"Clankriminalität im Blick"}


def test_unrelated_words_find_nothing(client, modules):
    assert catalogue(client, "Zebrafink") == set()
    assert catalogue(client, "Radius") == set()


def test_a_typo_is_highlighted(client, modules):
    html = client.get(CATALOG, {"q": "Radikalisirung"}).content.decode()
    assert "<mark>Radikalisierung</mark> verstehen</a>" in html
    html = client.get(SEARCH, {"q": "Radikalisirung"}).content.decode()
    assert "<mark>Radikalisierung</mark> verstehen</a>" in html
