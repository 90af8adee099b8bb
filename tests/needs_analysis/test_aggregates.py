"""The cached sums of the needs analysis (R8): exact, and never stale.

The fast path (grouped sums in SQL, split further for the dashboard's chart and the
recommendations, cached per data version) must agree with the formula of DESIGN.md §4 computed
the plain way, finding by finding and offering by offering, to 1e-6. And every change that
moves a figure (findings saved, bulk status changes, merges, planning, offerings, sessions,
module topics, settings) must show at once, with the cache warm.
"""

import datetime
import random

import pytest
from django.utils import timezone

from courses.models import Offering
from needs_analysis import aggregates, demand, extras, figures
from needs_analysis.models import URGENCY_FACTORS, Finding, NeedsAnalysisSettings
from needs_analysis.services import planning, review
from portal.models import Audience, Region, Topic
from tests.courses.factories import ModulePageFactory, OfferingFactory, in_days
from tests.needs_analysis.factories import FindingFactory, days_ago

pytestmark = pytest.mark.django_db
NINE, FOUR = datetime.time(9), datetime.time(16)


# Exactness -------------------------------------------------------------------------------------


def reference(on, half_life, horizon):
    """{(topic pk, region pk): (demand, supply, findings)}: DESIGN.md §4, the plain way."""
    regions = list(Region.objects.all())
    below = {region.pk: region.subtree_ids() for region in regions}
    findings = list(Finding.objects.prefetch_related("topics"))
    offerings = list(Offering.objects.prefetch_related("sessions", "module__topics"))
    result = {}
    for topic in Topic.objects.all():
        for region in regions:
            demand_sum, count = 0.0, 0
            for finding in findings:
                if (
                    finding.status != Finding.Status.ARCHIVED
                    and finding.recorded_on <= on
                    and finding.region_id in below[region.pk]
                    and topic in finding.topics.all()
                ):
                    age = (on - finding.recorded_on).days
                    demand_sum += (
                        finding.staff_affected
                        * URGENCY_FACTORS[finding.urgency]
                        * 0.5 ** (age / half_life)
                    )
                    count += 1
            seats = 0
            for offering in offerings:
                dates = [session.date for session in offering.sessions.all()]
                if (
                    offering.status != Offering.Status.CANCELLED
                    and dates
                    and on <= min(dates) <= on + datetime.timedelta(days=horizon)
                    and offering.region_id in below[region.pk]
                    and topic in offering.module.topics.all()
                ):
                    seats += offering.capacity
            result[(topic.pk, region.pk)] = (demand_sum, seats, count)
    return result


def random_data(rng):
    topics = list(Topic.objects.all())
    regions = list(Region.objects.all())
    audiences = [*Audience.objects.all(), None]
    for _ in range(120):
        FindingFactory(
            topics=rng.sample(topics, rng.randint(1, 3)),
            region=rng.choice(regions),
            audience=rng.choice(audiences),
            urgency=rng.choice(Finding.Urgency.values),
            staff_affected=rng.randint(1, 40),
            status=rng.choice(Finding.Status.values),
            phase=rng.choice(["", *Finding.Phase.values]),
            recorded_on=days_ago(rng.randint(-20, 1500)),  # a few in the future
        )
    for _ in range(12):
        module = ModulePageFactory()
        module.topics.set(rng.sample(topics, rng.randint(1, 2)))
        module.save()
        start = in_days(rng.randint(-30, 420))
        OfferingFactory(
            module=module,
            region=rng.choice(regions),
            capacity=rng.randint(5, 30),
            status=rng.choice([Offering.Status.OPEN, Offering.Status.CANCELLED]),
            sessions=[(start, NINE, FOUR), (start + datetime.timedelta(days=7), NINE, FOUR)],
        )


