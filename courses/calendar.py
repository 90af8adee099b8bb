"""iCalendar files: one event per session, for a single offering or a feed of many."""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from courses.models.offerings import BERLIN
from portal.mail import base_url

PRODID = "-//Qualifizierungsportal Straffälligenhilfe//DE"


def _host() -> str:
    """The host of the public address (``PORTAL_BASE_URL``): the domain part of every UID."""
    return urlsplit(base_url()).hostname or "localhost"


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def localized_modules(offerings) -> dict:
    """Each offering's module page in the active language, by offering pk: its live translation
    if there is one, else the module itself. One query for all offerings (for feeds)."""
    from courses.models import ModulePage

    keys = {offering.module.translation_key for offering in offerings}
    # A module that is itself in the active language is its own translation: not read twice.
    # Titles and addresses only, not the StreamField bodies.
    translations = {
        page.translation_key: page
        for page in ModulePage.objects.live()
        .filter(translation_key__in=keys, locale__language_code=get_language())
        .exclude(pk__in={offering.module_id for offering in offerings})
        .defer_streamfields()
    }
    return {
        offering.pk: translations.get(offering.module.translation_key, offering.module)
        for offering in offerings
    }


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 wants it (as ``icalendar.vText`` does)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> str:
    """A content line folded at 75 octets, as ``icalendar`` folds it: never inside a UTF-8
    character, and never right after a backslash (some clients misread a split escape)."""
    if line.isascii():  # one octet a character: cut every 74 (a continuation adds a space)
        parts, start = [], 0
        while len(line) - start > 74:
            end = start + 74
            if line[end - 1] in "\\^":
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, size = [carried], len(carried.encode())
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _local(moment) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def offering_events(
    offering, *, for_participant=False, url="", module=None, stamp=None, labels=None
) -> list[str]:
    """One VEVENT per session, as content lines. Venue and access details only for confirmed
    participants. The title is that of ``module``, the offering's module in the reader's
    language (looked up if not given).

    Written directly rather than through ``icalendar.Event``: a feed holds up to
    ``FEED_LIMIT`` offerings, and the library's objects, time-zone lookups and folding cost a
    third of a second for them. The lines are what ``icalendar`` writes, byte for byte
    (properties in its canonical order; tests/courses/test_calendar_writer.py). ``labels``
    keeps the format names across the offerings of a feed.
    """
    title = (module or offering.module.localized).title
    if offering.title_suffix:
        title = f"{title} – {offering.title_suffix}"
    labels = {} if labels is None else labels
    if offering.format not in labels:
        labels[offering.format] = offering.get_format_display()
    stamp = (stamp or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    status = "CANCELLED" if offering.is_cancelled else "CONFIRMED"
    location = offering.region.label
    description = [labels[offering.format]]
    if for_participant:
        if offering.venue:
            location = offering.venue.replace("\n", ", ")
        if offering.online_access:
            description.append(_("Online access: %s") % offering.online_access)
    if url:
        description.append(url)
    tail = [f"DESCRIPTION:{_text(chr(10).join(description))}", f"LOCATION:{_text(location)}"]
    tail.append(f"STATUS:{status}")
    if url:
        tail.append(f"URL:{url}")
    tail = [_fold(line) for line in tail]
    host = _text(_host())
    sessions = offering.ordered_sessions
    lines = []
    for number, session in enumerate(sessions, start=1):
        summary = title if len(sessions) == 1 else f"{title} ({number}/{len(sessions)})"
        zone = session.starts_at.tzinfo.key
        lines += [
            "BEGIN:VEVENT",
            _fold(f"SUMMARY:{_text(summary)}"),
            f"DTSTART;TZID={zone}:{_local(session.starts_at)}",
            f"DTEND;TZID={zone}:{_local(session.ends_at)}",
            f"DTSTAMP:{stamp}",
            _fold(f"UID:offering-{offering.pk}-session-{session.pk}@{host}"),
            *tail,
            "END:VEVENT",
        ]
    return lines


@functools.cache
def _vtimezone(zone: str) -> str:
    """The VTIMEZONE of ``zone`` as ``add_missing_timezones`` and ``_one_date_per_rdate`` make
    it; the same for every file (it covers 1970 to 2038), so made once per process."""
    calendar = Calendar()
    event = Event()
    event.add("dtstart", datetime.datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(zone)))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    _one_date_per_rdate(calendar)
    return "".join(part.to_ical().decode() for part in calendar.walk("VTIMEZONE"))


def _file(name: str, events: list[str]) -> bytes:
    """The calendar ``name`` with ``events`` (content lines) and, when there are any, the
    VTIMEZONE their times refer to (RFC 5545 requires it; see ``to_ical``)."""
    head = new_calendar(name).to_ical().decode()
    head = head[: head.rindex("END:VCALENDAR")]
    zone = _vtimezone(BERLIN.key) if events else ""
    body = "\r\n".join(events) + "\r\n" if events else ""
    return (head + zone + body + "END:VCALENDAR\r\n").encode()


def to_ical(calendar: Calendar) -> bytes:
    """The file, with a VTIMEZONE for every TZID its events use.

    RFC 5545 requires one; without it ical.js (Thunderbird, many web calendars) reads the times
    as floating and shows them an hour off in winter or summer.
    """
    calendar.add_missing_timezones()
    _one_date_per_rdate(calendar)
    return calendar.to_ical()


def _one_date_per_rdate(calendar: Calendar) -> None:
    """Write each transition of a VTIMEZONE as an RDATE of its own.

    ``add_missing_timezones`` lists all transitions in one RDATE property, which RFC 5545
    allows, but ical.js reads only the first value of each RDATE: every summer after 1981
    would be an hour off. One value per property means the same and every parser reads it
    (tests/browser/test_calendar_parsers.py).
    """
    for zone in calendar.walk("VTIMEZONE"):
        for part in zone.subcomponents:
            rdates = part.get("RDATE")
            if rdates is None:
                continue
            moments = [
                value.dt
                for values in (rdates if isinstance(rdates, list) else [rdates])
                for value in values.dts
            ]
            del part["RDATE"]
            for moment in moments:
                part.add("RDATE", moment)


def offering_ics(offering, *, for_participant=False, url="", module=None) -> bytes:
    """One offering's file; ``module`` is its module page in the reader's language (looked up
    if not given)."""
    module = module or offering.module.localized
    events = offering_events(offering, for_participant=for_participant, url=url, module=module)
    return _file(module.title, events)


def feed_ics(offerings, name: str, url_for, *, for_participant=False) -> bytes:
    """``url_for(module_page)`` gives each event's link; the page is the offering's module in
    the active language (``localized_modules``). Venue and access details with
    ``for_participant`` (the personal feed)."""
    offerings = list(offerings)
    modules = localized_modules(offerings)
    urls = {}  # by module page: a module's offerings share its link, and each lookup costs
    stamp, labels = timezone.now(), {}
    events = []
    for offering in offerings:
        module = modules[offering.pk]
        if module.pk not in urls:
            urls[module.pk] = url_for(module)
        events += offering_events(
            offering,
            for_participant=for_participant,
            url=urls[module.pk],
            module=module,
            stamp=stamp,
            labels=labels,
        )
    return _file(name, events)
