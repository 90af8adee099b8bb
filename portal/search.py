"""The one rule for what a visitor's search term may contain before it reaches the search backend.

Wagtail's database search backend puts each word of a query between double quotes for SQLite's
full-text index without escaping quotes inside the word, so ``"Radikalisierung`` ends the string
early and the database answers "unterminated string" (a 500). Control characters (a NUL byte
above all) cannot be stored or matched by any database. Both are removed here; what is left is
searched as typed.
"""

import unicodedata

SEARCH_MAX_LENGTH = 200


def clean_search_query(value: str) -> str:
    """The search term without double quotes and control characters, whitespace collapsed,
    at most ``SEARCH_MAX_LENGTH`` characters."""
    kept = "".join(
        " " if char == '"' or unicodedata.category(char) in ("Cc", "Cs") else char
        for char in str(value)
    )
    return " ".join(kept.split())[:SEARCH_MAX_LENGTH].strip()
