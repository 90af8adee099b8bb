"""Workshop records (multi-row form and sheet import), evaluation triage, consultations."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from courses.models import Evaluation
from needs_analysis.models import Finding
from portal.models import Region, Topic
from tests.courses.factories import OfferingFactory
from tests.factories import AdminFactory, CoordinatorFactory, ProfessionalFactory, TrainerFactory
from tests.needs_analysis.factories import ConsultationRequestFactory, WorkshopFactory
from tests.needs_analysis.responses import is_private
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(db):
    return WorkshopFactory(
        region=Region.objects.get(slug="stendal"),
        status=Workshop.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=10),
    )


def row(prefix, index, **values):
    data = {
        f"{prefix}-{index}-topics": values.get("topics", []),
        f"{prefix}-{index}-audience": values.get("audience", ""),
        f"{prefix}-{index}-phase": values.get("phase", ""),
        f"{prefix}-{index}-kind": values.get("kind", "knowledge"),
        f"{prefix}-{index}-urgency": values.get("urgency", "medium"),
        f"{prefix}-{index}-staff_affected": values.get("staff_affected", "1"),
        f"{prefix}-{index}-description": values.get("description", ""),
    }
    return data


def formset_data(rows):
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for index, values in enumerate(rows):
        data.update(row("rows", index, **values))
    return data


def test_record_views_are_for_coordinators_only(client, workshop):
    urls = [
        reverse("needs_analysis_workshop_findings", args=[workshop.pk]),
        reverse("needs_analysis_workshop_import", args=[workshop.pk]),
        reverse("needs_analysis_import_template", args=["csv"]),
        reverse("needs_analysis_import_template", args=["xlsx"]),
        reverse("needs_analysis_triage"),
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
        for person in (CoordinatorFactory(), AdminFactory()):
            client.force_login(person)
            response = client.get(url)
            assert response.status_code == 200, url
            assert is_private(response)


def test_multi_row_form_records_findings_of_the_workshop(client, workshop):
    client.force_login(CoordinatorFactory())
    extremism = Topic.objects.get(slug="rechtsextremismus")
    release = Topic.objects.get(slug="nach-der-haft")
    data = formset_data(
        [
            {"topics": [extremism.pk], "urgency": "high", "staff_affected": "7"},
            {"topics": [release.pk, extremism.pk], "phase": "after_release"},
            {},  # blank rows are skipped
        ]
    )
    url = reverse("needs_analysis_workshop_findings", args=[workshop.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    findings = Finding.objects.order_by("pk")
    assert findings.count() == 2
    for finding in findings:
        assert finding.channel == Finding.Channel.WORKSHOP
        assert finding.workshop == workshop
        assert finding.region.slug == "stendal"
        assert finding.recorded_on == timezone.localtime(workshop.starts_at).date()
    assert findings[0].staff_affected == 7
    assert set(findings[1].topics.all()) == {extremism, release}


def test_multi_row_form_with_an_invalid_row_saves_nothing(client, workshop):
    client.force_login(CoordinatorFactory())
    extremism = Topic.objects.get(slug="rechtsextremismus")
    data = formset_data(
        [{"topics": [extremism.pk]}, {"description": "ohne Thema", "staff_affected": "0"}]
    )
    response = client.post(reverse("needs_analysis_workshop_findings", args=[workshop.pk]), data)
    assert response.status_code == 200
    assert not Finding.objects.exists()


def csv_upload(text, name="befunde.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


GOOD_CSV = (
    "Themen;Arbeitsfeld;Phase;Art;Dringlichkeit;Anzahl Fachkräfte;Beschreibung\n"
    "Rechtsextremismus;Bewährungshilfe;nach der Entlassung;Handlungssicherheit;hoch;8;A\n"
    "nach-der-haft, gmf;;;;;3;B\n"
)
BAD_CSV = (
    "Themen;Arbeitsfeld;Phase;Art;Dringlichkeit;Anzahl Fachkräfte;Beschreibung\n"
    "Rechtsextremismus;Bewährungshilfe;;;hoch;8;A\n"
    "Astrologie;;;;;3;B\n"
    "Rechtsextremismus;;;;sehr hoch;null;C\n"
)


def test_import_with_errors_saves_nothing_until_corrected(client, workshop):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_workshop_import", args=[workshop.pk])
    response = client.post(url, {"sheet": csv_upload(BAD_CSV)})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [bool(r["errors"]) for r in rows] == [False, True, True]
    assert "Astrologie" in " ".join(rows[1]["errors"])
    assert not response.context["valid"]
    assert "payload" not in response.context
    assert not Finding.objects.exists()

    response = client.post(url, {"sheet": csv_upload(GOOD_CSV)})
    assert response.context["valid"]
    assert not Finding.objects.exists()  # the preview saves nothing
    response = client.post(url, {"confirm": "1", "payload": response.context["payload"]})
    assert response.status_code == 302
    findings = Finding.objects.order_by("pk")
    assert findings.count() == 2
    assert findings[0].urgency == "high" and findings[0].phase == "after_release"
    assert findings[0].kind == "confidence" and findings[0].staff_affected == 8
    assert set(findings[1].topics.values_list("slug", flat=True)) == {"nach-der-haft", "gmf"}
    assert all(f.workshop == workshop and f.region.slug == "stendal" for f in findings)


def test_import_of_an_xlsx_sheet(client, workshop):
    client.force_login(CoordinatorFactory())
    book = Workbook()
    sheet = book.active
    sheet.append(["Topics", "Urgency", "Staff affected"])
    sheet.append(["Threat management", "low", 4])
    output = io.BytesIO()
    book.save(output)
    upload = SimpleUploadedFile("befunde.xlsx", output.getvalue())
    url = reverse("needs_analysis_workshop_import", args=[workshop.pk])
    response = client.post(url, {"sheet": upload})
    assert response.context["valid"], response.context["rows"]
    client.post(url, {"confirm": "1", "payload": response.context["payload"]})
    finding = Finding.objects.get()
    assert finding.topics.get().slug == "bedrohungsmanagement"
    assert (finding.urgency, finding.staff_affected) == ("low", 4)


def test_a_tampered_payload_saves_nothing(client, workshop):
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_workshop_import", args=[workshop.pk])
    response = client.post(url, {"confirm": "1", "payload": "forged"})
    assert response.status_code == 302
    assert not Finding.objects.exists()


def test_the_template_lists_the_columns(client):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("needs_analysis_import_template", args=["csv"]))
    assert response.content.decode("utf-8-sig").startswith("Themen;Arbeitsfeld;Phase")


def make_evaluation(offering, text="Mehr zu Bedrohungsmanagement"):
    return Evaluation.objects.create(
        offering=offering,
        submitted_on=timezone.localdate(),
        relevance=4,
        content=4,
        methods=4,
        trainer=5,
        organisation=4,
        overall=4,
        need_met="partly",
        further_topics=text,
    )


def test_triage_turns_an_answer_into_a_finding_or_dismisses_it(client):
    offering = OfferingFactory(region=Region.objects.get(slug="dortmund"))
    first, second = make_evaluation(offering), make_evaluation(offering, "Clan-Narrative")
    make_evaluation(offering, "")  # nothing to triage
    client.force_login(CoordinatorFactory())
    url = reverse("needs_analysis_triage")
    response = client.get(url)
    assert [item["answer"] for item in response.context["items"]] == [first, second]
    topic = Topic.objects.get(slug="bedrohungsmanagement")
    prefix = f"e{first.pk}"
    response = client.post(
        url,
        {
            "evaluation": first.pk,
            f"{prefix}-topics": [topic.pk],
            f"{prefix}-kind": "knowledge",
            f"{prefix}-urgency": "medium",
            f"{prefix}-staff_affected": "2",
            f"{prefix}-description": "Mehr zu Bedrohungsmanagement",
            f"{prefix}-action": "finding",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.channel == Finding.Channel.EVALUATION
    assert finding.region.slug == "dortmund"
    assert finding.topics.get() == topic
    prefix = f"e{second.pk}"
    client.post(
        url,
        {
            "evaluation": second.pk,
            f"{prefix}-kind": "knowledge",
            f"{prefix}-urgency": "medium",
            f"{prefix}-staff_affected": "1",
            f"{prefix}-action": "dismiss",
        },
    )
    assert Finding.objects.count() == 1
    assert set(Evaluation.objects.filter(triaged=True)) == {first, second}
    assert client.get(url).context["items"] == []


def test_every_view_of_a_consultation_request_is_audit_logged(client):
    request = ConsultationRequestFactory()
    client.force_login(CoordinatorFactory())
    for name in ("needs_consultations:inspect", "needs_consultations:edit"):
        response = client.get(reverse(name, args=[request.pk]))
        assert response.status_code == 200
        assert is_private(response)
    assert (
        ModelLogEntry.objects.filter(
            action="needs_analysis.consultation.viewed", object_id=str(request.pk)
        ).count()
        == 2
    )
    client.get(reverse("needs_consultations:index"))
    assert ModelLogEntry.objects.filter(action="needs_analysis.consultations.viewed").exists()


def test_coordinators_assign_and_close_consultation_requests(client):
    request = ConsultationRequestFactory()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    url = reverse("needs_consultations:edit", args=[request.pk])
    response = client.post(
        url,
        {
            "status": "closed",
            "assigned_to": coordinator.pk,
            "region": request.region_id,
            "audience": "",
            "phase": "",
            "description": request.description,
            "preferred_contact": "",
            "internal_notes": "Beraten am Telefon.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    request.refresh_from_db()
    assert request.assigned_to == coordinator
    assert request.closed_at is not None
    assert request.internal_notes == "Beraten am Telefon."
    # Status and assignment went through the consultation service, which logged both.
    logged = set(
        ModelLogEntry.objects.filter(object_id=str(request.pk)).values_list("action", flat=True)
    )
    assert {"needs_analysis.consultation.assigned", "needs_analysis.consultation.closed"} <= (
        logged
    )


def test_the_edit_form_offers_only_the_coordinators_of_the_requests_project(client):
    from portal.models import Region
    from tests.factories import ProjectFactory

    ours, theirs = CoordinatorFactory(), CoordinatorFactory()
    ProjectFactory(regions=[Region.objects.get(slug="sachsen-anhalt")], coordinators=[ours])
    ProjectFactory(regions=[Region.objects.get(slug="nordrhein-westfalen")], coordinators=[theirs])
    request = ConsultationRequestFactory()  # Magdeburg
    client.force_login(ours)
    response = client.get(reverse("needs_consultations:edit", args=[request.pk]))
    assert response.status_code == 200
    assert list(response.context["form"].fields["assigned_to"].queryset) == [ours]


def test_the_workshop_listing_offers_record_findings(client, workshop):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("workshop_talks:inspect", args=[workshop.pk]))
    assert reverse("needs_analysis_workshop_findings", args=[workshop.pk]) in (
        response.content.decode()
    )
