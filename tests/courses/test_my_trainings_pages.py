"""'Meine Fortbildungen' and the dashboard panel for a person with many enrolments.

Each group (upcoming, waiting list, requests, past, cancelled) is shown a page of ten at a time,
with page links in a labelled ``nav``. Nothing is lost:
every enrolment is on one of the pages. The queries do not grow with the enrolments, and the
dashboard loads only the three it shows. Counts only, never times.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses import overview, services
from courses.models import Enrollment
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.courses.past_offerings import FOUR, NINE, past_offering
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db

URL = "/mein-bereich/fortbildungen/"
# The new words are checked in English, their msgids: the German comes with the lead's merge
# of the translations into locale/ (po/h3.json).
URL_EN = "/en/mein-bereich/fortbildungen/"
DASHBOARD = "/mein-bereich/"
ENROLMENT_IDS = re.compile(r'<article class="panel enrollment" aria-labelledby="enrollment-(\d+)"')


def _fill(person, *, upcoming=0, past=0, cancelled=0, waitlisted=0, requested=0) -> dict:
    """Enrolments of each kind; returns their pks by group."""
    made = {name: [] for name in overview.GROUPS}
    for number in range(upcoming):
        offering = OfferingFactory(sessions=[(in_days(5 + number), NINE, FOUR)])
        made["upcoming"].append(services.enroll(offering, person).pk)
    for number in range(past):
        offering = past_offering(days=1 + number % 2)
        made["past"].append(EnrollmentFactory(offering=offering, user=person).pk)
    for _number in range(cancelled):
        enrollment = services.enroll(OfferingFactory(), person)
        made["cancelled"].append(services.cancel(enrollment, by=person).pk)
    for _number in range(waitlisted):
        full = OfferingFactory(capacity=1)
        services.enroll(full, ProfessionalFactory())
        made["waitlisted"].append(services.enroll(full, person).pk)
    for _number in range(requested):
        offering = OfferingFactory(requires_approval=True)
        made["requested"].append(services.enroll(offering, person).pk)
    return made


def _html(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _section(html, name) -> str:
    """The part of the page from the group's heading to the next heading of level 2."""
    start = html.index(f'id="{name}-heading"')
    end = html.find("<h2", start)
    return html[start : end if end != -1 else len(html)]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _warm(client, url) -> None:
    """The very first request creates the site settings (a content-version bump); the second
    fills the caches of that version."""
    _queries(client, url)
    _queries(client, url)


@pytest.fixture
def many(db):
    person = ProfessionalFactory()
    return person, _fill(person, upcoming=3, past=45, cancelled=22, waitlisted=2, requested=1)


def test_each_group_comes_ten_per_page(client, many):
    person, made = many
    client.force_login(person)
    html = _html(client)
    shown = [int(pk) for pk in ENROLMENT_IDS.findall(html)]
    assert overview.PER_PAGE == 10
    assert len(shown) == 3 + 2 + 1 + 10 + 10
    for name in ("upcoming", "waitlisted", "requested"):
        assert set(made[name]) <= set(shown)
    assert len(ENROLMENT_IDS.findall(_section(html, "past"))) == 10
    assert len(ENROLMENT_IDS.findall(_section(html, "cancelled"))) == 10
    assert 'Vergangen <span class="muted">(45)</span>' in html
    english = _html(client, URL_EN)
    assert "Entries 1 to 10 of 45" in english
    assert "Entries 1 to 3" not in english  # the upcoming ones fit on one page


def test_every_enrolment_is_on_one_of_the_pages(client, many):
    person, made = many
    client.force_login(person)
    seen = []
    for number in (1, 2, 3, 4, 5):
        seen += ENROLMENT_IDS.findall(_section(_html(client, f"{URL}?past={number}"), "past"))
    assert sorted(int(pk) for pk in seen) == sorted(made["past"])
    seen = []
    for number in (1, 2, 3):
        section = _section(_html(client, f"{URL}?cancelled={number}"), "cancelled")
        seen += ENROLMENT_IDS.findall(section)
    assert sorted(int(pk) for pk in seen) == sorted(made["cancelled"])


def test_upcoming_trainings_beyond_ten_are_on_the_next_page_soonest_first(client):
    person = ProfessionalFactory()
    made = _fill(person, upcoming=12)
    client.force_login(person)
    first = ENROLMENT_IDS.findall(_section(_html(client), "upcoming"))
    second = ENROLMENT_IDS.findall(_section(_html(client, f"{URL}?upcoming=2"), "upcoming"))
    assert [int(pk) for pk in first + second] == made["upcoming"]  # created soonest first


