"""iCalendar files: one event per session, for a single offering or a feed of many."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Qualifizierungsportal Straffälligenhilfe//DE"


def _host() -> str:
    return settings.WAGTAILADMIN_BASE_URL.split("://")[-1].split("/")[0].split(":")[0]


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def add_offering(calendar: Calendar, offering, *, for_participant=False, url="") -> None:
    """Add one VEVENT per session. Venue and access details only for confirmed participants."""
    title = offering.module.title
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
    return calendar.to_ical()


def offering_ics(offering, *, for_participant=False, url="") -> bytes:
    calendar = new_calendar(offering.module.title)
    add_offering(calendar, offering, for_participant=for_participant, url=url)
    return to_ical(calendar)


def feed_ics(offerings, name: str, url_for) -> bytes:
    calendar = new_calendar(name)
    for offering in offerings:
        add_offering(calendar, offering, url=url_for(offering))
    return to_ical(calendar)
