"""Recommendations, planning an offering from findings, and the daily bookkeeping."""

import datetime

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from courses.models import Offering
from needs_analysis import services
from needs_analysis.models import Finding
from needs_analysis.services.planning import plan_for_need
from portal.models import Audience
from tests.courses.factories import OfferingFactory, in_days
from tests.factories import CoordinatorFactory
from tests.needs_analysis.factories import FindingFactory

pytestmark = pytest.mark.django_db


def test_recommendations_are_ordered_by_gap(topic, other_topic, magdeburg, halle, module_for):
    FindingFactory(topics=[topic], region=magdeburg, staff_affected=10)
    FindingFactory(topics=[other_topic], region=halle, staff_affected=30)
    result = services.recommendations(regions=[magdeburg, halle])
    assert [(r.topic, r.region, r.gap) for r in result] == [
        (other_topic, halle, 30.0),
        (topic, magdeburg, 10.0),
    ]


def test_best_audience_match_first_and_suggested_capacity(topic, magdeburg, module_for):
    police = Audience.objects.get(slug="polizei")
    probation = Audience.objects.get(slug="bewaehrungshilfe")
    for _ in range(3):
        FindingFactory(topics=[topic], audience=police, staff_affected=20)
    FindingFactory(topics=[topic], audience=probation, staff_affected=1)
    for_probation = module_for(topic, audiences=[probation], title="A für Bewährungshilfe")
    for_police = module_for(topic, audiences=[police], title="B für Polizei", default_capacity=16)
    unpublished = module_for(topic, audiences=[police], title="C Entwurf")
    unpublished.unpublish()
    [rec] = services.recommendations(regions=[magdeburg])
    assert [o.module.pk for o in rec.modules] == [for_police.pk, for_probation.pk]
    assert [o.audience_match for o in rec.modules] == [3, 1]
    assert rec.modules[0].suggested_capacity == 32  # gap 61, at most twice the default
    assert services.suggested_capacity(for_police, 3) == 16
    assert services.suggested_capacity(for_police, 20.2) == 21


def test_plan_offering_links_findings_and_sets_statuses(topic, magdeburg, module_for):
    module = module_for(topic)
    findings = [FindingFactory(topics=[topic]) for _ in range(2)]
    addressed = FindingFactory(topics=[topic], status=Finding.Status.ADDRESSED)
    coordinator = CoordinatorFactory()
    offering = services.plan_offering(module, magdeburg, [*findings, addressed], coordinator)
    assert offering.status == Offering.Status.PLANNED
    assert offering.region == magdeburg
    assert offering.capacity == module.default_capacity
    assert offering.first_session.date >= in_days(56)
    assert set(offering.findings.all()) == {*findings, addressed}
    statuses = dict(Finding.objects.values_list("pk", "status"))
    assert [statuses[f.pk] for f in findings] == ["planned", "planned"]
    assert statuses[addressed.pk] == "addressed"
    assert ModelLogEntry.objects.filter(action="needs_analysis.offering.planned").exists()
    # The planned seats count as supply.
    assert services.coverage(topic, magdeburg).supply == module.default_capacity