@pytest.mark.parametrize("seed", [1, 2])
def test_the_fast_path_agrees_with_the_formula_computed_plainly(seed):
    random_data(random.Random(seed))
    config = NeedsAnalysisSettings.load()
    config.half_life_days = 200 + seed
    config.save()
    on = timezone.localdate()
    expected = reference(on, config.half_life_days, config.planning_horizon_days)
    # Every way the sums are taken: alone, split per quarter (dashboard), per field of work
    # and openness (recommendations); cold and then warm from the cache.
    for by in ((), ("quarter",), ("audience", "open"), ()):
        grid = demand.matrix(by=by)
        for (topic_id, region_id), (demand_sum, seats, count) in expected.items():
            cell = grid.cell(topic_id, region_id)
            assert abs(cell.demand - demand_sum) <= 1e-6
            assert cell.supply == seats
            assert cell.findings == count
    for topic in Topic.objects.all():
        for region in Region.objects.all():
            cell = demand.coverage(topic, region)
            demand_sum, seats, _count = expected[(topic.pk, region.pk)]
            assert abs(cell.demand - demand_sum) <= 1e-6
            if demand_sum > 0:
                assert abs(cell.coverage - round(seats / demand_sum, 6)) <= 1e-6


def test_the_regional_summary_is_the_matrix(topic, magdeburg, state):
    random_data(random.Random(7))
    grid = demand.matrix()
    summary = aggregates.regional_demand_summary([magdeburg, state.pk])
    for region in (magdeburg, state):
        shown = {topic.pk: cell for topic, cell in summary[region.pk]}
        assert shown == {
            t.pk: grid.cell(t, region) for t in grid.topics if grid.cell(t, region).demand > 0
        }
        demands = [cell.demand for _topic, cell in summary[region.pk]]
        assert demands == sorted(demands, reverse=True)


def test_the_chart_counts_per_quarter_agree_with_the_plain_query():
    random_data(random.Random(3))
    grid = demand.matrix(by=("quarter",))
    assert figures.quarters_of(grid) == figures.findings_per_quarter()


# Never stale -----------------------------------------------------------------------------------


@pytest.fixture
def warm(topic, magdeburg):
    """``warm()``: the coverage of the topic in Magdeburg, computed (and cached) right now."""
    return lambda: demand.coverage(topic, magdeburg)


def test_a_new_finding_shows_at_once(warm, topic, magdeburg):
    assert warm().demand == 0
    FindingFactory(topics=[topic], staff_affected=3)
    assert warm().demand == 3
    assert extras.demand_in_region(magdeburg)[0][1].demand == 3


def test_topics_added_to_a_finding_show_at_once(warm, topic):
    finding = FindingFactory(topics=[])
    assert warm().findings == 0
    finding.topics.add(topic)
    assert warm().findings == 1


def test_bulk_status_changes_and_merges_show_at_once(warm, topic):
    findings = [FindingFactory(topics=[topic], staff_affected=2) for _ in range(3)]
    assert warm().demand == 6
    review.set_status(Finding.objects.filter(pk=findings[0].pk), Finding.Status.ARCHIVED, None)
    assert warm().demand == 4
    review.merge(findings[1], [findings[2]], None)  # 2 + 2 people in one finding
    assert (warm().demand, warm().findings) == (4, 1)


def test_a_deleted_finding_leaves_at_once(warm, topic):
    finding = FindingFactory(topics=[topic])
    assert warm().findings == 1
    finding.delete()
    assert warm().findings == 0


def test_offerings_sessions_and_module_topics_show_at_once(warm, topic, magdeburg, module_for):
    FindingFactory(topics=[topic], staff_affected=10)
    module = module_for(topic)
    offering = OfferingFactory(module=module, capacity=4)
    assert warm().supply == 4
    offering.capacity = 6
    offering.save()
    assert warm().supply == 6
    session = offering.sessions.get()
    session.date = in_days(500)  # beyond the planning horizon
    session.save()
    assert warm().supply == 0
    session.date = in_days(10)
    session.save()
    assert warm().supply == 6
    module.topics.set([])
    module.save()  # a page's many-to-many relations are written on save
    assert warm().supply == 0


def test_planning_shows_at_once(warm, topic, magdeburg, module_for):
    FindingFactory(topics=[topic], staff_affected=10)
    module = module_for(topic)
    assert warm().supply == 0
    planned = planning.plan_for_need(topic, magdeburg, module, None)
    assert warm().supply == planned.offering.capacity
    assert Finding.objects.get().status == Finding.Status.PLANNED


def test_settings_show_at_once(warm, topic):
    FindingFactory(topics=[topic], staff_affected=4, recorded_on=days_ago(100))
    before = warm().demand
    config = NeedsAnalysisSettings.load()
    config.half_life_days = 100
    config.save()
    assert warm().demand == 2
    assert before > 2
