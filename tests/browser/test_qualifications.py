"""A professional follows a qualification to its combined certificate; the coordination plans a
refresher for the qualifications that expire."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from courses.models import CatalogPage, Certificate, Enrollment, Offering
from needs_analysis.services.renewal_demand import record_renewal_demand
from portal.models import Region
from tests.courses.factories import ModulePageFactory, OfferingFactory, in_days
from tests.courses.qualification_data import attend, qualification
from tests.factories import CoordinatorFactory, ProfessionalFactory, ProjectFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NINE, FOUR = datetime.time(9), datetime.time(16)


@pytest.fixture
def halfway(demo_site):
    """Paula has the first of two modules; the second took place, its attendance unmarked."""
    catalog = CatalogPage.objects.get(locale__language_code="de")
    magdeburg = Region.objects.get(slug="magdeburg")
    project = ProjectFactory(name="RausWege", short_name="RausWege", regions=[magdeburg])
    first = ModulePageFactory(parent=catalog, title="Rechtsextremismus erkennen", project=project)
    second = ModulePageFactory(parent=catalog, title="Distanzierung begleiten", project=project)
    for module in (first, second):
        module.teaching_units = 8
        module.save_revision().publish()
    q = qualification(
        first,
        second,
        title="Fachkraft für Radikalisierungsprävention",
        validity_months=36,
        project=project,
    )
    person = ProfessionalFactory(email="paula@example.org", first_name="Paula", region=magdeburg)
    attend(person, first, days_ago=60)
    offering = OfferingFactory(module=second, sessions=[(in_days(-2), NINE, FOUR)])
    Enrollment.objects.create(offering=offering, user=person, status=Enrollment.Status.CONFIRMED)
    coordinator = CoordinatorFactory(email="koordination-rauswege@example.org")
    project.coordinators.add(coordinator)
    return q, offering


def test_a_professional_follows_a_qualification_to_its_certificate(
    page, halfway, login, assert_accessible, assert_admin_accessible
):
    q, offering = halfway
    login("paula@example.org")
    page.goto("/mein-bereich/fortbildungen/")
    section = page.locator("#my-qualifications")
    assert "Fachkraft für Radikalisierungsprävention" in section.inner_text()
    assert "1 Modul fehlt" in section.inner_text()
    assert_accessible(page)
    section.get_by_role("link", name="Fachkraft für Radikalisierungsprävention").click()
    page.wait_for_load_state()
    assert "Distanzierung begleiten" in page.locator("main").inner_text()
    assert_accessible(page)

    # The coordination marks the attendance of the last module.
    page.context.clear_cookies()
    login("koordination-rauswege@example.org")
    page.goto(f"/admin/offerings/{offering.pk}/attendance/")
    assert_admin_accessible(page)
    page.locator("input[type=checkbox][name^=present-]").check()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.wait_for_load_state()

    certificate = Certificate.objects.get(kind=Certificate.Kind.QUALIFICATION, qualification=q)
    page.context.clear_cookies()
    login("paula@example.org")
    page.goto("/mein-bereich/fortbildungen/")
    section = page.locator("#my-qualifications")
    assert "abgeschlossen" in section.inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        section.locator(f"a[href*='{certificate.code}']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto(certificate.get_absolute_url())
    text = page.locator("main").inner_text()
    assert "Rechtsextremismus erkennen" in text and "Distanzierung begleiten" in text
    assert date_format(certificate.valid_until, "DATE_FORMAT") in text
    assert_accessible(page)


def test_the_coordination_plans_a_refresher_for_expiring_qualifications(
    page, halfway, login, assert_admin_accessible
):
    q, _offering = halfway
    catalog = CatalogPage.objects.get(locale__language_code="de")
    refresher = ModulePageFactory(
        parent=catalog, title="Auffrischung Radikalisierungsprävention", project=q.project
    )
    refresher.renews_qualifications.add(q)
    refresher.save_revision().publish()
    holder = ProfessionalFactory(
        first_name="Hanna", last_name="Halter", region=Region.objects.get(slug="magdeburg")
    )
    Certificate.objects.create(
        kind=Certificate.Kind.QUALIFICATION,
        holder=holder,
        qualification=q,
        issued_at=timezone.now(),
        participant_name="Hanna Halter",
        module_title=q.title,
        valid_until=in_days(40),
    )
    record_renewal_demand()

    login("koordination-rauswege@example.org")
    page.goto("/admin/needs/renewals/")
    main = page.locator("main")
    assert "Hanna Halter" in main.inner_text()
    assert_admin_accessible(page)
    main.get_by_role("button", name="Auffrischung planen").click()
    page.wait_for_load_state()
    planned = Offering.objects.get(module=refresher)
    assert f"/admin/offerings/edit/{planned.pk}/" in page.url
