"""Calendar files follow RFC 5545: every TZID an event uses is defined by a VTIMEZONE.

Without it ical.js (Thunderbird, many web calendars) reads the times as floating and shows them
an hour off; the times below are checked against the offset the VTIMEZONE gives.
"""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from courses.calendar import feed_ics, offering_ics
from tests.courses.factories import OfferingFactory

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def winter_and_summer():
    return OfferingFactory(
        sessions=[
            (datetime.date(2027, 1, 14), datetime.time(9), datetime.time(16)),
            (datetime.date(2027, 7, 15), datetime.time(9), datetime.time(16)),
        ]
    )


def timezones(content: bytes) -> dict[str, icalendar.Timezone]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}


def used_tzids(content: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(content)
    return {
        event[prop].params["TZID"]
        for event in calendar.walk("VEVENT")
        for prop in ("DTSTART", "DTEND")
        if "TZID" in event[prop].params
    }


def test_offering_file_defines_every_time_zone_it_uses(winter_and_summer):
    content = offering_ics(winter_and_summer)
    assert used_tzids(content) == {"Europe/Berlin"}
    assert set(timezones(content)) == {"Europe/Berlin"}
    # The definition gives CET in January and CEST in July (what a strict parser applies).
    zone = timezones(content)["Europe/Berlin"].to_tz()
    assert datetime.datetime(2027, 1, 14, 9, tzinfo=zone).utcoffset() == datetime.timedelta(
        hours=1
    )
    assert datetime.datetime(2027, 7, 15, 9, tzinfo=zone).utcoffset() == datetime.timedelta(
        hours=2
    )


def test_feed_defines_every_time_zone_it_uses(winter_and_summer):
    content = feed_ics([winter_and_summer], "Fortbildungen", lambda offering: "")
    assert set(timezones(content)) == used_tzids(content) == {"Europe/Berlin"}


def test_the_public_download_carries_the_time_zone(client, winter_and_summer):
    response = client.get(reverse("courses:offering_ics", args=[winter_and_summer.pk]))
    assert response.status_code == 200
    assert set(timezones(response.content)) == {"Europe/Berlin"}
