"""The calendar file (.ics) of one workshop talk, for the registration mail.

Built like the offerings' files (``courses.calendar``: one calendar, VTIMEZONE for every TZID
through ``to_ical``), so clients that need the time zone (ical.js, Thunderbird) read the
right local time.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from courses.calendar import new_calendar, to_ical
from portal.mail import base_url


def workshop_event(workshop, *, for_participant=False, url="") -> Event:
    """One VEVENT for the talk. Venue and online access only for registered people."""
    event = Event()
    host = urlsplit(base_url()).hostname or "localhost"
    event.add("uid", f"workshop-{workshop.pk}@{host}")
    event.add("summary", workshop.title)
    # Local times: the file names the portal's zone (Europe/Berlin) with its VTIMEZONE.
    event.add("dtstart", timezone.localtime(workshop.starts_at))
    event.add("dtend", timezone.localtime(workshop.ends_at))
    event.add("dtstamp", timezone.now())
    cancelled = workshop.status == workshop.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    location = workshop.region.label
    description = [workshop.get_format_display()]
    if for_participant:
        if workshop.venue and not workshop.is_online:
            location = workshop.venue.replace("\n", ", ")
        if workshop.online_access and workshop.format != workshop.Format.IN_PERSON:
            description.append(_("Online access: %s") % workshop.online_access)
    event.add("location", location)
    if url:
        event.add("url", url)
        description.append(url)
    event.add("description", "\n".join(description))
    return event


def workshop_ics(workshop, *, for_participant=False, url="") -> bytes:
    calendar = new_calendar(workshop.title)
    calendar.add_component(workshop_event(workshop, for_participant=for_participant, url=url))
    return to_ical(calendar)
