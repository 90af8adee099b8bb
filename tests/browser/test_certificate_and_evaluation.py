"""A participant of a past training downloads the certificate and fills in the evaluation."""

import datetime

import pytest

from courses import services
from courses.models import CatalogPage, Enrollment, Evaluation
from tests.courses.factories import ModulePageFactory, OfferingFactory, in_days
from tests.factories import CoordinatorFactory, ProfessionalFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def attended_enrollment(demo_site):
    catalog = CatalogPage.objects.get(locale__language_code="de")
    module = ModulePageFactory(parent=catalog, title="Case Management im Übergang")
    offering = OfferingFactory(
        module=module, sessions=[(in_days(-3), datetime.time(9), datetime.time(16))]
    )
    person = ProfessionalFactory(email="paula@example.org", first_name="Paula")
    enrollment = Enrollment.objects.create(
        offering=offering, user=person, status=Enrollment.Status.CONFIRMED
    )
    services.mark_attendance(
        offering, offering.sessions.get(), [enrollment.pk], by=CoordinatorFactory()
    )
    services.issue_certificate(enrollment)
    return enrollment


def test_download_certificate_and_evaluate(page, attended_enrollment, login, assert_accessible):
    login("paula@example.org")
    page.goto("/mein-bereich/fortbildungen/")
    assert_accessible(page)

    certificate = attended_enrollment.certificate
    with page.expect_download() as download_info:
        page.locator(f"a[href*='{certificate.code}']").first.click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.locator(f"a[href$='/fortbildungen/{attended_enrollment.pk}/evaluation/']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    for name in ("relevance", "content", "methods", "trainer", "organisation", "overall"):
        page.locator(f"input[name={name}][value='4']").check()
    page.locator("input[name=need_met][value='yes']").check()
    page.locator("textarea[name=further_topics]").fill("Mehr zu Übergängen in Arbeit")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    attended_enrollment.refresh_from_db()
    assert attended_enrollment.evaluated is True
    evaluation = Evaluation.objects.get(offering=attended_enrollment.offering)
    assert evaluation.overall == 4
    assert evaluation.further_topics == "Mehr zu Übergängen in Arbeit"
