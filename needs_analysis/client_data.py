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

- **phone number** (only asked for, not refused; see below): a German number starting with
  ``0`` (area code) or ``+49``/``0049``, digits in groups (``0391 123456``, ``0176-1234567``,
  ``(0391) 12 34 56``, ``+49 391 1234567``).
- **address** (only asked for): a street with a house number (``Hauptstraße 12``,
  ``Lange Str. 3a``, ``Am Markt 5`` is not caught) or a postcode before a place
  (``39104 Magdeburg``).

Two ways of using it:

- **refuse** (the needs report and the in-house request): ``NoClientDataField`` validates with
  ``reject_client_data`` and refuses the strict kinds (date of birth, case number, name); the
  text is not stored. Phone numbers and addresses are not refused there, because they have
  honest uses (an organisation's own address) and those forms offer no way to confirm.
- **ask** (the consultation request and the messages of its thread): ``ClientDataCheck`` (a form
  mixin) finds every kind, shows the text again with the hits marked (``highlight``, ``<mark>``)
  and asks the person to confirm that it holds no client data; the confirmation holds for
  exactly that text (a digest of it travels with the form), so a changed text is checked
  again. A false positive passes by confirming.

``find_client_data(text)`` names what it found, ``client_data_spans(text)`` where;
``NoClientDataField`` is a text field with the validator and a visible length limit (no
``maxlength`` attribute, which would cut pasted text silently: a longer text gets a form error
instead).
"""

from __future__ import annotations

import datetime
import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.safestring import mark_safe
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
    r"\b(?:az|aktenzeichen|geschäftszeichen|gz|gefangenenbuchnummer|gb-nr|buchnummer|"
    r"vorgangsnummer|fallnummer)\b\.?\s*:?[^\n\d]{0,12}\d[\w/.-]*",
    re.IGNORECASE,
)
# number (or Roman chamber number), register sign, number/year: "123 Js 456/24", "VI ZR 12/20".
CASE_NUMBER = re.compile(
    r"\b(?:\d{1,4}|[IVX]{1,5})\s?[A-Z][A-Za-z]{0,4}\s?\d{1,6}/\d{2}(?:\d{2})?\b"
)
PHONE = re.compile(
    r"(?<![\w.,/+])(?:(?:\+|00)49[\s/-]?(?:\(0\)\s?)?\d{2,5}|\(?0\d{2,5}\)?)"
    r"(?:[\s/-]?\d{2,}){1,4}\b"
)
STREET = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee)"
    r"\s?\d{1,4}(?:\s?[a-z]\b)?"
    r"|\b[A-ZÄÖÜ][a-zäöüß]+(?:e[rns]?)?\s(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Ring)"
    r"\s?\d{1,4}(?:\s?[a-z]\b)?"
)
POSTCODE_PLACE = re.compile(r"(?<![\d.,])\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]+(?:[\s-][A-ZÄÖÜ][a-zäöüß]+)?")
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
    "phone": _("a phone number"),
    "address": _("an address"),
}
#: What the refusing forms refuse (``reject_client_data``); the others are only asked about.
STRICT_KINDS = ("birth_date", "case_number", "name")


def _old_full_dates(text: str, today: datetime.date):
    for match in FULL_DATE.finditer(text):
        year = int(match.group("year") or match.group("iso"))
        if year < today.year - BIRTH_YEARS_BACK:
            yield match


def _is_address(text: str, match) -> bool:
    before = WORD_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    return not (before and before.group(1).lower() in NOUN_MARKERS)


def client_data_spans(text: str, today: datetime.date | None = None) -> list[tuple]:
    """(start, end, kind) of every likely piece of client data in ``text``, by position."""
    today = today or datetime.date.today()
    found = [(m.start(), m.end(), "birth_date") for m in BIRTH_DATE_AFTER_WORD.finditer(text)]
    found += [(m.start(), m.end(), "birth_date") for m in _old_full_dates(text, today)]
    for pattern in (CASE_NUMBER_AFTER_WORD, CASE_NUMBER):
        found += [(m.start(), m.end(), "case_number") for m in pattern.finditer(text)]
    found += [
        (m.start(), m.end(), "name") for m in NAMED_PERSON.finditer(text) if _is_address(text, m)
    ]
    found += [(m.start(), m.end(), "phone") for m in PHONE.finditer(text)]
    for pattern in (STREET, POSTCODE_PLACE):
        found += [(m.start(), m.end(), "address") for m in pattern.finditer(text)]
    return sorted(found)


def find_client_data(
    text: str, today: datetime.date | None = None, kinds=tuple(KINDS)
) -> list[str]:
    """The kinds of likely client data in ``text`` (keys of ``KINDS``, only those in
    ``kinds``), in the order of ``KINDS``."""
    seen = {kind for _start, _end, kind in client_data_spans(text, today)}
    return [kind for kind in KINDS if kind in seen and kind in kinds]


def highlight(text: str, spans) -> str:
    """``text`` escaped, with every span in ``<mark>`` (overlapping spans merged)."""
    merged: list[list[int]] = []
    for start, end, _kind in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, position = [], 0
    for start, end in merged:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def digest(text: str) -> str:
    """What a confirmation is bound to: the text (whitespace at the ends ignored)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:32]