def test_past_trainings_come_latest_first(client):
    person = ProfessionalFactory()
    older = EnrollmentFactory(
        offering=OfferingFactory(sessions=[(in_days(-30), NINE, FOUR)]), user=person
    )
    recent = EnrollmentFactory(
        offering=OfferingFactory(sessions=[(in_days(-1), NINE, FOUR)]), user=person
    )
    oldest = EnrollmentFactory(
        offering=OfferingFactory(sessions=[(in_days(-400), NINE, FOUR)]), user=person
    )
    client.force_login(person)
    shown = [int(pk) for pk in ENROLMENT_IDS.findall(_section(_html(client), "past"))]
    assert shown[0] == recent.pk
    assert shown[-1] == oldest.pk
    assert older.pk in shown


def test_the_page_links_are_an_accessible_nav(client, many):
    person, _made = many
    client.force_login(person)
    past = _section(_html(client, f"{URL_EN}?past=2&cancelled=2"), "past")
    assert '<nav class="page-nav" aria-label="Pages of past trainings">' in past
    # The current page is marked, the other group's page is kept in every link.
    assert re.search(r'<a href="\?past=2&amp;cancelled=2#past-heading" aria-current="page">', past)
    assert 'href="?past=1&amp;cancelled=2#past-heading" rel="prev"' in past
    assert 'href="?past=3&amp;cancelled=2#past-heading" rel="next"' in past
    assert past.count('aria-current="page"') == 1
    cancelled = _section(_html(client, f"{URL_EN}?past=2&cancelled=3"), "cancelled")
    assert 'aria-label="Pages of cancelled or declined trainings"' in cancelled
    assert 'rel="next"' not in cancelled  # the last page


@pytest.mark.parametrize("page", ["0", "99", "zwei", ""])
def test_a_wrong_page_number_gives_a_page_and_no_error(client, many, page):
    person, _made = many
    client.force_login(person)
    assert len(ENROLMENT_IDS.findall(_section(_html(client, f"{URL}?past={page}"), "past"))) > 0


def test_few_enrolments_need_no_page_links(client):
    person = ProfessionalFactory()
    _fill(person, upcoming=1, past=2, cancelled=1)
    client.force_login(person)
    html = _html(client)
    assert "page-nav" not in html
    assert len(ENROLMENT_IDS.findall(html)) == 4


def test_the_history_buttons_show_for_a_certificate_on_a_later_page(client, many):
    from courses.models import Certificate

    person, made = many
    client.force_login(person)
    assert "Fortbildungsnachweis (PDF)" not in _html(client)
    oldest = Enrollment.objects.filter(pk__in=made["past"]).order_by("offering__sessions__date")
    Certificate.objects.create(
        enrollment=oldest.first(), issued_at=timezone.now(), participant_name="P", module_title="M"
    )
    assert "Fortbildungsnachweis (PDF)" in _html(client)


@pytest.mark.parametrize("url", [URL, DASHBOARD])
def test_queries_do_not_grow_from_5_to_65_enrolments(client, url):
    few, many = ProfessionalFactory(), ProfessionalFactory()
    _fill(few, upcoming=1, past=2, cancelled=1, waitlisted=1)
    _fill(many, upcoming=8, past=40, cancelled=12, waitlisted=3, requested=2)
    client.force_login(few)
    _warm(client, url)
    baseline = _queries(client, url)
    client.force_login(many)
    _warm(client, url)
    assert _queries(client, url) == baseline


def test_the_dashboard_shows_the_next_three_and_loads_no_more(client, many):
    person, made = many
    client.force_login(person)
    trainings = overview.next_trainings(person, 3)
    assert [e.pk for e in trainings.groups["upcoming"]] == made["upcoming"]  # soonest first
    assert list(trainings.groups) == ["upcoming"]
    assert trainings.counts == {
        "offered": 0,
        "upcoming": 3,
        "waitlisted": 2,
        "requested": 1,
        "past": 45,
        "cancelled": 22,
    }
    html = _html(client, DASHBOARD)
    assert "2 Plätze auf Wartelisten" in html
    assert "1 Anfrage wartet auf Freigabe" in html
