"""What professionals see of the needs analysis: the dashboard panel and the demand sort."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import CatalogPage
from portal.models import Region, Topic
from tests.courses.factories import ModulePageFactory
from tests.factories import ProfessionalFactory
from tests.needs_analysis.factories import FindingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    # Seeded once per module (see tests/conftest.py); each test's changes are rolled back.
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


def module(title, *slugs):
    page = ModulePageFactory(title=title)
    page.topics.set(Topic.objects.filter(slug__in=slugs))
    page.save_revision().publish()
    return page


def findings(count, slug, region="magdeburg", staff=1):
    topic = Topic.objects.get(slug=slug)
    region = Region.objects.get(slug=region)
    for _ in range(count):
        FindingFactory(topics=[topic], region=region, staff_affected=staff)


def test_dashboard_shows_the_topics_in_demand_in_the_region(client, catalog):
    findings(3, "nach-der-haft", staff=4)
    findings(2, "rechtsextremismus")
    findings(5, "bedrohungsmanagement", region="essen")  # elsewhere: not shown
    client.force_login(ProfessionalFactory(region=Region.objects.get(slug="magdeburg")))
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    section = next(s for s in response.context["sections"] if "region" in s["context"])
    rows = section["context"]["topics"]
    assert [row["topic"].slug for row in rows] == ["nach-der-haft", "rechtsextremismus"]
    assert "topic=nach-der-haft" in rows[0]["url"] and "region=magdeburg" in rows[0]["url"]
    content = response.content.decode()
    assert rows[0]["url"].replace("&", "&amp;") in content
    assert reverse("needs_analysis:report") in content


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:dashboard")).status_code == 200
    return len(queries)


def test_dashboard_panel_query_count_is_constant(client, catalog):
    client.force_login(ProfessionalFactory())
    findings(2, "nach-der-haft")
    _dashboard_queries(client)  # warm caches (site, settings)
    few = _dashboard_queries(client)
    for slug in ("rechtsextremismus", "gmf", "islamismus", "netzwerkarbeit"):
        findings(6, slug, staff=2)
    # The regional aggregate is cached per data version: the first view after the change
    # computes it again (tests/needs_analysis/test_scale_queries.py counts that view).
    _dashboard_queries(client)
    assert _dashboard_queries(client) == few


def titles(client, query=""):
    response = client.get(f"{reverse('wagtail_serve', args=['fortbildungen/'])}?{query}")
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


def test_catalogue_sort_by_demand_in_the_region(client, catalog):
    module("A Bedrohungsmanagement", "bedrohungsmanagement")
    module("B Nach der Haft", "nach-der-haft")
    module("C Rechtsextremismus", "rechtsextremismus", "gmf")
    findings(3, "nach-der-haft", staff=3)  # 9 people
    findings(2, "rechtsextremismus", staff=2)  # 4 people
    findings(2, "gmf", staff=2)  # 4 more for C: 8
    findings(9, "bedrohungsmanagement", region="essen", staff=5)  # other region
    # Anonymous: the default order (next date, then title).
    assert titles(client, "sort=demand") == titles(client)
    client.force_login(ProfessionalFactory(region=Region.objects.get(slug="magdeburg")))
    assert titles(client, "sort=demand") == [
        "B Nach der Haft",
        "C Rechtsextremismus",
        "A Bedrohungsmanagement",
    ]


def test_catalogue_sort_query_count_is_constant(client, catalog):
    client.force_login(ProfessionalFactory())
    module("M1", "nach-der-haft")
    findings(1, "nach-der-haft")
    url = f"{reverse('wagtail_serve', args=['fortbildungen/'])}?sort=demand"
    client.get(url)  # warm caches (site, settings)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(6):
        module(f"M{number + 2}", "rechtsextremismus", "gmf")
        findings(3, "gmf")
    client.get(url)  # the caches keyed by the data version, again (see above)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