def reject_client_data(text: str) -> None:
    """Form-field validator: a ``ValidationError`` naming what looks like client data."""
    found = find_client_data(text or "", kinds=STRICT_KINDS)
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

    ``refuse=False``: no validator, for a form that asks instead (``ClientDataCheck``).
    The help text says "At most 4,000 characters." (in the active language's number format);
    the widget gets no ``maxlength`` attribute, so a browser never cuts a pasted text: the
    server answers a longer one with an error stating the length.
    """

    def __init__(
        self, *, max_length: int, help_text="", rows: int = 5, refuse: bool = True, **kwargs
    ):
        limit = format_lazy(_("At most {count} characters."), count=_grouped(max_length))
        help_text = format_lazy("{} {}", help_text, limit) if help_text else limit
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)
        if refuse:  # else the form asks instead (``ClientDataCheck``)
            self.validators.append(reject_client_data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class ClientDataCheck(forms.Form):
    """Mixin for a form whose free text ``client_data_field`` is checked and, on hits, shown
    again with them marked and a confirmation to tick ("ask", see the module docstring).

    After ``is_valid()`` a form with unconfirmed hits has an error on the text field and
    ``client_data_hits`` (the text with ``<mark>``), ``client_data_kinds`` (labels).
    """

    client_data_field = "description"

    confirm_no_client_data = forms.BooleanField(
        label=_("I confirm that the text contains no personal data about clients."),
        required=False,
        help_text=_(
            "The marked passages only look like client data (for example a general date or "
            "your own organisation's number)? Then confirm and send again."
        ),
    )
    client_data_digest = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_data_hits = None
        self.client_data_kinds = []
        if not self.data.get(self.add_prefix("client_data_digest")):
            # Nothing to confirm yet: the box appears with the marked hits.
            self.fields["confirm_no_client_data"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get(self.client_data_field) or ""
        spans = client_data_spans(text)
        if not spans:
            return cleaned
        confirmed = cleaned.get("confirm_no_client_data") and cleaned.get(
            "client_data_digest"
        ) == digest(text)
        if confirmed:
            return cleaned
        self.client_data_hits = highlight(text, spans)
        self.client_data_kinds = [str(KINDS[kind]) for kind in find_client_data(text)]
        # The confirmation is asked for this text: a changed text is checked again.
        data = self.data.copy()
        data[self.add_prefix("client_data_digest")] = digest(text)
        data[self.add_prefix("confirm_no_client_data")] = ""
        self.data = data
        self.fields["confirm_no_client_data"].widget = forms.CheckboxInput()
        self.add_error(
            self.client_data_field,
            ValidationError(
                _(
                    "This text may contain personal data about a client (%(found)s); the "
                    "passages are marked below. Please remove them, or confirm that the text "
                    "contains none."
                ),
                code="client_data",
                params={"found": ", ".join(self.client_data_kinds)},
            ),
        )
        return cleaned
