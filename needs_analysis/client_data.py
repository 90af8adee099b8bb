"""Likely personal data about clients in free text: the one rule for every free-text form.

Findings, consultation and in-house requests must hold no personal data about clients
(DESIGN.md §4, "Privacy and access"). The forms say so; this module catches the obvious slips
and the form answers with an error asking to remove them (the text is not stored). It is a
guard against mistakes, not a guarantee: a coordinator can still redact what slips through.

Patterns (German writing; case-insensitive unless said otherwise):

- **date of birth**: a full date ``12.03.1985``, ``12.3.85`` or ``1985-03-12`` after "geb.",
  "geboren" or "Geburtsdatum"; and any full date ``TT.MM.JJJJ`` / ``JJJJ-MM-TT`` whose year lies
  more than ``BIRTH_YEARS_BACK`` (12) years back, because needs and events are recent and
  birth dates are not.
- **case number (Aktenzeichen)**: "Az", "AZ", "Aktenzeichen", "Geschäftszeichen", "Gz" followed
  within a few characters by a digit (``Az. 123 Js 456/24``, ``AZ: 4711``); and the pattern of a
  German court or prosecution file number on its own: number, register sign, number/year
  (``123 Js 456/24``, ``5 Ls 12/2023``, ``2 VRs 89/21``).
- **a named person**: "Herr", "Herrn" or "Frau" (optionally with "Dr.") followed by a
  capitalised word of two or more letters (``Frau Müller``, ``Herrn Dr. Yilmaz``); initials
  alone ("Herr K.") are allowed, as they are the usual way to anonymise. Case-sensitive; and
  not after an article or pronoun ("die Frau Angst hat", "eine Frau Hilfe sucht"), where
  "Frau" is the common noun followed by another noun.

``find_client_data(text)`` names what it found; ``reject_client_data`` is a form-field
validator; ``NoClientDataField`` is a text field with both the validator and a visible length
limit (no ``maxlength`` attribute, which would cut pasted text silently: a longer text gets a
form error instead).
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

BIRTH_YEARS_BACK = 12

_DATE = r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})"
BIRTH_DATE_AFTER_WORD = re.compile(
    rf"\b(?:geb\.|geboren(?:\s+am)?|geburtsdatum:?)\s*(?:am\s*)?{_DATE}", re.IGNORECASE
)
FULL_DATE = re.compile(
    r"\b(?:\d{1,2}\.\s?\d{1,2}\.\s?(?P<year>\d{4})|(?P<iso>\d{4})-\d{2}-\d{2})\b"
)
CASE_NUMBER_AFTER_WORD = re.compile(
    r"\b(?:az|aktenzeichen|geschäftszeichen|gz)\b\.?\s*:?[^\n\d]{0,12}\d", re.IGNORECASE
)
CASE_NUMBER = re.compile(r"\b\d{1,4}\s?[A-Z][A-Za-z]{0,4}\s?\d{1,6}/\d{2}(?:\d{2})?\b")
NAMED_PERSON = re.compile(r"\b(?:Herrn?|Frau)\s+(?:Dr\.\s*)?[A-ZÄÖÜ][a-zäöüß]+")
WORD_BEFORE = re.compile(r"(\w+)\W*$")
# Words before "Frau"/"Herr" that make it the common noun, not a form of address.
NOUN_MARKERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "einem",
        "einen",
        "eines",
        "jede",
        "jeder",
        "jedem",
        "jeden",
        "keine",
        "keiner",
        "diese",
        "dieser",
        "diesem",
        "diesen",
        "welche",
        "welcher",
        "junge",
        "jungen",
        "ältere",
        "älteren",
        "alte",
        "alten",
        "ihre",
        "ihrer",
        "seine",
        "seiner",
        "meine",
        "unsere",
    ]
)

KINDS = {
    "birth_date": _("a date of birth"),
    "case_number": _("a case number (Aktenzeichen)"),
    "name": _("a name (“Herr/Frau …”)"),
}


def _old_full_date(text: str, today: datetime.date) -> bool:
    for match in FULL_DATE.finditer(text):
        year = int(match.group("year") or match.group("iso"))
        if year < today.year - BIRTH_YEARS_BACK:
            return True
    return False


def _is_address(text: str, match) -> bool:
    before = WORD_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    return not (before and before.group(1).lower() in NOUN_MARKERS)


def find_client_data(text: str, today: datetime.date | None = None) -> list[str]:
    """The kinds of likely client data in ``text`` (keys of ``KINDS``), in that order."""
    today = today or datetime.date.today()
    found = []
    if BIRTH_DATE_AFTER_WORD.search(text) or _old_full_date(text, today):
        found.append("birth_date")
    if CASE_NUMBER_AFTER_WORD.search(text) or CASE_NUMBER.search(text):
        found.append("case_number")
    if any(_is_address(text, match) for match in NAMED_PERSON.finditer(text)):
        found.append("name")
    return found


def reject_client_data(text: str) -> None:
    """Form-field validator: a ``ValidationError`` naming what looks like client data."""
    found = find_client_data(text or "")
    if found:
        raise ValidationError(
            _(
                "This text seems to contain personal data about a client (%(found)s). Please "
                "remove it and describe the need in general terms."
            ),
            code="client_data",
            params={"found": ", ".join(str(KINDS[kind]) for kind in found)},
        )


_grouped = lazy(lambda value: number_format(value, force_grouping=True), str)


class NoClientDataField(forms.CharField):
    """A free-text field without client data and with a visible length limit.

    The help text says "At most 4,000 characters." (in the active language's number format);
    the widget gets no ``maxlength`` attribute, so a browser never cuts a pasted text: the
    server answers a longer one with an error stating the length.
    """

    def __init__(self, *, max_length: int, help_text="", rows: int = 5, **kwargs):
        limit = format_lazy(_("At most {count} characters."), count=_grouped(max_length))
        help_text = format_lazy("{} {}", help_text, limit) if help_text else limit
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)
        self.validators.append(reject_client_data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs
