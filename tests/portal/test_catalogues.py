"""The German and English message catalogues are complete: no empty and no fuzzy entries."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalogue_is_complete(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        catalogue = read_po(po, locale=language)
    entries = [message for message in catalogue if message.id]
    assert len(entries) > 500
    empty = [m.id for m in entries if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert empty == []
    assert fuzzy == []
