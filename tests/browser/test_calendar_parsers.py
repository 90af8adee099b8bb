"""The .ics files read by a second, independent parser: ical.js, the parser of Thunderbird and
many web calendars, running in Chromium.

RFC 5545 requires a VTIMEZONE for every TZID an event uses. Without one ical.js cannot resolve
``TZID=Europe/Berlin`` and reads the times as floating, i.e. as UTC when converted: an hour off
in winter, two in summer. So the check is that every event's start, converted to UTC by
ical.js, is the session's start in UTC, for a winter and a summer session, in an offering's
download and in the personal feed.

ical.js is vendored under tests/browser/vendor/icaljs/ (an ES module, see its README); the page
that imports it is served by Playwright's routing, not by the site, and nothing goes to the
network.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.courses.factories import EnrollmentFactory, OfferingFactory
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ICAL_JS = Path(__file__).parent / "vendor" / "icaljs" / "ical.js"
ORIGIN = "http://icaljs.test"
HARNESS = """<!doctype html><html lang="en"><head><title>ical.js</title>
<script type="module">import ICAL from "/ical.js"; window.ICAL = ICAL;</script>
</head><body></body></html>"""

# Each VEVENT's summary, the time zone ical.js resolved and its start in UTC.
READ_EVENTS = """(text) => {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      summary: event.summary,
      zone: event.startDate.zone ? event.startDate.zone.tzid : null,
      utc: event.startDate.convertToZone(ICAL.Timezone.utcTimezone).toString(),
    };
  });
}"""

WINTER = (datetime.date(2027, 1, 14), datetime.time(9), datetime.time(16))
SUMMER = (datetime.date(2027, 7, 15), datetime.time(9), datetime.time(16))


@pytest.fixture
def ical_js(page):
    """``read(text)``: the events of an iCalendar text as ical.js sees them."""
    source = ICAL_JS.read_text(encoding="utf-8")

    def serve(route):
        if route.request.url == f"{ORIGIN}/ical.js":
            route.fulfill(body=source, content_type="text/javascript; charset=utf-8")
        else:
            route.fulfill(body=HARNESS, content_type="text/html; charset=utf-8")

    parser = page.context.new_page()
    parser.route(f"{ORIGIN}/**", serve)
    parser.goto(f"{ORIGIN}/")
    parser.wait_for_function("() => window.ICAL !== undefined")

    def read(text):
        return parser.evaluate(READ_EVENTS, text)

    return read


@pytest.fixture
def offering(transactional_db):
    return OfferingFactory(module__title="Übergangsmanagement", sessions=[WINTER, SUMMER])


def utc(session) -> str:
    """The session's start in UTC, as ical.js writes a UTC time."""
    return session.starts_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expected(offering) -> list[dict]:
    return [
        {
            "summary": f"Übergangsmanagement ({number}/2)",
            "zone": "Europe/Berlin",
            "utc": utc(session),
        }
        for number, session in enumerate(offering.ordered_sessions, start=1)
    ]


def test_ical_js_reads_an_offerings_times_in_berlin_time(page, ical_js, offering):
    response = page.request.get(f"/termine/{offering.pk}/kalender.ics")
    assert response.status == 200
    events = ical_js(response.text())
    assert events[0]["utc"] == "2027-01-14T08:00:00Z"  # 9:00 CET
    assert events == expected(offering)  # 9:00 CEST is 7:00 UTC


def test_ical_js_reads_the_personal_feed_in_berlin_time(
    page, ical_js, offering, login, assert_accessible
):
    """The person creates the address in "My trainings" and subscribes to it."""
    EnrollmentFactory(offering=offering, user=ProfessionalFactory(email="fenja@example.org"))
    login("fenja@example.org")
    page.goto("/mein-bereich/fortbildungen/")
    assert_accessible(page)
    page.locator("#calendar-feed button[value=create]").click()
    page.wait_for_load_state()
    address = page.locator("#calendar-feed-url").input_value()
    assert_accessible(page)

    response = page.request.get(urlsplit(address).path)  # the live server, not PORTAL_BASE_URL
    assert response.status == 200
    assert "no-store" in response.headers["cache-control"]
    events = ical_js(response.text())
    assert events[0]["utc"] == "2027-01-14T08:00:00Z"
    assert events == expected(offering)

    page.locator("#calendar-feed button[value=renew]").click()
    page.wait_for_load_state()
    assert page.locator("#calendar-feed-url").input_value() != address
    assert page.request.get(urlsplit(address).path).status == 404
