"""A trainer's "submit for review" that fails validation leaves nothing behind (R7, item 12).

What went wrong: Wagtail 8 autosaves the page editor. On the create view the autosave created
the page (required fields deferred) while the trainer was still typing; a "submit for review"
racing it was refused for a missing field, and the corrected resubmit then hit the autosaved
page's slug ("Der Kurztitel … wird bereits verwendet"). Autosave is off
(``WAGTAIL_AUTOSAVE_INTERVAL = 0`` in portal/settings.py); Wagtail saves nothing for an invalid
form, and its slug check looks at the page's siblings only, not at the page itself, its
revisions or its translations (which live under the other language's catalogue).
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import Revision

from courses.models import CatalogPage, ModulePage
from tests.courses.factories import ModulePageFactory
from tests.portal.test_workflow import edit_url, page_form, published_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


@pytest.fixture
def module(catalog, trainer):
    return published_module(catalog, "Rechtsextremismus erkennen", [trainer])


def add_url(catalog):
    return reverse("wagtailadmin_pages:add", args=["courses", "modulepage", catalog.pk])


def revisions_of(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def test_the_page_editor_does_not_autosave(client, catalog, module, trainer):
    client.force_login(trainer)
    for url in (add_url(catalog), edit_url(module)):
        response = client.get(url)
        assert response.status_code == 200
        form_tag = re.search(r'<form[^>]*id="page-edit-form"[^>]*>', response.content.decode())
        assert form_tag is not None
        # Wagtail's indicator is always there, but only listens; the form is what saves.
        assert "w-unsaved" in form_tag[0]
        assert "w-autosave" not in form_tag[0], url


def test_a_failed_submit_on_the_edit_view_leaves_no_draft_and_the_resubmit_goes_through(
    client, module, trainer
):
    client.force_login(trainer)
    url = edit_url(module)
    before = revisions_of(module)
    data = page_form(client, url, teaser="Erscheinungsformen erkennen und ansprechen.")

    response = client.post(url, {**data, "title": "", "action-submit": "action-submit"})
    assert response.status_code == 200  # the form again, with the error
    assert "Dieses Feld muss ausgefüllt werden" in response.content.decode()
    module.refresh_from_db()
    assert revisions_of(module) == before
    assert not module.has_unpublished_changes
    assert not module.workflow_in_progress

    response = client.post(url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.workflow_in_progress
    assert revisions_of(module) == before + 1


def test_a_failed_submit_on_the_create_view_creates_no_page_and_the_resubmit_goes_through(
    client, catalog, trainer
):
    client.force_login(trainer)
    data = page_form(
        client,
        add_url(catalog),
        title="Antisemitismus im Vollzug",
        slug="antisemitismus-im-vollzug",
        teaser="Erscheinungsformen erkennen und ansprechen.",
    )
    response = client.post(
        add_url(catalog), {**data, "title": "", "action-submit": "action-submit"}
    )
    assert response.status_code == 200
    assert not ModulePage.objects.filter(slug="antisemitismus-im-vollzug").exists()

    response = client.post(add_url(catalog), {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    module = ModulePage.objects.get(slug="antisemitismus-im-vollzug")
    assert module.workflow_in_progress
    assert revisions_of(module) == 1


def test_the_translation_with_the_same_slug_is_no_duplicate(client, module, trainer):
    english_catalog = CatalogPage.objects.get(locale__language_code="en")
    ModulePageFactory(
        parent=english_catalog,
        title="Recognising right-wing extremism",
        slug=module.slug,
        locale=english_catalog.locale,
        translation_key=module.translation_key,
    )
    client.force_login(trainer)
    url = edit_url(module)
    data = page_form(client, url, teaser="Neu gefasst.")
    client.post(url, {**data, "title": "", "action-submit": "action-submit"})
    response = client.post(url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.workflow_in_progress
