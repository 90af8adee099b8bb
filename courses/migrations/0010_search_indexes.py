"""PostgreSQL: what makes the module search fast (portal/search_postgres.py). Nothing on SQLite.

- ``courses_modulepage_search_vector``: a GIN index on the German full-text vector of a
  module's own texts (teaser, prerequisites, learning objectives without tags, the body's
  words without block types, ids, keys and escapes). The expression is exactly the one
  ``portal.search_postgres.document_vector`` writes for these fields, or PostgreSQL would not
  use the index (tests/courses/test_search_index.py checks that it does). Title and
  provider are read per row: they are short and live in other tables.
- ``portal_german_vector``: ``to_tsvector('german', text)``, and ``portal_word_similarity``:
  pg_trgm's ``word_similarity`` (courses/migrations/0007), both declared costly (about a
  millisecond for a module's text), so that the planner reads the index rather than compute
  the vector for every module, and applies the cheap filters of the catalogue (topic, region)
  before comparing trigrams. PostgreSQL would inline plain SQL functions and forget their
  cost, so they are PL/pgSQL.

No model changes: an index on an expression and a function.
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION portal_german_vector(document text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000
AS $$ BEGIN RETURN pg_catalog.to_tsvector('pg_catalog.german'::regconfig, document); END $$;

CREATE OR REPLACE FUNCTION portal_word_similarity(term text, document text) RETURNS real
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000
AS $$ BEGIN RETURN word_similarity(term, document); END $$
"""
INDEX = r"""
CREATE INDEX IF NOT EXISTS courses_modulepage_search_vector ON courses_modulepage
USING gin (portal_german_vector(
    COALESCE(teaser, '') || ' ' || COALESCE(prerequisites, '') || ' '
    || COALESCE(regexp_replace(learning_objectives, '<[^>]*>', ' ', 'g'), '') || ' '
    || COALESCE(regexp_replace(regexp_replace((body)::text,
        '"(?:id|type)": "[^"]*"|"[A-Za-z_]+":|\\[nrt]', ' ', 'g'), '<[^>]*>', ' ', 'g'), '')))
"""
DROP = [
    "DROP INDEX IF EXISTS courses_modulepage_search_vector",
    "DROP FUNCTION IF EXISTS portal_word_similarity(text, text)",
    "DROP FUNCTION IF EXISTS portal_german_vector(text)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS)
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0009_funded_programmes"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
