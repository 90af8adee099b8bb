"""What a search for qualification modules looks at, for the catalogue and the header search.

How a term matches is ``portal.search.text_search`` (the one search function, on PostgreSQL and
SQLite alike); this module only names a module's texts: its own fields, its provider, its topics,
its trainers' names, and the venues and regions of the offerings a visitor can see (open, not
begun: ``courses.catalog.upcoming_offerings``). Offerings hang off the source page, so they are
found through ``translation_key`` and the English page finds the same venues.

Trainers' names are read from the accounts at search time and never copied into Wagtail's
search index: a deleted account leaves nothing behind. They are shown on the module page anyway.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from portal.models import Topic
from portal.search import Related, Sources, Text, text_search

MODULE_TEXTS = (
    Text("title"),
    Text("search_description"),
    Text("teaser"),
    Text("prerequisites"),
    Text("learning_objectives", "html"),
    Text("body", "stream"),
    Text("provider__name"),
    Text("provider__short_name"),
)


def module_sources() -> Sources:
    from courses.catalog import upcoming_offerings  # the catalogue imports this module

    return Sources(
        texts=MODULE_TEXTS,
        related=(
            Related(Topic.objects.all(), "modules", "pk", (Text("name"), Text("name_en"))),
            Related(
                get_user_model().objects.all(),
                "trained_modules",
                "pk",
                (Text("first_name"), Text("last_name")),
            ),
            Related(
                upcoming_offerings(),
                "module__translation_key",
                "translation_key",
                (Text("venue"), Text("title_suffix"), Text("region__name")),
            ),
        ),
    )


def search_module_pages(modules: QuerySet, query: str) -> QuerySet:
    """``modules`` narrowed to those matching ``query``; still one query."""
    return text_search(modules, query, module_sources())
