"""Constant query counts of the needs analysis at any number of findings (R8): the coordinators'
dashboard, the recommendations, the findings list and its drill-down, the personal dashboard's
regional aggregate. Small data (10 findings) against grown data (200), each with a cold cache
(the first view after a change computes the cached sums) and a warm one. Counts only, never
times: the timings at 100,000 findings on PostgreSQL are ``make bench``'s
(``bench/grow_findings.py``)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.grow_findings import grow_findings
from needs_analysis import aggregates, demand, recommendations
from needs_analysis.models import Finding, NeedsAnalysisSettings
from portal.models import Region, Topic
from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.factories import CoordinatorFactory
from tests.needs_analysis.factories import FindingFactory

pytestmark = pytest.mark.django_db

DASHBOARD_LIMIT = 20  # the goal for the needs dashboard


@pytest.fixture
def data(db):
    """Two modules with offerings that some findings led to, and a way to grow the findings."""
    NeedsAnalysisSettings.load()  # created once, on the first look at the settings
    offerings = []
    for slug in ("rechtsextremismus", "nach-der-haft"):
        module = ModulePageFactory()
        module.topics.set(Topic.objects.filter(slug=slug))
        module.save()
        offerings.append(OfferingFactory(module=module))
    # One finding of the drill-down's cell led to an offering, in small data and in grown.
    linked = FindingFactory(topics=Topic.objects.filter(slug="rechtsextremismus"))
    linked.offerings.add(offerings[0])

    def grow(count):
        grow_findings(count, seed=3, log=lambda *args: None)
        # Every fifth finding led to an offering: the list shows them, the recommendations
        # list them as planned.
        link = Finding.offerings.through
        link.objects.bulk_create(
            link(finding_id=pk, offering_id=offerings[pk % 2].pk)
            for pk in Finding.objects.filter(offerings=None).values_list("pk", flat=True)[::5]
        )
        aggregates.findings_changed()  # bulk writes send no signals

    return grow


def count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def cold_and_warm(call) -> tuple[int, int]:
    cache.clear()  # aggregates, content version, Wagtail's caches: all cold
    return count(call), count(call)


def get(client, url):
    def call():
        response = client.get(url)
        assert response.status_code == 200

    return call


def test_needs_dashboard_queries_are_constant_and_within_the_goal(client, data):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_dashboard")
    data(10)
    small = cold_and_warm(get(client, url))
    data(200)
    grown = cold_and_warm(get(client, url))
    assert grown == small
    assert max(grown) <= DASHBOARD_LIMIT
    # A state's districts with filters: the same.
    # A state's districts with filters: within the goal once the sums are cached; the first
    # view after a change adds the state's own lookup (the region tree) to the computing (see
    # below).
    state = Region.objects.get(slug="sachsen-anhalt")
    filtered = f"{url}?state={state.pk}&phase=custody&date_from=2024-01-01"
    cold, warm = cold_and_warm(get(client, filtered))
    assert warm <= DASHBOARD_LIMIT
    assert cold == warm + 8


def test_the_warm_dashboard_does_not_scan_the_findings(client, data):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_dashboard")
    data(50)
    cold, warm = cold_and_warm(get(client, url))
    # The first view after a change computes the sums and the vocabulary (demand with the
    # chart's quarters in one scan, supply, topics without a module, the transfer shares per
    # topic, settings, topics, regions with their parents); the others read them from the
    # cache.
    assert cold - warm == 7
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries if "needs_analysis_finding_topics" in q["sql"]]


def test_recommendations_queries_are_constant(data):
    data(10)
    small = cold_and_warm(recommendations.recommendations)
    data(200)
    grown = cold_and_warm(recommendations.recommendations)
    assert grown == small
    # Demand, supply and the vocabulary (settings, topics, regions with their parents): once
    # per data version.
    assert small[0] - small[1] == 5


def test_recommendations_page_queries_are_constant(client, data):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_recommendations")
    data(10)
    client.get(url)
    small = cold_and_warm(get(client, url))
    data(200)
    assert cold_and_warm(get(client, url)) == small


@pytest.mark.parametrize("drill_down", [False, True])
def test_findings_list_queries_are_constant(client, data, drill_down):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_findings:index")
    if drill_down:  # a cell of the dashboard: the findings list with the cell's figures
        topic = Topic.objects.get(slug="rechtsextremismus")
        state = Region.objects.get(slug="sachsen-anhalt")
        url += f"?counting=true&topics={topic.pk}&region={state.pk}"
    data(10)
    client.get(url)
    small = cold_and_warm(get(client, url))
    data(200)
    assert cold_and_warm(get(client, url)) == small


def test_the_regional_summary_costs_no_query_once_warm(data):
    regions = list(Region.objects.values_list("pk", flat=True))
    data(10)
    small = cold_and_warm(lambda: aggregates.regional_demand_summary(regions))
    data(200)
    grown = cold_and_warm(lambda: aggregates.regional_demand_summary(regions))
    assert grown == small
    assert grown[1] == 0


def test_an_offering_change_keeps_the_findings_scan_cached(data, topic):
    """Enrolments and offering edits bump the content version many times a day: the seats are
    summed again, the findings are not (their sums carry the findings version only)."""
    data(20)
    magdeburg = Region.objects.get(slug="magdeburg")
    demand.coverage(topic, magdeburg)
    OfferingFactory(module=ModulePageFactory())
    with CaptureQueriesContext(connection) as queries:
        cell = demand.coverage(topic, magdeburg)
    assert [q for q in queries if "courses_offering" in q["sql"]]
    assert not [q for q in queries if "needs_analysis_finding_topics" in q["sql"]]
    FindingFactory(topics=[topic], staff_affected=2)
    assert abs(demand.coverage(topic, magdeburg).demand - (cell.demand + 2)) <= 1e-6
