"""The personal calendar feed: a secret, revocable address with the person's trainings.

The feed is fetched by calendar clients without a login, so the token is the only key: unknown,
renewed and revoked tokens are not found, the response is never stored by a cache, and the feed
holds exactly the person's confirmed (or cancelled-by-the-coordination) trainings.
"""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import CalendarFeedToken, Enrollment, Offering
from courses.services import calendar_feed
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.courses.past_offerings import FOUR, NINE
from tests.factories import CoordinatorFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db

MANAGE = "/mein-bereich/fortbildungen/kalender-abo/"
MY_TRAININGS = "/mein-bereich/fortbildungen/"


def feed_url(token) -> str:
    return reverse("courses:calendar_feed", args=[token.token])


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def person(db):
    return ProfessionalFactory()


@pytest.fixture
def token(person):
    return calendar_feed.create_feed_token(person)


def enrol(person, title, **offering_fields):
    offering = OfferingFactory(module__title=title, **offering_fields)
    return EnrollmentFactory(offering=offering, user=person)


# The address ---------------------------------------------------------------------------------


def test_a_token_is_long_random_and_unique(person):
    other = ProfessionalFactory()
    first, second = (calendar_feed.create_feed_token(p).token for p in (person, other))
    assert len(first) == len(second) == 43  # secrets.token_urlsafe(32)
    assert first != second


def test_unknown_tokens_are_not_found(client, token):
    assert client.get("/kalender/unbekannt.ics").status_code == 404
    assert client.get(f"/kalender/{token.token[:-1]}.ics").status_code == 404
    assert client.get(f"/kalender/{'x' * 200}.ics").status_code == 404
    assert client.get(feed_url(token)).status_code == 200


def test_renewing_invalidates_the_old_address(client, person, token):
    old = feed_url(token)
    renewed = calendar_feed.renew_feed_token(person)
    assert renewed.pk == token.pk
    assert renewed.token != token.token
    assert client.get(old).status_code == 404
    assert client.get(feed_url(renewed)).status_code == 200


def test_a_revoked_address_is_not_found(client, person, token):
    assert calendar_feed.revoke_feed_token(person) is True
    assert client.get(feed_url(token)).status_code == 404
    assert calendar_feed.revoke_feed_token(person) is False


def test_a_deactivated_account_has_no_feed(client, person, token):
    person.is_active = False
    person.save()
    assert client.get(feed_url(token)).status_code == 404


def test_the_token_goes_with_the_account(person, token):
    person.delete()
    assert not CalendarFeedToken.objects.filter(token=token.token).exists()


def test_creating_twice_keeps_the_first_address(person, token):
    assert calendar_feed.create_feed_token(person).token == token.token
    assert CalendarFeedToken.objects.filter(user=person).count() == 1


def test_the_use_is_recorded_at_most_hourly(person, token):
    now = timezone.now()
    assert calendar_feed.user_for_token(token.token, now=now) == person
    token.refresh_from_db()
    assert token.last_used_at == now
    calendar_feed.user_for_token(token.token, now=now + datetime.timedelta(minutes=59))
    token.refresh_from_db()
    assert token.last_used_at == now
    later = now + datetime.timedelta(hours=1)
    calendar_feed.user_for_token(token.token, now=later)
    token.refresh_from_db()
    assert token.last_used_at == later


# The feed ------------------------------------------------------------------------------------


def test_the_feed_is_private_and_never_stored(client, token):
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_feed_shows_venue_and_online_access_of_confirmed_trainings(client, person, token):
    enrol(
        person,
        "Probe: Gesprächsführung",
        format=Offering.Format.HYBRID,
        online_access="https://meet.example.org/raum-42",
    )
    response = client.get(feed_url(token))
    event = events(response)["Probe: Gesprächsführung"]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Bildungszentrum, Breiter Weg 1, 39104 Magdeburg"
    assert "https://meet.example.org/raum-42" in str(event["DESCRIPTION"])
    assert str(event["URL"]).startswith(settings.PORTAL_BASE_URL)
    # RFC 5545: every TZID used is defined by a VTIMEZONE (ical.js reads times as floating
    # without it).
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_each_time_zone_transition_is_an_rdate_of_its_own(client, person, token):
    """ical.js reads only the first value of an RDATE: a list of transitions in one RDATE
    puts every summer an hour off there (tests/browser/test_calendar_parsers.py)."""
    enrol(person, "Sommertermin", sessions=[(datetime.date(2027, 7, 15), NINE, FOUR)])
    text = client.get(feed_url(token)).content.decode().replace("\r\n ", "")
    rdates = [line for line in text.splitlines() if line.startswith("RDATE")]
    assert len(rdates) > 100  # 1981-2037, spring and autumn
    assert [line for line in rdates if "," in line] == []
    zone = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0].to_tz()
    summer = datetime.datetime(2027, 7, 15, 9, tzinfo=zone)
    assert summer.utcoffset() == datetime.timedelta(hours=2)


