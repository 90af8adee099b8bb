"""Projects and their scope (issue R10): which project a region belongs to, and what a
coordinator of one project sees of another (nothing), in the admin, the needs dashboard and the
mails. The URL-by-URL proof is the admin matrix's ``coordinator_other`` column."""

import datetime

import pytest
from django.urls import reverse

from courses import access, services
from courses.models import Enrollment, Offering
from needs_analysis import access as needs_access
from needs_analysis.models import Finding
from portal import projects
from portal.models import Region
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.factories import (
    AdminFactory,
    CoordinatorFactory,
    ProjectFactory,
    RegionFactory,
    StateCoordinatorFactory,
    TrainerFactory,
)
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    WorkshopFactory,
)
from tests.needs_analysis.test_records import make_evaluation

pytestmark = pytest.mark.django_db


def region(slug):
    return Region.objects.get(slug=slug)


@pytest.fixture
def three():
    """RausWege in Saxony-Anhalt, INA in all of NRW, 360° in Essen and Dortmund (inside INA's
    state), each with its own coordinator."""
    people = {name: CoordinatorFactory() for name in ("rauswege", "ina", "360")}
    made = {
        "rauswege": ProjectFactory(
            name="RausWege", regions=[region("sachsen-anhalt")], coordinators=[people["rauswege"]]
        ),
        "ina": ProjectFactory(
            name="INA", regions=[region("nordrhein-westfalen")], coordinators=[people["ina"]]
        ),
        "360": ProjectFactory(
            name="360°",
            regions=[region("essen"), region("dortmund")],
            coordinators=[people["360"]],
        ),
    }
    return made, people


def test_a_region_belongs_to_the_project_naming_it_most_closely(three):
    made, _people = three
    assert projects.project_for_region(region("essen").pk) == made["360"].pk
    assert projects.project_for_region(region("koeln").pk) == made["ina"].pk
    assert projects.project_for_region(region("nordrhein-westfalen").pk) == made["ina"].pk
    assert projects.project_for_region(region("magdeburg").pk) == made["rauswege"].pk
    district = RegionFactory(parent=region("dortmund"))  # below a 360° city
    assert projects.project_for_region(district.pk) == made["360"].pk


def test_a_region_no_project_names_belongs_to_none():
    ProjectFactory(regions=[region("sachsen-anhalt")])
    assert projects.project_for_region(region("koeln").pk) is None
    assert projects.project_for_region(None) is None


def test_findings_requests_and_talks_take_the_project_of_their_region_and_keep_a_reassignment(
    three,
):
    made, _people = three
    finding = FindingFactory(region=region("essen"))
    assert finding.project_id == made["360"].pk
    assert ConsultationRequestFactory(region=region("koeln")).project_id == made["ina"].pk
    assert WorkshopFactory(region=region("halle-saale")).project_id == made["rauswege"].pk
    # Handed over to INA: a later save keeps it.
    finding.project = made["ina"]
    finding.save()
    finding.description = "geändert"
    finding.save()
    finding.refresh_from_db()
    assert finding.project_id == made["ina"].pk


def test_rows_made_before_a_project_join_it_when_it_gets_its_regions():
    finding = FindingFactory(region=region("magdeburg"))
    other = FindingFactory(region=region("koeln"))
    assert finding.project_id is None
    project = ProjectFactory(regions=[region("sachsen-anhalt")])
    finding.refresh_from_db()
    other.refresh_from_db()
    assert finding.project_id == project.pk
    assert other.project_id is None


def test_a_coordinator_sees_the_offerings_of_their_projects_and_those_of_no_project(three):
    made, people = three
    ours = OfferingFactory(module=ModulePageFactory(project=made["ina"]))
    theirs = OfferingFactory(module=ModulePageFactory(project=made["rauswege"]))
    unassigned = OfferingFactory()
    assert set(access.offerings_for(people["ina"])) == {ours, unassigned}
    assert set(access.offerings_for(people["rauswege"])) == {theirs, unassigned}
    assert set(access.offerings_for(AdminFactory())) == {ours, theirs, unassigned}
    assert access.can_manage_offering(people["ina"], ours)
    assert not access.can_manage_offering(people["ina"], theirs)


