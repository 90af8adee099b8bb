"""A professional finds a module through the filters, enrols, sees it, cancels; the next person
on the waiting list moves up."""

import pytest

from courses import services
from courses.models import CatalogPage, Enrollment
from portal.models import Topic
from tests.courses.factories import ModulePageFactory, OfferingFactory
from tests.factories import ProfessionalFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def modules(demo_site):
    catalog = CatalogPage.objects.get(locale__language_code="de")
    wanted = ModulePageFactory(
        parent=catalog, title="Rechtsextremismus erkennen", teaser="Grundlagen für die Praxis."
    )
    wanted.topics.set([Topic.objects.get(slug="rechtsextremismus")])
    wanted.save_revision().publish()
    other = ModulePageFactory(
        parent=catalog, title="Case Management im Übergang", teaser="Fallsteuerung."
    )
    other.topics.set([Topic.objects.get(slug="uebergangsmanagement")])
    other.save_revision().publish()
    offering = OfferingFactory(module=wanted, capacity=1)
    OfferingFactory(module=other, capacity=5)
    return offering


def test_find_enrol_cancel_and_waitlist_moves_up(page, modules, login, assert_accessible):
    offering = modules
    ProfessionalFactory(email="paula@example.org")
    login("paula@example.org")

    page.goto("/fortbildungen/")
    assert_accessible(page)
    page.locator("select[name=topic]").select_option("rechtsextremismus")
    page.locator("select[name=region]").select_option("magdeburg")
    page.locator(".catalog__filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "topic=rechtsextremismus" in page.url
    results = page.locator(".modules")
    assert results.get_by_role("link", name="Rechtsextremismus erkennen").is_visible()
    assert results.get_by_text("Case Management im Übergang").count() == 0
    assert_accessible(page)

    results.get_by_role("link", name="Rechtsextremismus erkennen").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator(f"a[href$='/termine/{offering.pk}/anmelden/']").click()
    page.wait_for_load_state()
    page.locator("textarea[name=comment]").fill("Vegetarisches Essen, bitte.")
    assert_accessible(page)
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert "/mein-bereich/fortbildungen/" in page.url
    assert page.locator("main article").filter(has_text="Rechtsextremismus erkennen").count() == 1
    assert_accessible(page)

    enrollment = Enrollment.objects.get(offering=offering, user__email="paula@example.org")
    assert enrollment.status == Enrollment.Status.CONFIRMED
    assert enrollment.comment == "Vegetarisches Essen, bitte."

    # The only seat is taken, so the next person lands on the waiting list.
    waiting = services.enroll(offering, UserFactory(email="wartend@example.org"))
    assert waiting.status == Enrollment.Status.WAITLISTED

    page.locator(f"a[href$='/mein-bereich/fortbildungen/{enrollment.pk}/stornieren/']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    # A confirmation page: one button, no checkbox to tick first.
    assert page.locator("main input[type=checkbox]").count() == 0
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.CONFIRMED
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/mein-bereich/fortbildungen/" in page.url

    enrollment.refresh_from_db()
    waiting.refresh_from_db()
    assert enrollment.status == Enrollment.Status.CANCELLED
    assert waiting.status == Enrollment.Status.CONFIRMED
