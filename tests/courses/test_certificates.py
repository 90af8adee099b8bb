"""Certificates: issue after attendance, verify (valid, revoked, unknown), PDFs and history."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Certificate, Enrollment
from portal import privacy
from tests.courses.factories import EnrollmentFactory, ModulePageFactory
from tests.courses.past_offerings import attend_all, past_offering, pdf_text
from tests.factories import (
    CoordinatorFactory,
    ProfessionalFactory,
    ProviderFactory,
    TopicFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended_enrollment():
    module = ModulePageFactory(
        title="Rechtsextremismus erkennen",
        duration_hours=14,
        teaching_units=16,
        provider=ProviderFactory(name="Bildungswerk Magdeburg e. V."),
    )
    module.topics.add(TopicFactory(name="Rechtsextremismus"))
    trainer = TrainerFactory(first_name="Rita", last_name="Referentin")
    module.trainers.add(trainer)
    module.save()
    offering = past_offering(days=2, module=module)
    enrollment = EnrollmentFactory(
        offering=offering, user__first_name="Frieda", user__last_name="Fachkraft"
    )
    attend_all(offering)
    return enrollment


def test_issue_snapshot_and_idempotence(attended_enrollment):
    certificate = services.issue_certificate(attended_enrollment)
    assert certificate.participant_name == "Frieda Fachkraft"
    assert certificate.module_title == "Rechtsextremismus erkennen"
    assert certificate.hours == 14
    assert certificate.teaching_units == 16
    assert certificate.topics == "Rechtsextremismus"
    assert certificate.provider == "Bildungswerk Magdeburg e. V."
    assert certificate.trainers == "Rita Referentin"
    assert certificate.dates_text
    assert len(certificate.code) == 10
    assert certificate.code.isalnum() and certificate.code.islower()
    again = services.issue_certificate(attended_enrollment)
    assert again.pk == certificate.pk
    assert Certificate.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="courses.certificate.issued").count() == 1
    assert certificate.get_absolute_url() == f"/nachweis/{certificate.code}/"


def test_codes_are_distinct(attended_enrollment):
    other = EnrollmentFactory(offering=attended_enrollment.offering)
    attend_all(attended_enrollment.offering)
    codes = {services.issue_certificate(e).code for e in (attended_enrollment, other)}
    assert len(codes) == 2


def test_not_attended_is_refused():
    offering = past_offering(days=2)
    enrollment = EnrollmentFactory(offering=offering)
    services.mark_attendance(offering, offering.ordered_sessions[0], [enrollment.pk], None)
    with pytest.raises(services.EnrollmentError) as error:
        services.issue_certificate(enrollment)
    assert error.value.code == "not_attended"
    waiting = EnrollmentFactory(
        offering=offering, status=Enrollment.Status.WAITLISTED, confirmed_at=None
    )
    with pytest.raises(services.EnrollmentError):
        services.issue_certificate(waiting)
    assert not Certificate.objects.exists()


def test_verification_valid_revoked_unknown(client, attended_enrollment):
    certificate = services.issue_certificate(attended_enrollment)
    response = client.get(certificate.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    html = response.content.decode()
    assert "Frieda Fachkraft" in html
    assert "Rechtsextremismus erkennen" in html
    assert attended_enrollment.user.email not in html  # as little personal data as needed
    assert "Gültig" in html or "Valid" in html
    assert client.get(f"/en/nachweis/{certificate.code}/").status_code == 200

    services.revoke_certificate(certificate, CoordinatorFactory(), "Teilnahme nicht vollständig")
    response = client.get(certificate.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Teilnahme nicht vollständig" in html
    assert "widerrufen" in html or "revoked" in html
    with pytest.raises(services.EnrollmentError):
        services.revoke_certificate(certificate, None, "again")

    response = client.get("/nachweis/unbekannt99/")
    assert response.status_code == 404
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "unbekannt99" in response.content.decode()


def test_certificate_pdf_contains_name_and_module(client, attended_enrollment):
    certificate = services.issue_certificate(attended_enrollment)
    client.force_login(attended_enrollment.user)
    response = client.get(reverse("courses:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Frieda Fachkraft" in text
    assert "Rechtsextremismus erkennen" in text
    assert certificate.code in text


def test_certificate_pdf_permissions(client, attended_enrollment):
    certificate = services.issue_certificate(attended_enrollment)
    url = reverse("courses:certificate_pdf", args=[certificate.code])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(ProfessionalFactory())
    assert client.get(url).status_code == 403
    client.force_login(attended_enrollment.offering.module.trainers.first())
    assert client.get(url).status_code == 403
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 200
    client.force_login(attended_enrollment.user)
    assert client.get(url).status_code == 200
    services.revoke_certificate(certificate, None, "Fehler")
    assert client.get(url).status_code == 404  # the owner no longer gets a revoked one


def test_my_trainings_offers_the_certificate(client, attended_enrollment):
    certificate = services.issue_certificate(attended_enrollment)
    client.force_login(attended_enrollment.user)
    html = client.get(reverse("courses:my_trainings")).content.decode()
    assert reverse("courses:certificate_pdf", args=[certificate.code]) in html
    assert reverse("courses:training_history", args=["pdf"]) in html


def test_training_history_csv_and_pdf(client, attended_enrollment):
    certificate = services.issue_certificate(attended_enrollment)
    url_csv = reverse("courses:training_history", args=["csv"])
    url_pdf = reverse("courses:training_history", args=["pdf"])
    assert client.get(url_csv).status_code == 302
    client.force_login(attended_enrollment.user)
    response = client.get(url_csv)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == "Rechtsextremismus erkennen"
    assert certificate.code in rows[1]
    response = client.get(url_pdf)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Rechtsextremismus erkennen" in text
    assert certificate.code in text
    # Someone else's history is empty.
    client.force_login(ProfessionalFactory())
    rows = list(
        csv.reader(io.StringIO(client.get(url_csv).content.decode("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 1
    assert client.get(reverse("courses:training_history", args=["xml"])).status_code == 404


def test_admin_issue_and_revoke(client, attended_enrollment):
    offering = attended_enrollment.offering
    trainer = offering.module.trainers.first()
    client.force_login(trainer)
    response = client.post(reverse("offerings:issue_certificates", args=[offering.pk]))
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrollment=attended_enrollment)
    revoke = reverse("offerings:revoke_certificate", args=[certificate.pk])
    response = client.post(revoke, {"reason": "x"})
    assert response.status_code == 302  # Wagtail's "no permission": back to the admin home
    assert response["Location"] == "/admin/"
    certificate.refresh_from_db()
    assert not certificate.is_revoked  # trainers cannot revoke
    client.force_login(ProfessionalFactory())
    issue = reverse("offerings:issue_certificates", args=[offering.pk])
    response = client.post(issue)  # no admin access: Wagtail sends them to the login
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    client.force_login(CoordinatorFactory())
    client.post(revoke, {"reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked  # a reason is required
    client.post(revoke, {"reason": "Doppelt ausgestellt"})
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoke_reason == "Doppelt ausgestellt"
    html = client.get(reverse("offerings:attendance", args=[offering.pk])).content.decode()
    assert certificate.code in html


def test_certificates_survive_account_deletion(client, attended_enrollment):
    certificate = services.issue_certificate(attended_enrollment)
    user = attended_enrollment.user
    exported = privacy.export_user_data(user)
    assert exported["certificates"][0]["code"] == certificate.code
    privacy.delete_account(user)
    certificate.refresh_from_db()
    assert certificate.enrollment.user_id is None
    assert certificate.participant_name == "F. F."  # the initials only (Art. 17 GDPR)
    assert certificate.holder_deleted_at is not None
    response = client.get(certificate.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "F. F." in html and 'id="holder-deleted"' in html
    assert "Frieda" not in html