def test_update_findings_marks_addressed_after_the_offering(topic, magdeburg, module_for):
    module = module_for(topic)
    finding = FindingFactory(topics=[topic])
    offering = services.plan_offering(module, magdeburg, [finding], None)
    call_command("update_findings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    finding.refresh_from_db()
    assert finding.status == Finding.Status.PLANNED
    offering.sessions.update(date=datetime.date(2020, 1, 1))
    assert services.update_findings() == {"addressed": 1, "reopened": 0}
    finding.refresh_from_db()
    assert finding.status == Finding.Status.ADDRESSED


def test_mark_addressed_for_a_completed_offering(topic, magdeburg):
    finding = FindingFactory(topics=[topic], status=Finding.Status.PLANNED)
    offering = OfferingFactory(status=Offering.Status.OPEN)
    finding.offerings.add(offering)
    assert services.mark_addressed(offering) == 0
    offering.status = Offering.Status.COMPLETED
    offering.save()
    assert services.mark_addressed(offering) == 1


def test_findings_of_cancelled_offerings_reopen(topic):
    finding = FindingFactory(topics=[topic], status=Finding.Status.PLANNED)
    finding.offerings.add(OfferingFactory(status=Offering.Status.CANCELLED))
    assert services.update_findings()["reopened"] == 1
    finding.refresh_from_db()
    assert finding.status == Finding.Status.REVIEWED


def test_topics_without_module(topic, module_for):
    assert topic in services.topics_without_module()
    module_for(topic)
    assert topic not in services.topics_without_module()


def test_the_offering_admin_page_links_to_the_findings_behind_it(client):
    from needs_analysis.models import Finding
    from tests.courses.factories import OfferingFactory
    from tests.factories import CoordinatorFactory, TrainerFactory
    from tests.needs_analysis.factories import FindingFactory

    offering = OfferingFactory()
    finding = FindingFactory()
    finding.offerings.add(offering)
    url = f"/admin/offerings/{offering.pk}/participants/"

    client.force_login(CoordinatorFactory())
    html = client.get(url).content.decode()
    assert f"/offering/{offering.pk}/" in html and "(1)" in html
    assert Finding.objects.filter(offerings=offering).count() == 1

    trainer = TrainerFactory()
    offering.trainers.add(trainer)
    offering.save()
    client.force_login(trainer)
    assert f"/offering/{offering.pk}/" not in client.get(url).content.decode()


# Planning traps (issue R7, item 9) -----------------------------------------------------------


def _plan(client, topic, region, module, **extra):
    from django.urls import reverse

    return client.post(
        reverse("needs_analysis_plan"),
        {"topic": topic.pk, "region": region.pk, "module": module.pk, **extra},
    )


def test_planning_twice_lands_on_the_planned_offering(client, topic, magdeburg, module_for):
    from django.contrib.messages import INFO, SUCCESS, get_messages
    from django.urls import reverse

    module = module_for(topic, default_capacity=12)
    findings = [FindingFactory(topics=[topic], staff_affected=20) for _ in range(2)]
    client.force_login(CoordinatorFactory())
    first = _plan(client, topic, magdeburg, module, capacity=12)
    offering = Offering.objects.get()
    assert first.status_code == 302
    assert first["Location"] == reverse("offerings:edit", args=[offering.pk])
    assert [m.level for m in get_messages(first.wsgi_request)] == [SUCCESS]

    second = _plan(client, topic, magdeburg, module, capacity=12)  # double click, second tab
    assert second.status_code == 302
    assert second["Location"] == reverse("offerings:edit", args=[offering.pk])
    assert [m.level for m in get_messages(second.wsgi_request)][-1] == INFO
    assert Offering.objects.count() == 1
    assert set(offering.findings.all()) == set(findings)

    # 40 people, 12 seats: a gap remains, but the need is planned, not open any more.
    page = client.get(reverse("needs_analysis_recommendations"))
    assert page.status_code == 200
    assert [(r.topic, r.region) for r in page.context["recommendations"]] == []
    planned = {(r.topic, r.region): r.offerings for r in page.context["planned"]}
    assert planned[(topic, magdeburg)] == [offering]
    assert reverse("offerings:edit", args=[offering.pk]) in page.content.decode()


def test_a_new_finding_opens_a_planned_need_again(topic, magdeburg, module_for):
    module = module_for(topic)
    FindingFactory(topics=[topic], staff_affected=40)
    planned = plan_for_need(topic, magdeburg, module, None)
    assert planned.created and planned.offering.findings.count() == 1
    again = plan_for_need(topic, magdeburg, module, None)
    assert (again.offering, again.created) == (planned.offering, False)
    [rec] = services.recommendations(regions=[magdeburg])
    assert (rec.open_findings, rec.is_open) == (0, False)
    FindingFactory(topics=[topic], staff_affected=40)
    [rec] = services.recommendations(regions=[magdeburg])
    assert (rec.open_findings, rec.is_open) == (1, True)
    third = plan_for_need(topic, magdeburg, module, None)
    assert third.created and third.offering != planned.offering


def test_nothing_is_planned_for_a_need_without_open_findings(client, topic, magdeburg, module_for):
    module = module_for(topic)
    FindingFactory(topics=[topic], status=Finding.Status.ADDRESSED)
    client.force_login(CoordinatorFactory())
    response = _plan(client, topic, magdeburg, module)
    assert response.status_code == 302
    assert response["Location"] == "/admin/needs/recommendations/"
    assert not Offering.objects.exists()


def test_a_planned_offering_follows_the_modules_audiences_and_days(topic, magdeburg, module_for):
    from courses.workdays import is_day_off

    police = Audience.objects.get(slug="polizei")
    module = module_for(topic, audiences=[police], duration_days=3)
    FindingFactory(topics=[topic])
    offering = plan_for_need(topic, magdeburg, module, None).offering
    assert list(offering.eligible_audiences.all()) == [police]
    days = [s.date for s in offering.sessions.order_by("date")]
    assert len(days) == 3
    assert not any(is_day_off(day) for day in days)
    assert (days[-1] - days[0]).days <= 6  # consecutive working days


def test_a_police_only_offering_is_announced_to_the_police_only(
    topic, magdeburg, module_for, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import ProfessionalFactory

    police = Audience.objects.get(slug="polizei")
    module = module_for(topic, audiences=[police])
    officer = ProfessionalFactory(audience=police, region=magdeburg)
    probation = ProfessionalFactory(region=magdeburg)  # Bewährungshilfe
    without_field = ProfessionalFactory(audience=None, region=magdeburg)
    for person in (officer, probation, without_field):
        services.express_interest(person, module)
    offering = plan_for_need(topic, magdeburg, module, None).offering
    with django_capture_on_commit_callbacks(execute=True):
        offering.status = Offering.Status.OPEN
        offering.save()
    assert [m.to for m in mail.outbox] == [[officer.email]]
