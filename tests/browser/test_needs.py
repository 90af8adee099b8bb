"""The loop of the needs analysis in the browser: workshop findings → dashboard →
recommendation → planned offering → opened → in the catalogue."""

import datetime
import re

import pytest
from django.utils import timezone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODULE_TITLE = "Die kritische Zeit nach der Haftentlassung begleiten"


@pytest.fixture
def loop_data(demo_site):
    from portal.models import Project, Region, Topic
    from tests.courses.factories import ModulePageFactory
    from tests.factories import CoordinatorFactory
    from tests.needs_analysis.factories import WorkshopFactory
    from workshops.models import Workshop

    coordinator = CoordinatorFactory(email="moderation@test.example.org")
    # The talk is in Magdeburg: RausWege's (the demo's projects), which the coordinator runs.
    Project.objects.get(slug="rauswege").coordinators.add(coordinator)
    module = ModulePageFactory(title=MODULE_TITLE, default_capacity=16)
    module.topics.set([Topic.objects.get(slug="nach-der-haft")])
    module.save_revision().publish()
    workshop = WorkshopFactory(
        title="Werkstattgespräch Magdeburg",
        region=Region.objects.get(slug="magdeburg"),
        status=Workshop.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=7),
    )
    return {"coordinator": coordinator, "module": module, "workshop": workshop}


def test_facilitator_records_findings_and_plans_an_offering(
    page, login, loop_data, assert_accessible
):
    from courses.models import Offering
    from needs_analysis.models import Finding

    workshop = loop_data["workshop"]
    login(loop_data["coordinator"].email)

    # 1. The facilitator records two findings of the workshop talk in the multi-row form.
    page.goto(f"/admin/needs/workshops/{workshop.pk}/findings/")
    page.locator("#id_rows-0-topics").select_option(label="Die Zeit nach der Haftentlassung")
    page.locator("#id_rows-0-urgency").select_option("high")
    page.locator("#id_rows-0-staff_affected").fill("24")
    page.locator("#id_rows-0-description").fill("Übergänge nach der Entlassung scheitern oft.")
    page.locator("#id_rows-1-topics").select_option(label="Die Zeit nach der Haftentlassung")
    page.locator("#id_rows-1-staff_affected").fill("6")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert Finding.objects.filter(workshop=workshop, channel="workshop").count() == 2
    assert (
        page.locator("main table").last.get_by_text("Übergänge nach der Entlassung").is_visible()
    )

    # 2. The coordinator opens the needs dashboard: the need shows as not covered.
    page.goto("/admin/needs/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    # The states first; a state's row leads to its districts.
    page.locator(".na-wrap").get_by_role("link", name="Sachsen-Anhalt", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Magdeburg").first.is_visible()
    assert_accessible(page)

    # 3. ... picks the uncovered need from the recommendations and plans an offering.
    page.goto("/admin/needs/recommendations/")
    page.get_by_role("button", name=re.compile(f"{MODULE_TITLE}, Magdeburg")).click()
    page.wait_for_load_state()
    offering = Offering.objects.get(module=loop_data["module"])
    assert offering.status == Offering.Status.PLANNED
    assert offering.region.slug == "magdeburg"
    assert set(offering.findings.all()) == set(Finding.objects.filter(workshop=workshop))
    assert f"/offerings/{offering.pk}/" in page.url or f"{offering.pk}" in page.url

    # 4. Not in the catalogue while planned; there once opened.
    page.goto("/fortbildungen/?region=magdeburg")
    assert page.get_by_text(MODULE_TITLE).count() == 0
    Offering.objects.filter(pk=offering.pk).update(status=Offering.Status.OPEN)
    page.goto("/fortbildungen/?region=magdeburg")
    assert page.get_by_role("link", name=MODULE_TITLE).first.is_visible()
    assert_accessible(page)


def test_professional_registers_for_a_workshop_talk_and_cancels(
    page, login, demo_site, assert_accessible
):
    from tests.needs_analysis.factories import WorkshopFactory
    from workshops.demo import seed_index_pages
    from workshops.models import WorkshopRegistration

    seed_index_pages(lambda message: None)
    workshop = WorkshopFactory(title="Werkstattgespräch Halle: Nach der Haft", capacity=10)
    login("fachkraft@example.org")
    page.goto("/werkstattgespraeche/")
    assert_accessible(page)
    page.get_by_role("link", name=workshop.title).click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("main form[action*='/anmelden/'] button").click()
    page.wait_for_load_state()
    assert WorkshopRegistration.objects.filter(workshop=workshop, status="registered").count() == 1
    page.locator("main form[action*='/abmelden/'] button").click()
    page.wait_for_load_state()
    assert not WorkshopRegistration.objects.filter(workshop=workshop, status="registered").exists()
