"""The public iCalendar feed is built once per validator and then served from the cache.

Building it (one VEVENT per session of up to ``FEED_LIMIT`` offerings) is the expensive part;
the cache key is the feed's ETag (``courses.calendar_views.cached_file``), so every change that
changes the file changes the key. These tests show that a kept file is never served after an
offering, a session or a module title changed, and that the personal feed is never kept (it
is one person's). Counts only, never times.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import calendar_views
from courses.models import Session
from courses.services import calendar_feed
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.courses.past_offerings import FOUR, NINE
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/termine/kalender.ics"


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content, len(captured)


@pytest.fixture
def offering(db):
    return OfferingFactory(
        module__title="Deeskalation im Vollzug",
        title_suffix="Grundlagen",
        sessions=[(in_days(10), NINE, FOUR)],
    )


def test_the_second_request_gets_the_same_file_from_the_cache(client, offering):
    client.get(PUBLIC)  # warm the other caches (site root paths, content version)
    cache.delete_many(_file_keys())
    built, built_queries = _get(client, PUBLIC)
    kept, kept_queries = _get(client, PUBLIC)
    assert kept == built
    assert b"Deeskalation im Vollzug \xe2\x80\x93 Grundlagen" in kept
    assert kept_queries == 1  # the validator's aggregate only
    assert built_queries > kept_queries


def test_a_changed_offering_is_in_the_next_file(client, offering):
    assert b"Grundlagen" in _get(client, PUBLIC)[0]
    offering.title_suffix = "Vertiefung"
    offering.save()
    content = _get(client, PUBLIC)[0]
    assert b"Vertiefung" in content
    assert b"Grundlagen" not in content


def test_a_changed_session_is_in_the_next_file(client, offering):
    day = in_days(10).strftime("%Y%m%d")
    assert f"DTSTART;TZID=Europe/Berlin:{day}T090000".encode() in _get(client, PUBLIC)[0]
    session = Session.objects.get(offering=offering)
    session.start_time = datetime.time(10, 30)
    session.save()
    content = _get(client, PUBLIC)[0]
    assert f"DTSTART;TZID=Europe/Berlin:{day}T103000".encode() in content
    assert f"DTSTART;TZID=Europe/Berlin:{day}T090000".encode() not in content


def test_a_new_module_title_is_in_the_next_file(client, offering):
    assert b"Deeskalation im Vollzug" in _get(client, PUBLIC)[0]
    module = offering.module
    module.title = "Deeskalation und Sicherheit"
    module.save_revision().publish()
    content = _get(client, PUBLIC)[0]
    assert b"Deeskalation und Sicherheit" in content
    assert b"Deeskalation im Vollzug" not in content


def test_a_new_offering_is_in_the_next_file(client, offering):
    assert _get(client, PUBLIC)[0].count(b"BEGIN:VEVENT") == 1
    OfferingFactory(module__title="Motivierende Gesprächsführung")
    content = _get(client, PUBLIC)[0]
    assert content.count(b"BEGIN:VEVENT") == 2
    assert "Motivierende Gesprächsführung".encode() in content


def test_other_parameters_than_the_filters_are_not_kept(client, offering):
    client.get(PUBLIC)
    client.get(PUBLIC + "?nocache=1")  # warm the filter form's vocabulary
    kept = _file_keys()
    _first, first_queries = _get(client, PUBLIC + "?nocache=1")
    _second, second_queries = _get(client, PUBLIC + "?nocache=1")
    assert second_queries == first_queries > 1  # built again, not just validated
    assert _file_keys() == kept


def test_the_personal_feed_is_never_kept_nor_shared(client, offering):
    first, second = ProfessionalFactory(), ProfessionalFactory()
    EnrollmentFactory(offering=offering, user=first)
    EnrollmentFactory(offering=OfferingFactory(module__title="Nur für die Zweite"), user=second)
    tokens = [calendar_feed.create_feed_token(person) for person in (first, second)]
    cache.delete_many(_file_keys())
    contents = [_get(client, f"/kalender/{token.token}.ics")[0] for token in tokens]
    assert b"Deeskalation im Vollzug" in contents[0]
    assert b"Nur f\xc3\xbcr die Zweite" not in contents[0]
    assert b"Nur f\xc3\xbcr die Zweite" in contents[1]
    assert b"Deeskalation im Vollzug" not in contents[1]
    assert _file_keys() == []


def _file_keys() -> list[str]:
    """The kept calendar files in the test's local-memory cache."""
    prefix = "courses:calendar:file:"
    return [key.split(":", 2)[2] for key in cache._cache if prefix in key]


def test_the_file_cache_key_is_the_validator():
    built = []

    class Validator:
        etag = 'W/"abc"'

    first = calendar_views.cached_file(Validator, lambda: built.append(1) or b"file")
    second = calendar_views.cached_file(Validator, lambda: built.append(1) or b"other")
    assert first == second == b"file"
    assert built == [1]
