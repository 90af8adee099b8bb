"""Expiring qualifications as demand of the channel "renewal", the coordination's list (counts
for all, names within the projects) and "Auffrischung planen"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Certificate, Offering
from needs_analysis.demand import coverage
from needs_analysis.models import Channel, Finding
from needs_analysis.services.renewal_demand import record_renewal_demand
from tests.courses.qualification_data import attend, modules, qualification
from tests.factories import CoordinatorFactory, ProfessionalFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/admin/needs/renewals/"


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def world(topic, magdeburg, halle):
    """A qualification of a project in Magdeburg with a refresher carrying ``topic``;
    three holders in Magdeburg, one in Halle, expiring at different times."""
    project = ProjectFactory(name="RausWege", short_name="RausWege", regions=[magdeburg])
    (basis,) = modules(1, project=project)
    q = qualification(basis, title="Bedrohungsmanagement", validity_months=24, project=project)
    (refresher,) = modules(1, project=project)
    refresher.title = "Auffrischung Bedrohungsmanagement"
    refresher.topics.add(topic)
    refresher.renews_qualifications.add(q)
    refresher.save_revision().publish()
    holders = []
    for region, expires_in in ((magdeburg, 40), (magdeburg, 100), (magdeburg, 400), (halle, 20)):
        person = ProfessionalFactory(region=region, first_name="Hanna", last_name=f"H{expires_in}")
        attend(person, basis, days_ago=10)
        Certificate.objects.filter(kind="qualification", holder=person).update(
            valid_until=in_days(expires_in)
        )
        holders.append(person)
    return project, q, refresher, holders


def test_expiring_qualifications_become_renewal_findings_kept_in_step(world, topic, magdeburg):
    _project, q, _refresher, holders = world
    assert record_renewal_demand() == {"created": 2, "updated": 0, "archived": 0}
    findings = Finding.objects.filter(channel=Channel.RENEWAL).order_by("region__name")
    assert [(f.region.label, f.staff_affected, f.renewal_of_id) for f in findings] == [
        ("Halle (Saale)", 1, q.pk),
        ("Magdeburg", 2, q.pk),  # the one expiring in 400 days is not due yet
    ]
    assert list(findings[1].topics.all()) == [topic]
    assert coverage(topic, magdeburg).findings == 1
    assert coverage(topic, magdeburg).demand > 0
    assert record_renewal_demand() == {"created": 0, "updated": 0, "archived": 0}

    # One of Magdeburg renews: the count follows; Halle's renews: archived.
    Certificate.objects.filter(holder=holders[0]).update(valid_until=in_days(800))
    Certificate.objects.filter(holder=holders[3]).update(valid_until=in_days(800))
    assert record_renewal_demand() == {"created": 0, "updated": 1, "archived": 1}
    assert Finding.objects.get(channel=Channel.RENEWAL, region=magdeburg).staff_affected == 1


def test_the_list_counts_everyone_and_names_only_within_the_projects(client, world):
    project, _q, _refresher, _holders = world
    own = CoordinatorFactory()
    project.coordinators.add(own)
    other = CoordinatorFactory()
    ProjectFactory(name="Anderes Projekt", coordinators=[other])

    client.force_login(own)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hanna H40" in html and "Hanna H100" in html and "Hanna H20" in html
    assert "Hanna H400" not in html
    assert "Auffrischung planen" in html

    client.force_login(other)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 Personen" in html  # the counts are for everyone
    assert "Hanna H" not in html
    assert "Auffrischung planen" not in html


def test_plan_refresher_once_from_the_renewal_findings(client, world, magdeburg):
    project, q, refresher, _holders = world
    record_renewal_demand()
    coordinator = CoordinatorFactory()
    project.coordinators.add(coordinator)
    client.force_login(coordinator)
    data = {"qualification": q.pk, "region": magdeburg.pk, "module": refresher.pk}
    response = client.post(reverse("needs_analysis_plan_refresher"), data)
    assert response.status_code == 302
    offering = Offering.objects.get(module=refresher)
    assert response["Location"] == reverse("offerings:edit", args=[offering.pk])
    finding = Finding.objects.get(channel=Channel.RENEWAL, region=magdeburg)
    assert finding.status == Finding.Status.PLANNED
    assert list(finding.offerings.all()) == [offering]

    again = client.post(reverse("needs_analysis_plan_refresher"), data)
    assert again.status_code == 302
    assert again["Location"] == reverse("offerings:edit", args=[offering.pk])
    assert Offering.objects.filter(module=refresher).count() == 1
    # A planned group gets no new open finding on the next daily run.
    assert record_renewal_demand()["created"] == 0


def test_plan_refresher_refuses_another_projects_coordinator(client, world, magdeburg):
    _project, q, refresher, _holders = world
    record_renewal_demand()
    other = CoordinatorFactory()
    ProjectFactory(name="Anderes Projekt", coordinators=[other])
    client.force_login(other)
    data = {"qualification": q.pk, "region": magdeburg.pk, "module": refresher.pk}
    response = client.post(reverse("needs_analysis_plan_refresher"), data)
    assert response.status_code == 404
    assert not Offering.objects.filter(module=refresher).exists()


def test_list_queries_do_not_grow(client, world, django_assert_max_num_queries, magdeburg):
    project, _q, _refresher, _holders = world
    coordinator = CoordinatorFactory()
    project.coordinators.add(coordinator)
    client.force_login(coordinator)
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    (basis,) = modules(1, project=project)
    for n in range(3):
        more = qualification(basis, title=f"Weitere {n}", validity_months=12, project=project)
        for _ in range(2):
            person = ProfessionalFactory(region=magdeburg)
            attend(person, basis, days_ago=5)
            Certificate.objects.filter(holder=person, qualification=more).update(
                valid_until=in_days(30)
            )
    client.get(URL)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few)