def test_a_person_coordinating_two_projects_sees_both(three):
    made, people = three
    made["rauswege"].coordinators.add(people["ina"])
    both = CoordinatorFactory()
    made["ina"].coordinators.add(both)
    made["rauswege"].coordinators.add(both)
    ina = FindingFactory(region=region("koeln"))
    rauswege = FindingFactory(region=region("magdeburg"))
    essen = FindingFactory(region=region("essen"))
    assert set(needs_access.findings_for(both)) == {ina, rauswege}
    assert essen not in needs_access.findings_for(both)


def test_a_trainer_keeps_the_offerings_of_their_modules_whatever_the_project(three):
    made, _people = three
    trainer = TrainerFactory()
    module = ModulePageFactory(project=made["360"])
    module.trainers.add(trainer)
    module.save()
    offering = OfferingFactory(module=module)
    assert list(access.offerings_for(trainer)) == [offering]


def test_the_findings_list_shows_only_the_coordinators_project(client, three):
    _made, people = three
    essen = FindingFactory(region=region("essen"))
    magdeburg = FindingFactory(region=region("magdeburg"))
    client.force_login(people["rauswege"])
    response = client.get(reverse("needs_findings:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(magdeburg) in html
    assert str(essen) not in html


def test_the_findings_list_costs_the_same_queries_for_more_findings(
    client, three, django_assert_max_num_queries
):
    _made, people = three
    client.force_login(people["ina"])
    url = reverse("needs_findings:index")
    FindingFactory(region=region("koeln"))
    client.get(url)  # warm the caches
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        FindingFactory(region=region("koeln"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_other_projects_finding_is_not_found(client, three):
    _made, people = three
    finding = FindingFactory(region=region("essen"))
    client.force_login(people["rauswege"])
    for name in ("edit", "inspect", "delete", "history"):
        url = reverse(f"needs_findings:{name}", args=[finding.pk])
        assert client.get(url).status_code == 404, name
    client.force_login(people["360"])
    assert client.get(reverse("needs_findings:edit", args=[finding.pk])).status_code == 200


def test_bulk_actions_leave_the_other_projects_findings_alone(client, three):
    _made, people = three
    ours = FindingFactory(region=region("magdeburg"))
    theirs = FindingFactory(region=region("essen"))
    client.force_login(people["rauswege"])
    response = client.post(
        reverse("needs_findings:bulk"),
        {"ids": [ours.pk, theirs.pk], "action": "status:archived"},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == Finding.Status.ARCHIVED
    assert theirs.status == Finding.Status.NEW


def test_the_dashboard_shows_the_regions_of_the_coordinators_projects(client, three):
    _made, people = three
    client.force_login(people["360"])
    response = client.get(reverse("needs_analysis_dashboard"))
    assert response.status_code == 200
    rows = [row[0].slug for row in response.context["rows"]]
    assert rows == ["dortmund", "essen"]
    states = [state.slug for state in response.context["form"].fields["state"].queryset]
    assert states == ["nordrhein-westfalen"]
    client.force_login(people["ina"])
    rows = [row[0].slug for row in client.get(reverse("needs_analysis_dashboard")).context["rows"]]
    assert rows == ["nordrhein-westfalen"]
    client.force_login(AdminFactory())
    rows = [row[0].slug for row in client.get(reverse("needs_analysis_dashboard")).context["rows"]]
    assert rows == ["sachsen-anhalt", "nordrhein-westfalen"]


def test_a_state_outside_the_projects_cannot_be_chosen(client, three):
    _made, people = three
    client.force_login(people["360"])
    url = reverse("needs_analysis_dashboard") + f"?state={region('sachsen-anhalt').pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["state"]
    assert [row[0].slug for row in response.context["rows"]] == ["dortmund", "essen"]


def test_a_late_cancellation_is_told_to_the_projects_coordination_only(
    three, django_capture_on_commit_callbacks, mailoutbox
):
    made, people = three
    offering = OfferingFactory(module=ModulePageFactory(project=made["ina"]))
    Offering.objects.filter(pk=offering.pk).update(
        cancellation_deadline=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    )
    enrollment = EnrollmentFactory(offering=offering, status=Enrollment.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(enrollment, enrollment.user)
    coordinators = {person.email for person in people.values()}
    told = {address for message in mailoutbox for address in message.to} & coordinators
    assert told == {people["ina"].email}


def test_a_project_without_coordinators_tells_the_administrators_not_other_projects():
    lonely = ProjectFactory(regions=[region("sachsen-anhalt")])
    elsewhere = CoordinatorFactory()
    ProjectFactory(regions=[region("nordrhein-westfalen")], coordinators=[elsewhere])
    admin = AdminFactory()
    CoordinatorFactory(mfa=False)  # without a second factor: never told
    assert list(projects.people_to_tell(lonely.pk)) == [admin]
    # Something of no project: the whole coordination.
    assert list(projects.people_to_tell(None)) == [elsewhere]


# The state coordination ("Landeskoordination"): figures of the projects it reads, no more -----


@pytest.fixture
def state_coordinator(three):
    made, _people = three
    person = StateCoordinatorFactory()
    made["ina"].observers.add(person)
    made["360"].observers.add(person)
    return person


def test_the_state_coordination_reads_the_dashboard_of_its_projects_without_the_findings(
    client, three, state_coordinator
):
    FindingFactory(region=region("koeln"))
    client.force_login(state_coordinator)
    response = client.get(reverse("needs_analysis_dashboard"))
    assert response.status_code == 200
    assert [row[0].slug for row in response.context["rows"]] == ["nordrhein-westfalen"]
    assert all(
        url == ""
        for _region, _depth, cells, _d in response.context["rows"]
        for _topic, _cell, url in cells
    )
    assert reverse("needs_findings:index") not in response.content.decode()
    # The findings themselves, the requests and the offerings stay closed.
    for url in (
        reverse("needs_findings:index"),
        reverse("needs_consultations:index"),
        reverse("needs_analysis_recommendations"),
        "/admin/offerings/",
    ):
        assert client.get(url)["Location"] == "/admin/", url


def test_the_state_coordination_reports_on_the_offerings_of_its_projects_only(
    three, state_coordinator
):
    made, _people = three
    ina = OfferingFactory(module=ModulePageFactory(project=made["ina"]))
    OfferingFactory(module=ModulePageFactory(project=made["rauswege"]))
    assert access.can_see_funding_report(state_coordinator)
    assert list(access.funding_report_offerings(state_coordinator)) == [ina]
    assert not access.can_read_findings(state_coordinator)
    assert list(access.offerings_for(state_coordinator)) == []


def test_the_state_coordination_opens_the_funders_report(client, state_coordinator):
    client.force_login(state_coordinator)
    assert client.get(reverse("courses_funding_report")).status_code == 200


def test_the_triage_list_shows_and_takes_the_answers_of_the_coordinators_projects(client, three):
    made, people = three
    ours = make_evaluation(OfferingFactory(module=ModulePageFactory(project=made["ina"])))
    theirs = make_evaluation(OfferingFactory(module=ModulePageFactory(project=made["rauswege"])))
    client.force_login(people["ina"])
    url = reverse("needs_analysis_triage")
    response = client.get(url)
    assert response.status_code == 200
    assert [item["answer"] for item in response.context["items"]] == [ours]
    prefix = f"e{theirs.pk}"
    response = client.post(url, {"evaluation": theirs.pk, f"{prefix}-action": "dismiss"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.triaged
