"""iCalendar files: one event per session, for a single offering or a feed of many."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

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
    translations = {
        page.translation_key: page
        for page in ModulePage.objects.live().filter(
            translation_key__in=keys, locale__language_code=get_language()
        )
    }
    return {
        offering.pk: translations.get(offering.module.translation_key, offering.module)
        for offering in offerings
    }


def add_offering(
    calendar: Calendar, offering, *, for_participant=False, url="", module=None
) -> None:
    """Add one VEVENT per session. Venue and access details only for confirmed participants.
    The title is that of ``module``, the offering's module in the reader's language (looked up
    if not given)."""
    title = (module or offering.module.localized).title
    if offering.title_suffix:
        title = f"{title} – {offering.title_suffix}"
    sessions = offering.ordered_sessions
    for number, session in enumerate(sessions, start=1):
        event = Event()
        event.add("uid", f"offering-{offering.pk}-session-{session.pk}@{_host()}")
        summary = title if len(sessions) == 1 else f"{title} ({number}/{len(sessions)})"
        event.add("summary", summary)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("dtstamp", timezone.now())
        event.add("status", "CANCELLED" if offering.is_cancelled else "CONFIRMED")
        location = offering.region.label
        description = [offering.get_format_display()]
        if for_participant:
            if offering.venue:
                location = offering.venue.replace("\n", ", ")
            if offering.online_access:
                description.append(_("Online access: %s") % offering.online_access)
        event.add("location", location)
        if url:
            event.add("url", url)
            description.append(url)
        event.add("description", "\n".join(description))
        calendar.add_component(event)


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
    calendar = new_calendar(module.title)
    add_offering(calendar, offering, for_participant=for_participant, url=url, module=module)
    return to_ical(calendar)


def feed_ics(offerings, name: str, url_for) -> bytes:
    """``url_for(module_page)`` gives each event's link; the page is the offering's module in
    the active language (``localized_modules``), as in the personal feed."""
    calendar = new_calendar(name)
    offerings = list(offerings)
    modules = localized_modules(offerings)
    for offering in offerings:
        module = modules[offering.pk]
        add_offering(calendar, offering, url=url_for(module), module=module)
    return to_ical(calendar)
