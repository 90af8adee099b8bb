"""The calendar files at scale: a fixed number of queries however many offerings a feed holds,
and conditional GET (ETag, Last-Modified, 304) with validators that change with the content.

The three files: the public feed (``/termine/kalender.ics``, the catalogue's filters), the
personal feed by secret address (``/kalender/<token>.ics``) and one offering's file
(``/termine/<pk>/kalender.ics``). Counts only, never times.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from wagtail.models import Locale

from courses import calendar_validators, services
from courses.models import Enrollment, Offering, Session
from courses.services import calendar_feed
from tests.courses.factories import OfferingFactory, default_catalog, in_days
from tests.courses.past_offerings import FOUR, NINE
from tests.factories import CoordinatorFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/termine/kalender.ics"
PUBLIC_EN = "/en/termine/kalender.ics"
GOAL = 10  # R8: at most ten queries, at any number of offerings


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response, len(captured)


def _queries(client, url) -> int:
    response, count = _get(client, url)
    assert response.status_code == 200
    return count


def _translate_to_english(offerings) -> None:
    """Every second module gets a live English translation (the feed's localized titles)."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    catalog = default_catalog()
    if not catalog.has_translation(english):
        catalog.copy_for_translation(english).save_revision().publish()
    for offering in offerings[::2]:
        page = offering.module.copy_for_translation(english)
        page.title = f"English {offering.module.title}"
        page.save_revision().publish()


def _offerings(count) -> list[Offering]:
    offerings = [
        OfferingFactory(sessions=[(in_days(10 + n), NINE, FOUR), (in_days(11 + n), NINE, FOUR)])
        for n in range(count)
    ]
    _translate_to_english(offerings)
    return offerings


def _person_with(count) -> tuple:
    person = ProfessionalFactory()
    for offering in _offerings(count):
        services.enroll(offering, person)
    return person, calendar_feed.create_feed_token(person)


def _feed(token) -> str:
    return f"/kalender/{token.token}.ics"  # not reverse(): a request may have left "en" active


# Constant queries --------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PUBLIC, PUBLIC_EN, PUBLIC + "?format=in_person"])
def test_the_public_feed_runs_the_same_few_queries_for_2_and_20_offerings(client, url):
    _offerings(2)
    _queries(client, url)  # warm the caches (site root paths)
    few = _queries(client, url)
    _offerings(18)
    _queries(client, url)  # the new rows bumped the content version: warm again
    many_response, many = _get(client, url)
    assert many_response.status_code == 200
    assert many_response.content.count(b"BEGIN:VEVENT") == 40  # 20 offerings, 2 sessions each
    assert many == few
    assert many <= GOAL


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_personal_feed_runs_the_same_few_queries_for_2_and_20_enrolments(client, prefix):
    _few_person, few_token = _person_with(2)
    _many_person, many_token = _person_with(20)
    _queries(client, prefix + _feed(few_token))  # warm the caches, record the use
    _queries(client, prefix + _feed(many_token))
    few = _queries(client, prefix + _feed(few_token))
    response, many = _get(client, prefix + _feed(many_token))
    assert response.content.count(b"BEGIN:VEVENT") == 40
    assert many == few
    assert many <= GOAL


def test_one_offerings_file_runs_a_few_queries(client):
    offering = _offerings(1)[0]
    url = f"/termine/{offering.pk}/kalender.ics"
    _queries(client, url)
    assert _queries(client, url) <= GOAL


# Conditional GET ---------------------------------------------------------------------------


def _validators(response) -> tuple[str, str]:
    assert response.status_code == 200
    return response["ETag"], response["Last-Modified"]


@pytest.fixture
def feeds(db):
    """The three files of one person with one enrolment, as URLs."""
    person, token = _person_with(1)
    offering = person.enrollments.get().offering
    return {
        "public": PUBLIC,
        "personal": _feed(token),
        "offering": f"/termine/{offering.pk}/kalender.ics",
    }


@pytest.mark.parametrize("name", ["public", "personal", "offering"])
def test_a_matching_etag_gets_304_without_the_file(client, feeds, name):
    etag, last_modified = _validators(client.get(feeds[name]))
    assert etag.startswith('W/"')
    response, count = _get(client, feeds[name], if_none_match=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Last-Modified"] == last_modified
    assert count <= 3  # the token (personal feed) and the validator's one aggregate


@pytest.mark.parametrize("name", ["public", "personal", "offering"])
def test_if_modified_since_gets_304_while_nothing_changed(client, feeds, name):
    _etag, last_modified = _validators(client.get(feeds[name]))
    assert client.get(feeds[name], headers={"if_modified_since": last_modified}).status_code == 304
    earlier = http_date(timezone.now().timestamp() - 3 * 86400)
    assert client.get(feeds[name], headers={"if_modified_since": earlier}).status_code == 200


@pytest.mark.parametrize("name", ["public", "personal", "offering"])
def test_another_etag_gets_the_file(client, feeds, name):
    response = client.get(feeds[name], headers={"if_none_match": 'W/"something-else"'})
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content


def test_the_personal_feed_stays_private_on_304(client, feeds):
    etag, _ = _validators(client.get(feeds["personal"]))
    response = client.get(feeds["personal"], headers={"if_none_match": etag})
    assert response.status_code == 304
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_public_files_ask_caches_to_revalidate(client, feeds):
    for name in ("public", "offering"):
        directives = client.get(feeds[name])["Cache-Control"].split(",")
        assert "no-cache" in {part.strip() for part in directives}


def _changed(client, url, change) -> bool:
    """Whether the ETag after ``change()`` differs, and the old one now gets the file."""
    etag, _ = _validators(client.get(url))
    change()
    response = client.get(url, headers={"if_none_match": etag})
    return response.status_code == 200 and response["ETag"] != etag


def _enrollment(feeds):
    return Enrollment.objects.get(offering__pk=int(feeds["offering"].split("/")[2]))


@pytest.mark.parametrize("name", ["public", "personal", "offering"])
def test_the_etag_changes_with_the_offering(client, feeds, name):
    offering = _enrollment(feeds).offering

    def change():
        offering.venue = "Neuer Ort, 06108 Halle (Saale)"
        offering.save()

    assert _changed(client, feeds[name], change)


@pytest.mark.parametrize("name", ["public", "personal", "offering"])
def test_the_etag_changes_with_a_session(client, feeds, name):
    session = Session.objects.get(offering=_enrollment(feeds).offering, date=in_days(10))

    def change():
        session.start_time = datetime.time(10)
        session.save()

    assert _changed(client, feeds[name], change)


def test_the_personal_etag_changes_with_an_enrolment(client, feeds):
    enrollment = _enrollment(feeds)
    assert _changed(
        client, feeds["personal"], lambda: services.cancel(enrollment, by=enrollment.user)
    )
    other = OfferingFactory()
    assert _changed(client, feeds["personal"], lambda: services.enroll(other, enrollment.user))


def test_the_personal_etag_changes_with_the_rows_even_without_a_signal(client, feeds):
    """A bulk update sends no signal (no content-version bump): the rows' aggregate sees it."""
    enrollment = _enrollment(feeds)

    def change():
        Enrollment.objects.filter(pk=enrollment.pk).update(
            status=Enrollment.Status.CANCELLED, cancelled_at=timezone.now()
        )

    assert _changed(client, feeds["personal"], change)


def test_the_public_etag_changes_with_the_offerings_even_without_a_signal(client, feeds):
    def change():
        Offering.objects.update(status=Offering.Status.CANCELLED, updated_at=timezone.now())

    assert _changed(client, feeds["public"], change)


def test_the_etag_changes_when_the_offering_is_cancelled(client, feeds):
    offering = _enrollment(feeds).offering
    cancel = lambda: services.cancel_offering(offering, by=CoordinatorFactory(), reason="Krank")  # noqa: E731
    assert _changed(client, feeds["personal"], cancel)


def test_the_validators_change_with_the_day_and_the_language(feeds):
    person = _enrollment(feeds).user
    today = timezone.now()
    tomorrow = today + datetime.timedelta(days=1)
    first = calendar_validators.personal_feed(person, now=today)
    second = calendar_validators.personal_feed(person, now=tomorrow)
    assert first.etag != second.etag
    assert second.last_modified > first.last_modified  # at least tomorrow's midnight
    from django.utils import translation

    with translation.override("en"):
        assert calendar_validators.personal_feed(person, now=today).etag != first.etag
