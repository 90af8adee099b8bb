"""The needs-analysis admin: who sees what, query counts, actions through the services."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.models import Offering
from needs_analysis import aggregates
from needs_analysis.models import REDACTED_TEXT, Finding
from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.factories import AdminFactory, CoordinatorFactory, ProfessionalFactory, TrainerFactory
from tests.needs_analysis.factories import FindingFactory
from tests.needs_analysis.responses import is_private

pytestmark = pytest.mark.django_db


COORDINATOR_ONLY = [
    ("needs_analysis_dashboard", []),
    ("needs_analysis_recommendations", []),
    ("needs_findings:index", []),
    ("needs_findings:add", []),
    ("needs_consultations:index", []),
    ("needs_in_house:index", []),
    ("needs_interests:index", []),
]


def test_coordinators_get_the_permissions_and_trainers_none():
    coordinators = set(
        Group.objects.get(name="Koordination").permissions.values_list("codename", flat=True)
    )
    trainers = set(
        Group.objects.get(name="Referent*innen").permissions.values_list("codename", flat=True)
    )
    assert {"view_finding", "change_finding", "add_finding", "view_consultationrequest"} <= (
        coordinators
    )
    assert {"change_needsanalysissettings", "view_workshop", "change_workshop"} <= coordinators
    assert not {c for c in trainers if c.endswith(("finding", "consultationrequest"))}


@pytest.mark.parametrize(("name", "args"), COORDINATOR_ONLY)
def test_every_view_is_for_coordinators_only(client, name, args):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # to the login
    # Professionals have no admin access (to the login), trainers no permission (to the admin
    # home).
    for person, to in ((ProfessionalFactory(), "/konto/login/"), (TrainerFactory(), "/admin/")):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].split("?")[0] == to
    client.force_login(CoordinatorFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert is_private(response)
    client.force_login(AdminFactory())
    assert client.get(url).status_code == 200


def test_finding_detail_views_and_exports_are_for_coordinators_only(client, topic):
    finding = FindingFactory(topics=[topic], description="Bedarf an Fallberatung")
    offering = OfferingFactory()
    urls = [
        reverse("needs_findings:inspect", args=[finding.pk]),
        reverse("needs_findings:edit", args=[finding.pk]),
        reverse("needs_findings:for_offering", args=[offering.pk]),
        reverse("needs_findings:index") + "?export=csv",
        reverse("needs_findings:index") + "?export=xlsx",
    ]
    for url in urls:
        client.logout()
        assert client.get(url).status_code == 302
        # Professionals have no admin access (to the login), trainers no permission (to the
        # admin home).
        for person, to in (
            (ProfessionalFactory(), "/konto/login/"),
            (TrainerFactory(), "/admin/"),
        ):
            client.force_login(person)
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].split("?")[0] == to, url
        client.force_login(CoordinatorFactory())
        response = client.get(url)
        assert response.status_code == 200, url
        assert is_private(response)


def test_trainer_sees_aggregates_for_their_topics_only(client, topic, other_topic):
    trainer = TrainerFactory()
    module = ModulePageFactory()
    module.topics.set([topic])
    module.trainers.add(trainer)
    module.save()
    FindingFactory(topics=[topic], staff_affected=3, description="Geheime Beschreibung")
    url = reverse("needs_analysis_trainer")
    assert client.get(url).status_code == 302
    client.force_login(ProfessionalFactory())
    response = client.get(url)  # no admin access: Wagtail sends them to the login
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200
    assert is_private(response)
    assert [t.pk for t in response.context["matrix"].topics] == [topic.pk]
    assert "Geheime Beschreibung" not in response.content.decode()
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 200


def test_menu_shows_the_needs_analysis_to_coordinators_only(client):
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("needs_analysis_dashboard") in page
    client.force_login(TrainerFactory())
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{reverse("needs_analysis_dashboard")}"' not in page
    assert reverse("needs_analysis_trainer") in page


def test_dashboard_shows_numbers_and_labels_and_drills_down(client, topic, magdeburg, state):
    FindingFactory(topics=[topic], staff_affected=4)
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("needs_analysis_dashboard"))
    html = response.content.decode()
    assert '<th scope="col">Rechtsextremismus</th>' in html
    assert "not covered" in html or "ungedeckt" in html
    # Without a state: the states only, each leading to its districts.
    assert [region.pk for region in response.context["matrix"].regions if region.parent_id] == []
    assert f"state={state.pk}" in html
    response = client.get(reverse("needs_analysis_dashboard") + f"?state={state.pk}")
    html = response.content.decode()
    drill = f"topics={topic.pk}&amp;region={magdeburg.pk}"
    assert drill in html
    listing = client.get(
        reverse("needs_findings:index") + f"?counting=true&topics={topic.pk}&region={magdeburg.pk}"
    )
    assert len(listing.context["object_list"]) == 1
    # The drill-down repeats the cell's numbers.
    summary = listing.content.decode().split('id="cell-summary-heading"', 1)[1].split("</dl>")[0]
    assert "Magdeburg" in summary and "<dd>4,0</dd>" in summary and "<dd>0</dd>" in summary


def test_region_filter_of_the_findings_list_includes_the_districts(client, topic, state, nrw):
    FindingFactory(topics=[topic])
    client.force_login(CoordinatorFactory())
    url = reverse("needs_findings:index")
    assert len(client.get(f"{url}?region={state.pk}").context["object_list"]) == 1
    assert len(client.get(f"{url}?region={nrw.pk}").context["object_list"]) == 0


def _bulk_create(count, topic, region):
    findings = Finding.objects.bulk_create(
        Finding(region=region, staff_affected=1 + i % 5, urgency=["low", "medium", "high"][i % 3])
        for i in range(count)
    )
    Finding.topics.through.objects.bulk_create(
        Finding.topics.through(finding_id=f.pk, topic_id=topic.pk) for f in findings
    )
    # Bulk writes send no signals: whoever writes that way says so (needs_analysis.aggregates).
    aggregates.findings_changed()


def test_dashboard_query_count_does_not_grow_with_findings(
    client, topic, magdeburg, halle, django_assert_max_num_queries
):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_dashboard")
    _bulk_create(100, topic, magdeburg)
    client.get(url)  # warm caches
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    queries = len(few.captured_queries)
    _bulk_create(9_900, topic, halle)
    # The sums are cached per data version: warm them again (the first view after a change
    # is counted in tests/needs_analysis/test_scale_queries.py).
    client.get(url)
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["matrix"].cell(topic, halle).findings == 9_900


def test_findings_list_query_count_is_constant(
    client, topic, magdeburg, django_assert_max_num_queries
):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_findings:index")
    FindingFactory(topics=[topic]).offerings.add(OfferingFactory())
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for _ in range(10):
        FindingFactory(topics=[topic]).offerings.add(OfferingFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 11


def test_views_and_exports_are_audit_logged(client, topic):
    FindingFactory(topics=[topic])
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.get(reverse("needs_findings:index"))
    response = client.get(reverse("needs_findings:index") + "?export=csv")
    assert "Fachkr" in response.content.decode("utf-8-sig")
    actions = list(ModelLogEntry.objects.filter(user=coordinator).values_list("action", flat=True))
    assert "needs_analysis.findings.viewed" in actions
    assert "needs_analysis.findings.exported" in actions


def test_csv_export_neutralises_formulas(client, topic):
    FindingFactory(topics=[topic], description='=HYPERLINK("https://example.org","Klick")')
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("needs_findings:index") + "?export=csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = response.content.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert ";" in header
    assert "'=HYPERLINK(" in text
    assert not any(cell.strip('"').startswith("=") for row in rows for cell in row.split(";"))


def test_xlsx_export(client, topic):
    FindingFactory(topics=[topic])
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("needs_findings:index") + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_bulk_status_redaction_and_merge(client, topic, other_topic):
    first = FindingFactory(topics=[topic], staff_affected=2, description="Name: Max M.")
    second = FindingFactory(topics=[other_topic], staff_affected=3)
    offering = OfferingFactory()
    second.offerings.add(offering)
    url = reverse("needs_findings:bulk")
    client.force_login(TrainerFactory())
    response = client.post(url, {"ids": [first.pk], "action": "redact"})
    assert response.status_code == 302  # Wagtail's "no permission": back to the admin home
    assert response["Location"] == "/admin/"
    first.refresh_from_db()
    assert not first.redacted
    client.force_login(CoordinatorFactory())
    client.post(url, {"ids": [first.pk, second.pk], "action": "status:reviewed"})
    assert set(Finding.objects.values_list("status", flat=True)) == {"reviewed"}
    client.post(url, {"ids": [first.pk], "action": "redact"})
    first.refresh_from_db()
    assert (first.description, first.redacted) == (REDACTED_TEXT, True)
    client.post(url, {"ids": [first.pk, second.pk], "action": "merge"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.staff_affected == 5
    assert set(first.topics.all()) == {topic, other_topic}
    assert list(first.offerings.all()) == [offering]
    assert second.status == Finding.Status.ARCHIVED


def test_plan_offering_from_a_recommendation(client, topic, magdeburg, module_for):
    module = module_for(topic)
    findings = [FindingFactory(topics=[topic], staff_affected=20) for _ in range(2)]
    recommendations = client.get(reverse("needs_analysis_recommendations"))
    assert recommendations.status_code == 302
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("needs_analysis_recommendations"))
    assert module.title in page.content.decode()
    response = client.post(
        reverse("needs_analysis_plan"),
        {"topic": topic.pk, "region": magdeburg.pk, "module": module.pk, "capacity": 24},
    )
    offering = Offering.objects.get(module=module)
    assert response.status_code == 302
    assert response["Location"] == reverse("offerings:edit", args=[offering.pk])
    assert offering.status == Offering.Status.PLANNED
    assert offering.capacity == 24
    assert set(offering.findings.all()) == set(findings)
    assert set(Finding.objects.values_list("status", flat=True)) == {"planned"}
    finding_page = client.get(reverse("needs_findings:inspect", args=[findings[0].pk]))
    assert reverse("offerings:edit", args=[offering.pk]) in finding_page.content.decode()
    behind = client.get(reverse("needs_findings:for_offering", args=[offering.pk]))
    assert len(behind.context["findings"]) == 2


def test_trainers_cannot_plan(client, topic, magdeburg, module_for):
    module = module_for(topic)
    client.force_login(TrainerFactory())
    response = client.post(
        reverse("needs_analysis_plan"),
        {"topic": topic.pk, "region": magdeburg.pk, "module": module.pk},
    )
    assert response.status_code == 302  # Wagtail's "no permission": back to the admin home
    assert response["Location"] == "/admin/"
    assert not Offering.objects.exists()


def test_the_dashboard_is_headed_with_its_own_title(client):
    from tests.factories import CoordinatorFactory

    client.force_login(CoordinatorFactory())
    html = client.get("/admin/needs/").content.decode()
    breadcrumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert "Bedarfsanalyse" in breadcrumbs  # the visible heading, not only "Startseite"


def _csv_rows(response):
    import csv
    import io

    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for German Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_findings_csv_has_translated_headings_and_choice_labels(client, topic):
    from django.utils import translation
    from django.utils.translation import gettext as _

    FindingFactory(
        topics=[topic],
        channel=Finding.Channel.IN_HOUSE,
        status=Finding.Status.NEW,
        phase=Finding.Phase.AFTER_RELEASE,
        kind=Finding.Kind.MATERIAL,
        urgency=Finding.Urgency.HIGH,
    )
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("needs_findings:index") + "?export=csv")
    assert response.status_code == 200
    header, row = _csv_rows(response)
    with translation.override("de"):
        expected_header = [
            "ID",
            "Erfasst am",
            str(_("Channel")),
            "Status",
            "Region",
            "Arbeitsfeld",
            str(_("Topics")),
            str(_("Phase")),
            str(_("Kind of need")),
            "Dringlichkeit",
        ]
        labels = [
            str(Finding.Channel.IN_HOUSE.label),
            str(Finding.Status.NEW.label),
            str(Finding.Phase.AFTER_RELEASE.label),
            str(Finding.Kind.MATERIAL.label),
            str(Finding.Urgency.HIGH.label),
        ]
    assert header[: len(expected_header)] == expected_header
    assert not [title for title in header if "labels" in title or title.startswith("get_")]
    assert [row[2], row[3], row[7], row[8], row[9]] == labels
    assert not {"in_house", "new", "after_release", "material", "high"} & set(row)
    assert row[6] == topic.label
