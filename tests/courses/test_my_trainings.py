"""'Meine Fortbildungen' and the dashboard panel: grouping, positions, constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import Enrollment
from tests.courses.factories import OfferingFactory, in_days
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def _enrol_in_many(person, count):
    for number in range(count):
        offering = OfferingFactory(capacity=1 if number % 2 else 5)
        if number % 2:
            services.enroll(offering, ProfessionalFactory())  # takes the only seat
        services.enroll(offering, person)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/mein-bereich/fortbildungen/", "/mein-bereich/"])
def test_query_count_does_not_grow_with_enrolments(client, url):
    few, many = ProfessionalFactory(), ProfessionalFactory()
    _enrol_in_many(few, 2)
    _enrol_in_many(many, 12)
    client.force_login(few)
    # Warm the caches: the first request creates the site settings, a content-version bump;
    # the second fills the caches of that version (site frame, regional demand).
    _queries(client, url)
    _queries(client, url)
    baseline = _queries(client, url)
    client.force_login(many)
    _queries(client, url)
    assert _queries(client, url) == baseline


def test_groups_and_waitlist_positions(client):
    person = ProfessionalFactory()
    confirmed = services.enroll(OfferingFactory(module__title="Modul Bestätigt"), person)
    full = OfferingFactory(module__title="Modul Voll", capacity=1)
    services.enroll(full, ProfessionalFactory())
    services.enroll(full, ProfessionalFactory())
    waiting = services.enroll(full, person)
    past = OfferingFactory(
        module__title="Modul Vergangen",
        sessions=[(in_days(-10), datetime.time(9), datetime.time(12))],
    )
    Enrollment.objects.create(offering=past, user=person, status=Enrollment.Status.CONFIRMED)
    client.force_login(person)

    html = client.get("/mein-bereich/fortbildungen/").content.decode()

    assert confirmed.status == Enrollment.Status.CONFIRMED
    assert waiting.status == Enrollment.Status.WAITLISTED
    upcoming, rest = html.split('id="waitlisted-heading"')
    assert "Modul Bestätigt" in upcoming
    waitlisted, past_part = rest.split('id="past-heading"')
    assert "Modul Voll" in waitlisted
    assert "Platz 2 auf der Warteliste" in waitlisted
    assert "Modul Vergangen" in past_part
