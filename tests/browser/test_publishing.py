"""A trainer writes a module and submits it for review; the coordination approves it and the
module is live. Both log in with password and an authenticator code (two-factor)."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import CatalogPage, ModulePage
from portal.models import User

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_trainer_submits_a_module_and_the_coordination_approves_it(
    page, demo_site, login, assert_accessible
):
    catalog = CatalogPage.objects.get(locale__language_code="de")
    trainer = User.objects.get(email="referentin@example.org")

    # The trainer logs in with password and code and lands on the admin dashboard.
    login("referentin@example.org", next_url="/admin/")
    assert page.url.endswith("/admin/")
    panel = page.locator("#trainer-modules-section, [id^=trainer-modules]").first
    expect(panel).to_be_visible()

    # A new module, from the dashboard's button; the trainer cannot publish, only submit.
    page.get_by_role("link", name=re.compile("New module|Neues Modul")).click()
    page.locator("#id_title").fill("Antisemitismus erkennen und ansprechen")
    page.locator("#id_teaser").fill("Erscheinungsformen, Codes und Gesprächsanlässe im Vollzug.")
    # Wagtail fills in the slug from the title when the title field is left.
    expect(page.locator("#id_slug")).to_have_value("antisemitismus-erkennen-und-ansprechen")
    page.locator("footer .w-dropdown__toggle").first.click()
    expect(page.locator("footer [name=action-publish]")).to_have_count(0)
    with page.expect_navigation():
        page.locator("footer button[name=action-submit]").click()

    module = ModulePage.objects.get(title="Antisemitismus erkennen und ansprechen")
    assert module.get_parent().pk == catalog.pk
    assert module.owner == trainer
    assert not module.live
    assert module.workflow_in_progress
    page.goto("/admin/")
    expect(
        page.locator("#objects-in-workflow-section, [id^=objects-in-workflow]").first
    ).to_contain_text("Antisemitismus erkennen")

    # Not public yet.
    public = page.context.new_page()
    assert public.goto(f"{catalog.url}{module.slug}/").status == 404
    public.close()

    # The coordination approves it from the edit view of the page.
    page.context.clear_cookies()
    login("koordination@example.org", next_url="/admin/")
    review = page.locator("[id^=awaiting-review]").first
    expect(review).to_contain_text("Antisemitismus erkennen")
    page.goto(f"/admin/pages/{module.pk}/edit/")
    page.locator("footer .w-dropdown__toggle").first.click()
    with page.expect_navigation():
        page.locator("footer [data-workflow-action-name=approve]").first.click()

    module.refresh_from_db()
    assert module.live
    assert not module.workflow_in_progress

    # Everybody sees it in the catalogue now.
    page.context.clear_cookies()
    page.goto(catalog.url)
    expect(page.get_by_role("link", name="Antisemitismus erkennen und ansprechen")).to_be_visible()
    page.get_by_role("link", name="Antisemitismus erkennen und ansprechen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Antisemitismus erkennen und ansprechen"
    )
    assert_accessible(page)
