"""The catalogue and the module page in a constant number of queries, however many rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CatalogPage, Enrollment, ModulePage, Offering, Session
from courses.page_context import PER_PAGE
from portal.models import Audience, Region, Topic
from tests.courses.catalog_data import offer
from tests.courses.factories import EnrollmentFactory, in_days

pytestmark = pytest.mark.django_db

CATALOG = "/fortbildungen/"


@pytest.fixture
def site_pages(shared_site_pages):
    # Seeded once per module (see tests/conftest.py); each test's changes are rolled back.
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


# Query counts --------------------------------------------------------------------------------


def add_modules(catalog, count: int, *, offset: int) -> list[ModulePage]:
    """``count`` published modules, each with two topics, two audiences and one offering with
    two sessions and an enrolment: as rich as real data, built in bulk where Wagtail allows."""
    topics = list(Topic.objects.all()[:2])
    audiences = list(Audience.objects.all()[:2])
    region = Region.objects.get(slug="magdeburg")
    pages = [
        catalog.add_child(
            instance=ModulePage(
                title=f"Modul {offset + number:03}",
                slug=f"modul-{offset + number:03}",
                teaser="Grundlagen für die Praxis.",
            )
        )
        for number in range(count)
    ]
    ModulePage.topics.through.objects.bulk_create(
        ModulePage.topics.through(modulepage=page, topic=topic)
        for page in pages
        for topic in topics
    )
    ModulePage.audiences.through.objects.bulk_create(
        ModulePage.audiences.through(modulepage=page, audience=audience)
        for page in pages
        for audience in audiences
    )
    offerings = Offering.objects.bulk_create(
        Offering(module=page, region=region, venue="Tagungshaus", status=Offering.Status.OPEN)
        for page in pages
    )
    Session.objects.bulk_create(
        Session(
            offering=offering,
            date=in_days(10 + day),
            start_time=datetime.time(9),
            end_time=datetime.time(16),
        )
        for offering in offerings
        for day in (0, 1)
    )
    person = EnrollmentFactory(offering=offerings[0]).user
    Enrollment.objects.bulk_create(
        Enrollment(offering=offering, user=person, status=Enrollment.Status.CONFIRMED)
        for offering in offerings[1:]
    )
    return pages


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


CATALOG_URLS = [
    CATALOG,
    f"{CATALOG}?topic=rechtsextremismus&audience=freie-straffaelligenhilfe"
    "&region=sachsen-anhalt&format=in_person&free_seats=on&sort=title",
]


@pytest.mark.parametrize("url", CATALOG_URLS)
def test_catalogue_queries_do_not_grow_from_5_to_200_modules(
    client, catalog, professional, django_assert_max_num_queries, url
):
    client.force_login(professional)
    add_modules(catalog, 5, offset=0)
    client.get(url)  # warm the site, locale and content type caches
    with django_assert_max_num_queries(count_queries(client, url)) as five:
        response = client.get(url)
    assert len(response.context["results"]) == 5
    small = len(five)  # now: the next request empties the query log

    add_modules(catalog, 195, offset=5)
    client.get(url)  # the new pages changed the content version: cached frame and vocabulary

    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 200
    assert len(response.context["results"]) == PER_PAGE
    assert all(module.next_offerings for module in response.context["results"])


def test_module_page_queries_do_not_grow_with_modules_and_offerings(
    client, catalog, professional, django_assert_max_num_queries
):
    client.force_login(professional)
    (page,) = add_modules(catalog, 1, offset=0)
    add_modules(catalog, 4, offset=1)
    url = page.url
    client.get(url)
    with django_assert_max_num_queries(count_queries(client, url)) as few:
        response = client.get(url)
    assert len(response.context["offerings"]) == 1
    small = len(few)  # now: the next request empties the query log

    add_modules(catalog, 195, offset=5)
    police = Audience.objects.get(slug="polizei")
    for days in range(20, 40):
        offering = offer(page, days=days, eligible_audiences=[police])
        EnrollmentFactory.create_batch(2, offering=offering)
    client.get(url)  # the new pages changed the content version: cached frame and vocabulary

    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert len(response.context["offerings"]) == 21
