"""Qualification certificates (R11) as PDF, on the verification page, in the download's access
rules, in the data export and erasure and in the training history; module certificates with a
validity print and show it too."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from courses import services
from courses.models import Certificate, CertificateRenewal, Qualification
from portal import privacy
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, default_catalog
from tests.courses.past_offerings import attend_all, past_offering, pdf_text
from tests.factories import (
    AdminFactory,
    CoordinatorFactory,
    ProfessionalFactory,
    ProjectFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PARTS = [
    {
        "title": "Grundlagen der Straffälligenhilfe",
        "dates": "3. und 4. März 2026",
        "first_date": "2026-03-03",
        "last_date": "2026-03-04",
        "hours": "14.0",
        "teaching_units": 16,
        "provider": "Bildungswerk Magdeburg e. V.",
        "code": "aaaaaaaaaa",
    },
    {
        "title": "Übergangsmanagement nach der Haft",
        "dates": "12. Mai 2026",
        "first_date": "2026-05-12",
        "last_date": "2026-05-12",
        "hours": "7.5",
        "teaching_units": 8,
        "provider": "Verein Neustart Halle e. V.",
        "code": "bbbbbbbbbb",
    },
]


def english_date(day) -> str:
    with translation.override("en"):
        return date_format(day, "DATE_FORMAT")


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def qualification(project):
    return default_catalog().add_child(
        instance=Qualification(
            title="Fachkraft Übergangsmanagement",
            slug="fachkraft-uebergangsmanagement",
            project=project,
            requirements=[],
            validity_months=36,
        )
    )


@pytest.fixture
def holder():
    return ProfessionalFactory(first_name="Frieda", last_name="Fachkraft")


def make_qualification_certificate(holder, qualification, **fields):
    values = {
        "kind": Certificate.Kind.QUALIFICATION,
        "holder": holder,
        "qualification": qualification,
        "issued_at": timezone.now(),
        "participant_name": holder.get_full_name(),
        "module_title": qualification.title,
        "first_date": datetime.date(2026, 3, 3),
        "last_date": datetime.date(2026, 5, 12),
        "dates_text": "12. Mai 2026",
        "hours": "21.5",
        "teaching_units": 24,
        "provider": "Bildungswerk Magdeburg e. V., Verein Neustart Halle e. V.",
        "funders": "Europäischer Sozialfonds Plus, Ministerium für Justiz",
        "parts": PARTS,
        "valid_until": TODAY + datetime.timedelta(days=400),
        **fields,
    }
    return Certificate.objects.create(**values)


@pytest.fixture
def certificate(holder, qualification):
    return make_qualification_certificate(holder, qualification)


@pytest.fixture
def module_certificate(project):
    module = ModulePageFactory(
        title="Rechtsextremismus erkennen",
        duration_hours=14,
        teaching_units=16,
        provider=ProviderFactory(name="Bildungswerk Magdeburg e. V."),
        project=project,
    )
    offering = past_offering(days=2, module=module)
    enrollment = EnrollmentFactory(
        offering=offering, user__first_name="Mira", user__last_name="Modul"
    )
    attend_all(offering)
    return services.issue_certificate(enrollment)


def pdf_url(certificate) -> str:
    return reverse("courses:certificate_pdf", args=[certificate.code])


def verify_html(client, certificate, status=200) -> str:
    response = client.get(f"/en/nachweis/{certificate.code}/")
    assert response.status_code == status
    assert response["X-Robots-Tag"].startswith("noindex")
    return response.content.decode()


# The PDF -----------------------------------------------------------------------------------------


def test_the_qualification_pdf_lists_modules_funders_totals_and_validity(
    client, holder, certificate
):
    client.force_login(holder)
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="qualifikationszertifikat-{certificate.code}.pdf"'
    )
    text = pdf_text(response.content)
    assert "Frieda Fachkraft" in text
    assert "Fachkraft Übergangsmanagement" in text
    for part in PARTS:
        assert part["title"] in text
        assert part["dates"] in text
    assert "Bildungswerk Magdeburg e. V." in text
    assert "Verein Neustart Halle e. V." in text
    assert "Europäischer Sozialfonds Plus, Ministerium für Justiz" in text
    assert "Gefördert von" in text
    assert "21,5" in text and "24" in text  # the totals: 14 + 7.5 hours, 16 + 8 units
    assert date_format(certificate.valid_until, "DATE_FORMAT") in text
    assert certificate.code in text
    # The PDF may break the long address at its slashes.
    assert f"/nachweis/{certificate.code}/" in text.replace("/ ", "/")


def test_a_module_certificate_with_a_validity_prints_it(client, module_certificate):
    Certificate.objects.filter(pk=module_certificate.pk).update(
        valid_until=datetime.date(2029, 3, 31)
    )
    client.force_login(module_certificate.holder)
    response = client.get(pdf_url(module_certificate))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert (
        disposition
        == f'attachment; filename="teilnahmebescheinigung-{module_certificate.code}.pdf"'
    )
    text = pdf_text(response.content)
    assert "Rechtsextremismus erkennen" in text
    assert date_format(datetime.date(2029, 3, 31), "DATE_FORMAT") in text


# The verification page ---------------------------------------------------------------------------


def test_a_valid_qualification_certificate_names_it_and_its_modules(client, certificate):
    html = verify_html(client, certificate)
    assert 'data-status="valid"' in html
    assert "<dt>Qualification</dt>" in html
    assert "<dt>Module</dt>" not in html
    assert "Fachkraft Übergangsmanagement" in html
    assert "Frieda Fachkraft" in html
    for part in PARTS:
        assert part["title"] in html and part["dates"] in html
    assert f"Valid until {english_date(certificate.valid_until)}." in html
    assert certificate.holder.email not in html
    # German, the default language, answers the same (status code and status).
    response = client.get(certificate.get_absolute_url())
    assert response.status_code == 200
    assert 'data-status="valid"' in response.content.decode()


def test_an_expired_certificate_says_since_when_without_being_an_error(client, certificate):
    until = TODAY - datetime.timedelta(days=3)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=until)
    html = verify_html(client, certificate)
    assert 'data-status="expired"' in html
    assert f"Expired on {english_date(until)}" in html  # in words, not by colour alone
    assert "Valid: this certificate" not in html


def test_the_last_day_of_validity_is_still_valid(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=TODAY)
    assert 'data-status="valid"' in verify_html(client, certificate)


def test_a_revoked_qualification_certificate(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=TODAY - datetime.timedelta(days=3)
    )
    services.revoke_certificate(certificate, CoordinatorFactory(), "Modul doppelt gezählt")
    html = verify_html(client, certificate)
    assert 'data-status="revoked"' in html  # revoked comes before expired
    assert "revoked" in html
    assert "Modul doppelt gezählt" in html


def test_the_last_renewal_is_shown(client, certificate):
    first = CertificateRenewal.objects.create(
        certificate=certificate,
        module_title="Auffrischung 2027",
        attended_on=TODAY,
        previous_valid_until=TODAY,
        valid_until=TODAY + datetime.timedelta(days=365),
    )
    latest = CertificateRenewal.objects.create(
        certificate=certificate,
        module_title="Auffrischung 2028",
        attended_on=TODAY,
        previous_valid_until=first.valid_until,
        valid_until=TODAY + datetime.timedelta(days=730),
    )
    html = verify_html(client, certificate)
    renewed_on = english_date(timezone.localdate(latest.renewed_at))
    assert f"Renewed on {renewed_on} until {english_date(latest.valid_until)}" in html


@pytest.mark.parametrize(
    ("valid_until", "status", "words"),
    [
        (None, "valid", "Valid: this certificate was issued by this platform."),
        (TODAY + datetime.timedelta(days=30), "valid", "Valid until"),
        (TODAY - datetime.timedelta(days=1), "expired", "Expired on"),
    ],
)
def test_module_certificates_show_their_validity(
    client, module_certificate, valid_until, status, words
):
    Certificate.objects.filter(pk=module_certificate.pk).update(valid_until=valid_until)
    html = verify_html(client, module_certificate)
    assert f'data-status="{status}"' in html
    assert words in html
    assert "<dt>Module</dt>" in html and "<dt>Qualification</dt>" not in html
    if valid_until:
        assert english_date(valid_until) in html


def test_a_revoked_module_certificate_and_an_unknown_code(client, module_certificate):
    services.revoke_certificate(module_certificate, None, "Fehler")
    assert 'data-status="revoked"' in verify_html(client, module_certificate)
    response = client.get("/en/nachweis/unbekannt99/")
    assert response.status_code == 404
    assert "unbekannt99" in response.content.decode()


def test_the_verification_page_takes_a_fixed_number_of_queries(
    client, certificate, django_assert_max_num_queries
):
    client.get(certificate.get_absolute_url())  # warm the site and settings caches
    for day in range(5):
        CertificateRenewal.objects.create(
            certificate=certificate,
            module_title=f"Auffrischung {day}",
            attended_on=TODAY,
            previous_valid_until=TODAY,
            valid_until=TODAY + datetime.timedelta(days=day + 1),
        )
    with django_assert_max_num_queries(12):
        assert client.get(certificate.get_absolute_url()).status_code == 200


# Who may download the PDF ------------------------------------------------------------------------


def test_who_may_download_a_qualification_certificate(client, project, holder, certificate):
    url = pdf_url(certificate)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")

    coordinator = CoordinatorFactory()
    project.coordinators.add(coordinator)
    other = CoordinatorFactory()
    ProjectFactory(coordinators=[other])
    expected = {
        holder: 200,
        ProfessionalFactory(): 403,
        coordinator: 200,
        other: 403,
        AdminFactory(): 200,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user

    services.revoke_certificate(certificate, coordinator, "Irrtum")
    client.force_login(holder)
    assert client.get(url).status_code == 404  # for its holder it no longer exists
    client.force_login(ProfessionalFactory())
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200  # the coordination keeps it (marked revoked)


def test_module_certificates_keep_their_rule(client, project, module_certificate):
    url = pdf_url(module_certificate)
    coordinator, other = CoordinatorFactory(), CoordinatorFactory()
    project.coordinators.add(coordinator)
    ProjectFactory(coordinators=[other])
    for user, status in {
        module_certificate.holder: 200,
        ProfessionalFactory(): 403,
        coordinator: 200,
        other: 403,
    }.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
    services.revoke_certificate(module_certificate, None, "Fehler")
    client.force_login(module_certificate.holder)
    assert client.get(url).status_code == 404


def test_a_certificate_of_a_deleted_qualification_is_for_administrators(
    client, holder, certificate, project
):
    coordinator = CoordinatorFactory()
    project.coordinators.add(coordinator)
    Certificate.objects.filter(pk=certificate.pk).update(qualification=None)
    for user, status in {holder: 200, coordinator: 403, AdminFactory(): 200}.items():
        client.force_login(user)
        assert client.get(pdf_url(certificate)).status_code == status, user


# Export, erasure and the training history --------------------------------------------------------


def test_the_export_holds_the_qualification_certificate_with_its_modules(holder, certificate):
    from portal.data_summary import LABELS

    CertificateRenewal.objects.create(
        certificate=certificate,
        module_title="Auffrischung 2027",
        attended_on=TODAY,
        previous_valid_until=certificate.valid_until,
        valid_until=certificate.valid_until + datetime.timedelta(days=365),
    )
    exported = privacy.export_user_data(holder)["certificates"]
    assert exported[0]["renewals"][0]["module"] == "Auffrischung 2027"
    keys = {key for c in exported for key in c}
    keys |= {key for c in exported for m in c["counted_modules"] + c["renewals"] for key in m}
    # Every key has a label in the readable summary ("_label" keys replace their sibling).
    assert sorted(k for k in keys if k not in LABELS and not k.endswith("_label")) == []
    assert [c["code"] for c in exported] == [certificate.code]
    assert exported[0]["certificate_kind"] == "qualification"
    assert [m["module"] for m in exported[0]["counted_modules"]] == [p["title"] for p in PARTS]
    assert exported[0]["valid_until"] == certificate.valid_until.isoformat()


def test_deleting_the_account_keeps_the_qualification_certificate_with_initials(
    client, holder, certificate, module_certificate
):
    privacy.delete_account(holder)
    certificate.refresh_from_db()
    assert certificate.participant_name == "F. F."
    assert certificate.holder_deleted_at is not None
    assert certificate.holder_id is None
    html = verify_html(client, certificate)
    assert 'id="holder-deleted"' in html and "Frieda" not in html
    for part in PARTS:
        assert part["title"] in html
    module_certificate.refresh_from_db()  # somebody else's: untouched
    assert module_certificate.participant_name == "Mira Modul"
    assert module_certificate.holder_deleted_at is None


def test_the_history_lists_the_qualification_after_its_modules(client, holder, certificate):
    offering = past_offering(days=1, module__title="Grundlagen der Straffälligenhilfe")
    EnrollmentFactory(offering=offering, user=holder)
    attend_all(offering)
    module_certificate = services.issue_certificate(offering.enrollments.get())
    Certificate.objects.filter(pk=certificate.pk).update(last_date=TODAY)
    client.force_login(holder)
    response = client.get(reverse("courses:training_history", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[5] for row in rows[1:]] == [module_certificate.code, certificate.code]
    assert "Fachkraft Übergangsmanagement" in rows[2][0]
    assert rows[2][0] != "Fachkraft Übergangsmanagement"  # says that it is a qualification
    response = client.get(reverse("courses:training_history", args=["pdf"]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Fachkraft Übergangsmanagement" in text and certificate.code in text


def test_a_revoked_qualification_certificate_leaves_the_history(client, holder, certificate):
    services.revoke_certificate(certificate, None, "Irrtum")
    client.force_login(holder)
    content = client.get(reverse("courses:training_history", args=["csv"])).content.decode()
    assert certificate.code not in content


def test_the_history_takes_a_fixed_number_of_queries(
    client, holder, qualification, django_assert_num_queries
):
    url = reverse("courses:training_history", args=["csv"])
    make_qualification_certificate(holder, qualification)
    client.force_login(holder)
    client.get(url)  # warm the session and settings caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(3):
        offering = past_offering(days=1, module__title=f"Modul {number}")
        EnrollmentFactory(offering=offering, user=holder)
        attend_all(offering)
        services.issue_certificate(offering.enrollments.get())
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").count("Modul ") == 3
