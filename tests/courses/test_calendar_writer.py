"""The calendar files are written line by line (``courses.calendar``), not through
``icalendar.Event``: a feed of 500 offerings took a third of a second in the library. What is
written must stay what the library writes, byte for byte, so every client that read the files
before reads them now: the reference here builds the same events with ``icalendar`` as the
portal did before, and the two files are compared whole.
"""

import datetime

import icalendar
import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import calendar
from courses.models import Offering
from tests.courses.factories import OfferingFactory, in_days
from tests.courses.past_offerings import FOUR, NINE

pytestmark = pytest.mark.django_db

STAMP = datetime.datetime(2026, 11, 30, 4, 41, 53, tzinfo=datetime.UTC)


def _reference(offerings, name, url, *, for_participant) -> bytes:
    """The file as ``icalendar`` writes it (the former ``add_offering`` and ``to_ical``)."""
    file = calendar.new_calendar(name)
    for offering in offerings:
        title = offering.module.title
        if offering.title_suffix:
            title = f"{title} – {offering.title_suffix}"
        sessions = offering.ordered_sessions
        for number, session in enumerate(sessions, start=1):
            event = icalendar.Event()
            event.add("uid", f"offering-{offering.pk}-session-{session.pk}@{calendar._host()}")
            summary = title if len(sessions) == 1 else f"{title} ({number}/{len(sessions)})"
            event.add("summary", summary)
            event.add("dtstart", session.starts_at)
            event.add("dtend", session.ends_at)
            event.add("dtstamp", STAMP)
            event.add("status", "CANCELLED" if offering.is_cancelled else "CONFIRMED")
            location = offering.region.label
            description = [offering.get_format_display()]
            if for_participant:
                if offering.venue:
                    location = offering.venue.replace("\n", ", ")
                if offering.online_access:
                    description.append(_("Online access: %s") % offering.online_access)
            event.add("location", location)
            event.add("url", url)
            description.append(url)
            event.add("description", "\n".join(description))
            file.add_component(event)
    return calendar.to_ical(file)


def _written(offerings, name, url, *, for_participant) -> bytes:
    events = []
    for offering in offerings:
        events += calendar.offering_events(
            offering,
            for_participant=for_participant,
            url=url,
            module=offering.module,
            stamp=STAMP,
        )
    return calendar._file(name, events)


@pytest.fixture
def offerings(db):
    return [
        OfferingFactory(
            module__title="Übergangsmanagement, Haft; Entlassung \\ Nachsorge – ein sehr langer "
            "Titel, der über die Zeilengrenze von fünfundsiebzig Oktetten hinausgeht",
            title_suffix="Grundlagen",
            venue="Justizvollzugsanstalt Halle\nAm Kirchtor 20, 06108 Halle (Saale)",
            online_access="https://meet.example.org/raum-42?pin=1234;x=1,2",
            sessions=[(in_days(10), NINE, FOUR), (in_days(11), NINE, datetime.time(15))],
        ),
        OfferingFactory(
            module__title="Deeskalation",
            status=Offering.Status.CANCELLED,
            sessions=[(in_days(40), datetime.time(10, 30), FOUR)],
        ),
    ]


@pytest.mark.parametrize("for_participant", [False, True])
def test_the_written_file_is_what_icalendar_writes(offerings, for_participant):
    url = (
        "https://portal.example.org/fortbildungen/uebergangsmanagement-haft-entlassung-nachsorge/"
    )
    expected = _reference(offerings, "Meine Fortbildungen", url, for_participant=for_participant)
    written = _written(offerings, "Meine Fortbildungen", url, for_participant=for_participant)
    assert written == expected
    assert written.count(b"BEGIN:VEVENT") == 3
    assert written.count(b"BEGIN:VTIMEZONE") == 1


def test_a_file_without_events_has_no_time_zone():
    written = calendar._file("Leer", [])
    assert written == calendar.to_ical(calendar.new_calendar("Leer"))
    assert b"VTIMEZONE" not in written


def test_folding_never_splits_a_character_or_an_escape():
    lines = ["A" * 200, "Ä" * 100, "ab€" * 60, "x" * 74, "x" * 75, "x" * 148, "x" * 149]
    lines += ["x" * n + "\\n" + "y" * 160 for n in (72, 73, 74, 146, 147)]
    lines += ["x" * 73 + "^" + "y" * 80, "Ü" * 20 + "x" * 33 + "\\," + "y" * 80]
    for line in lines:
        folded = calendar._fold(line)
        assert folded.replace("\r\n ", "") == line
        for part in folded.split("\r\n "):
            assert len(part.encode()) <= 75
        assert folded == icalendar.parser.string._foldline(line)


def test_the_feed_has_one_stamp_for_all_events(offerings):
    before = timezone.now().replace(microsecond=0)
    content = calendar.feed_ics(offerings, "Feed", lambda module: "https://example.org/")
    stamps = {line for line in content.split(b"\r\n") if line.startswith(b"DTSTAMP:")}
    assert len(stamps) == 1
    stamp = datetime.datetime.strptime(stamps.pop().decode()[8:], "%Y%m%dT%H%M%SZ")
    assert stamp.replace(tzinfo=datetime.UTC) >= before
