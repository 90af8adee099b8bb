"""Demand, supply, gap and coverage against hand-computed examples (DESIGN.md §4)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Offering
from needs_analysis import services
from needs_analysis.models import Finding, NeedsAnalysisSettings
from portal.models import Region, Topic
from tests.courses.factories import OfferingFactory, in_days
from tests.needs_analysis.factories import FindingFactory, days_ago

pytestmark = pytest.mark.django_db
NINE, FOUR = datetime.time(9), datetime.time(16)


def test_a_fresh_medium_finding_weighs_its_staff(topic, magdeburg):
    FindingFactory(topics=[topic], staff_affected=3)
    result = services.coverage(topic, magdeburg)
    assert result.demand == 3.0
    assert result.supply == 0.0
    assert result.gap == 3.0
    assert result.coverage == 0.0


def test_demand_halves_with_each_half_life(topic, magdeburg):
    FindingFactory(topics=[topic], staff_affected=4, recorded_on=days_ago(365))
    assert services.coverage(topic, magdeburg).demand == 2.0
    FindingFactory(topics=[topic], staff_affected=4, recorded_on=days_ago(730))
    assert services.coverage(topic, magdeburg).demand == 3.0  # 2 + 1


def test_half_life_is_a_setting(topic, magdeburg):
    config = NeedsAnalysisSettings.load()
    config.half_life_days = 30
    config.save()
    FindingFactory(topics=[topic], staff_affected=8, recorded_on=days_ago(60))
    assert services.coverage(topic, magdeburg).demand == 2.0


def test_urgency_factors(topic, magdeburg):
    FindingFactory(topics=[topic], staff_affected=2, urgency=Finding.Urgency.LOW)
    assert services.coverage(topic, magdeburg).demand == 1.0
    FindingFactory(topics=[topic], staff_affected=2, urgency=Finding.Urgency.HIGH)
    assert services.coverage(topic, magdeburg).demand == 4.0  # 1 + 3


def test_decay_and_urgency_multiply(topic, magdeburg):
    FindingFactory(
        topics=[topic], staff_affected=10, urgency=Finding.Urgency.HIGH, recorded_on=days_ago(730)
    )
    assert services.coverage(topic, magdeburg).demand == 3.75  # 10 × 1.5 × 0.25


def test_findings_roll_up_from_districts_to_their_state(topic, state, magdeburg, halle, nrw):
    FindingFactory(topics=[topic], region=magdeburg, staff_affected=2)
    FindingFactory(topics=[topic], region=halle, staff_affected=5)
    FindingFactory(topics=[topic], region=state, staff_affected=1)
    assert services.coverage(topic, magdeburg).demand == 2.0
    assert services.coverage(topic, halle).demand == 5.0
    assert services.coverage(topic, state).demand == 8.0
    assert services.coverage(topic, nrw).demand == 0.0
    assert services.coverage(topic, nrw).coverage is None


def test_only_findings_of_the_topic_count(topic, other_topic, magdeburg):
    FindingFactory(topics=[topic, other_topic], staff_affected=2)
    FindingFactory(topics=[other_topic], staff_affected=5)
    assert services.coverage(topic, magdeburg).demand == 2.0
    assert services.coverage(other_topic, magdeburg).demand == 7.0


def test_archived_findings_do_not_count(topic, magdeburg):
    FindingFactory(topics=[topic], staff_affected=2, status=Finding.Status.ARCHIVED)
    FindingFactory(topics=[topic], staff_affected=1, status=Finding.Status.ADDRESSED)
    assert services.coverage(topic, magdeburg).demand == 1.0


def test_findings_after_the_reference_date_do_not_count(topic, magdeburg):
    FindingFactory(topics=[topic], staff_affected=2, recorded_on=days_ago(10))
    FindingFactory(topics=[topic], staff_affected=3)
    assert services.coverage(topic, magdeburg, on=days_ago(5)).demand == pytest.approx(
        2 * 0.5 ** (5 / 365)
    )


def test_supply_counts_seats_of_offerings_of_modules_with_the_topic(
    topic, other_topic, magdeburg, state, module_for
):
    FindingFactory(topics=[topic], staff_affected=20)
    OfferingFactory(module=module_for(topic), region=magdeburg, capacity=12)
    OfferingFactory(module=module_for(other_topic), region=magdeburg, capacity=99)
    result = services.coverage(topic, magdeburg)
    assert (result.demand, result.supply, result.gap, result.coverage) == (20.0, 12.0, 8.0, 0.6)
    assert result.level == "partial"
    assert services.coverage(topic, state).supply == 12.0


def test_cancelled_offerings_supply_nothing(topic, magdeburg, module_for):
    OfferingFactory(module=module_for(topic), capacity=12, status=Offering.Status.CANCELLED)
    OfferingFactory(module=module_for(topic), capacity=5, status=Offering.Status.PLANNED)
    assert services.coverage(topic, magdeburg).supply == 5.0


def test_planning_horizon_boundaries(topic, magdeburg, module_for):
    module = module_for(topic)
    OfferingFactory(module=module, capacity=1, sessions=[(in_days(0), NINE, FOUR)])
    OfferingFactory(module=module, capacity=2, sessions=[(in_days(365), NINE, FOUR)])
    OfferingFactory(module=module, capacity=4, sessions=[(in_days(366), NINE, FOUR)])
    OfferingFactory(module=module, capacity=8, sessions=[(in_days(-1), NINE, FOUR)])
    # Starts yesterday, continues tomorrow: it started before the horizon, it does not count.
    OfferingFactory(
        module=module, capacity=16, sessions=[(in_days(-1), NINE, FOUR), (in_days(1), NINE, FOUR)]
    )
    assert services.coverage(topic, magdeburg).supply == 3.0


def test_planning_horizon_is_a_setting(topic, magdeburg, module_for):
    config = NeedsAnalysisSettings.load()
    config.planning_horizon_days = 30
    config.save()
    module = module_for(topic)
    OfferingFactory(module=module, capacity=1, sessions=[(in_days(30), NINE, FOUR)])
    OfferingFactory(module=module, capacity=2, sessions=[(in_days(31), NINE, FOUR)])
    assert services.coverage(topic, magdeburg).supply == 1.0


def test_online_offering_for_a_state_counts_for_the_state_not_its_districts(
    topic, state, magdeburg, nrw, module_for
):
    OfferingFactory(
        module=module_for(topic),
        region=state,
        format=Offering.Format.ONLINE,
        venue="",
        capacity=15,
    )
    FindingFactory(topics=[topic], region=magdeburg, staff_affected=10)
    assert services.coverage(topic, state).supply == 15.0
    assert services.coverage(topic, state).level == "covered"
    assert services.coverage(topic, state).gap == 0.0
    assert services.coverage(topic, magdeburg).supply == 0.0
    assert services.coverage(topic, nrw).supply == 0.0


def test_matrix_filters_findings_by_period_audience_and_phase(topic, magdeburg):
    from portal.models import Audience

    police = Audience.objects.get(slug="polizei")
    FindingFactory(topics=[topic], recorded_on=days_ago(100), phase="custody")
    FindingFactory(topics=[topic], audience=police, phase="after_release")
    grid = services.matrix(period=(days_ago(10), None))
    assert grid.cell(topic, magdeburg).findings == 1
    assert services.matrix(audience=police).cell(topic, magdeburg).demand == 1.0
    assert services.matrix(phase="custody").cell(topic, magdeburg).findings == 1


# Property: the matrix is the sum over the findings ------------------------------------------

REGION_SLUGS = ["sachsen-anhalt", "magdeburg", "halle-saale", "nordrhein-westfalen", "essen"]
TOPIC_SLUGS = ["rechtsextremismus", "islamismus", "arbeitsmarktintegration"]

finding_strategy = st.fixed_dictionaries(
    {
        "region": st.sampled_from(REGION_SLUGS),
        "topics": st.sets(st.sampled_from(TOPIC_SLUGS), min_size=1),
        "urgency": st.sampled_from(Finding.Urgency.values),
        "staff": st.integers(min_value=1, max_value=50),
        "age": st.integers(min_value=0, max_value=2000),
        "status": st.sampled_from(Finding.Status.values),
    }
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(finding_strategy, max_size=12))
def test_matrix_totals_equal_the_sum_of_the_finding_weights(db, specs):
    Finding.objects.all().delete()
    regions = {slug: Region.objects.get(slug=slug) for slug in REGION_SLUGS}
    topics = {slug: Topic.objects.get(slug=slug) for slug in TOPIC_SLUGS}
    findings = []
    for spec in specs:
        findings.append(
            FindingFactory(
                region=regions[spec["region"]],
                topics=[topics[s] for s in spec["topics"]],
                urgency=spec["urgency"],
                staff_affected=spec["staff"],
                recorded_on=days_ago(spec["age"]),
                status=spec["status"],
            )
        )
    grid = services.matrix()
    totals = dict(grid.totals())
    for slug, topic in topics.items():
        expected = sum(
            services.finding_weight(f)
            for f, spec in zip(findings, specs, strict=True)
            if slug in spec["topics"] and spec["status"] != Finding.Status.ARCHIVED
        )
        assert totals[topic].demand == pytest.approx(expected, abs=1e-5)
        for region in regions.values():
            assert services.coverage(topic, region) == grid.cell(topic, region)


def test_the_placeholder_date_of_a_planned_offering_is_a_weekday():
    import datetime

    from courses.services.offerings import default_first_day

    for offset in range(7):
        today = datetime.date(2026, 11, 16) + datetime.timedelta(days=offset)
        day = default_first_day(today)
        assert day.weekday() < 5
        assert 56 <= (day - today).days <= 58