def test_the_feed_holds_only_the_persons_trainings_that_will_or_did_take_place(
    client, person, token
):
    enrol(person, "Bestätigt")
    enrol(person, "Gestern", sessions=[(in_days(-1), NINE, FOUR)])
    enrol(person, "Vor 80 Tagen", sessions=[(in_days(-80), NINE, FOUR)])
    enrol(person, "Vor 100 Tagen", sessions=[(in_days(-100), NINE, FOUR)])
    EnrollmentFactory(
        offering=OfferingFactory(module__title="Warteliste"),
        user=person,
        status=Enrollment.Status.WAITLISTED,
        confirmed_at=None,
    )
    EnrollmentFactory(
        offering=OfferingFactory(module__title="Angefragt"),
        user=person,
        status=Enrollment.Status.REQUESTED,
        confirmed_at=None,
    )
    enrol(person, "Geplant", status=Offering.Status.PLANNED)
    services.cancel(enrol(person, "Selbst abgesagt"), by=person)
    EnrollmentFactory(offering=OfferingFactory(module__title="Jemand anderes"))

    assert sorted(events(client.get(feed_url(token)))) == [
        "Bestätigt",
        "Gestern",
        "Vor 80 Tagen",
    ]


def test_an_offering_cancelled_by_the_coordination_stays_as_cancelled(client, person, token):
    enrollment = enrol(person, "Abgesagter Termin")
    services.cancel_offering(enrollment.offering, by=CoordinatorFactory(), reason="Krankheit")
    # The person had cancelled before the offering was: that one is simply gone.
    own = enrol(person, "Vorher selbst abgesagt")
    services.cancel(own, by=person)
    services.cancel_offering(own.offering, by=CoordinatorFactory(), reason="Krankheit")

    found = events(client.get(feed_url(token)))
    assert sorted(found) == ["Abgesagter Termin"]
    assert str(found["Abgesagter Termin"]["STATUS"]) == "CANCELLED"


def test_multi_day_offerings_give_one_event_per_session(client, person, token):
    enrol(
        person,
        "Zweitägig",
        sessions=[(in_days(10), NINE, FOUR), (in_days(11), NINE, FOUR)],
    )
    assert sorted(events(client.get(feed_url(token)))) == ["Zweitägig (1/2)", "Zweitägig (2/2)"]


def _feed_queries(client, token) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(feed_url(token))
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_enrolments(client):
    one, five = ProfessionalFactory(), ProfessionalFactory()
    enrol(one, "Einzeln")
    for number in range(5):
        enrol(five, f"Fünf {number}", sessions=[(in_days(number + 1), NINE, FOUR)] * 2)
    one_token, five_token = (calendar_feed.create_feed_token(p) for p in (one, five))
    _feed_queries(client, one_token)  # warm the caches (site, locales) and record the use
    _feed_queries(client, five_token)
    assert len(events(client.get(feed_url(five_token)))) == 10
    assert _feed_queries(client, one_token) == _feed_queries(client, five_token)


# The personal area ---------------------------------------------------------------------------


def test_my_trainings_offers_to_create_the_address(client, person):
    client.force_login(person)
    html = client.get(MY_TRAININGS).content.decode()
    assert 'id="calendar-feed-heading"' in html
    assert 'value="create"' in html
    assert "/kalender/" not in html


def test_creating_the_address_shows_it(client, person):
    client.force_login(person)
    response = client.post(MANAGE, {"action": "create"})
    assert response.status_code == 302
    assert response["Location"] == MY_TRAININGS + "#calendar-feed"
    token = CalendarFeedToken.objects.get(user=person)
    html = client.get(MY_TRAININGS).content.decode()
    address = settings.PORTAL_BASE_URL.rstrip("/") + feed_url(token)
    assert f'value="{address}" readonly' in html
    assert f'href="webcal://{address.split("://")[1]}"' in html
    assert 'value="renew"' in html and 'value="revoke"' in html


def test_renewing_from_the_personal_area_replaces_the_address(client, person, token):
    client.force_login(person)
    assert client.post(MANAGE, {"action": "renew"}).status_code == 302
    renewed = CalendarFeedToken.objects.get(user=person)
    assert renewed.token != token.token
    assert client.get(feed_url(token)).status_code == 404
    assert client.get(feed_url(renewed)).status_code == 200


def test_revoking_from_the_personal_area_deletes_the_address(client, person, token):
    client.force_login(person)
    assert client.post(MANAGE, {"action": "revoke"}).status_code == 302
    assert not CalendarFeedToken.objects.filter(user=person).exists()
    assert client.get(feed_url(token)).status_code == 404


def test_the_personal_area_acts_only_on_the_own_address(client, person, token):
    other = ProfessionalFactory()
    client.force_login(other)
    client.post(MANAGE, {"action": "revoke"})
    client.post(MANAGE, {"action": "renew"})
    token.refresh_from_db()
    assert client.get(feed_url(token)).status_code == 200


def test_managing_needs_a_post_a_known_action_and_a_login(client, person):
    assert client.post(MANAGE, {"action": "create"}).status_code == 302  # to the login
    assert not CalendarFeedToken.objects.exists()
    client.force_login(person)
    assert client.get(MANAGE).status_code == 405
    assert client.post(MANAGE, {"action": "steal"}).status_code == 400
    assert not CalendarFeedToken.objects.exists()
