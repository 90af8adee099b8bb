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


# Every literal msgid in the code is in the catalogues. makemessages (xgettext) finds a msgid only
# as a literal argument of gettext() and its aliases outside f-strings; a msgid it cannot see is
# dropped from the .po files by `make messages` (--no-obsolete), and the page falls back to
# English without any test noticing.
ROOT = LOCALE.parent
APPS = ("portal", "courses", "needs_analysis", "workshops")
CALLS = {"gettext", "gettext_lazy", "_", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def literal_msgids():
    import ast

    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in CALLS:
                    continue
                index = 1 if name.startswith("pgettext") else 0
                if len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    value = node.args[index].value
                    if isinstance(value, str) and value:
                        yield f"{path.relative_to(ROOT)}:{node.lineno}", value


def test_every_msgid_in_the_code_is_in_the_catalogue():
    with open(LOCALE / "de" / "LC_MESSAGES" / "django.po", "rb") as po:
        catalogue = read_po(po, locale="de")
    known = {m.id[0] if m.pluralizable else m.id for m in catalogue if m.id}
    found = list(literal_msgids())
    assert len(found) > 300
    missing = [f"{where}: {msgid}" for where, msgid in found if msgid not in known]
    assert missing == []
