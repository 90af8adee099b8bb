"""Materials uploaded to the German module page are listed on its English translation too, with
the same access rules, and at the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from courses.models import (
    PARTICIPANT_COLLECTION,
    PUBLIC_COLLECTION,
    ModulePage,
    ParticipantMaterial,
    PublicMaterial,
)
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.courses.test_materials import make_document
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def modules(site_pages):
    german = ModulePageFactory(title="Übergangsmanagement")
    english = german.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.slug = "Transition management", "transition-management"
    english.save_revision().publish()
    english = ModulePage.objects.get(pk=english.pk)
    # Uploaded to the German page after the translation was made (a copy holds none of it).
    public = make_document("Flyer", PUBLIC_COLLECTION)
    private = make_document("Skript", PARTICIPANT_COLLECTION)
    PublicMaterial.objects.create(page=german, document=public, title="Flyer zum Modul")
    ParticipantMaterial.objects.create(
        page=german, document=private, title="Skript für Teilnehmende"
    )
    yield german, english, private
    for document in (public, private):
        document.file.delete(save=False)


def _page(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_english_page_lists_the_german_pages_materials_by_access(client, modules):
    german, english, private = modules
    assert english.locale.language_code == "en"
    assert english.translation_key == german.translation_key
    html = _page(client, english)
    assert "Flyer zum Modul" in html
    assert "Skript für Teilnehmende" not in html
    client.force_login(ProfessionalFactory())
    assert "Skript für Teilnehmende" not in _page(client, english)
    participant = EnrollmentFactory(offering=OfferingFactory(module=german)).user
    client.force_login(participant)
    html = _page(client, english)
    assert "Flyer zum Modul" in html
    assert "Skript für Teilnehmende" in html
    assert private.url in html


def test_a_document_on_both_translations_is_listed_once(client, modules):
    german, english, private = modules
    ParticipantMaterial.objects.create(page=english, document=private, title="Script")
    client.force_login(EnrollmentFactory(offering=OfferingFactory(module=german)).user)
    html = _page(client, english)
    assert "Script" in html
    assert "Skript für Teilnehmende" not in html


def test_the_english_page_costs_no_query_per_material(client, modules):
    german, english, _private = modules
    client.force_login(EnrollmentFactory(offering=OfferingFactory(module=german)).user)
    _page(client, english)  # warm the caches (site, settings)
    with CaptureQueriesContext(connection) as with_two:
        _page(client, english)
    more = [make_document(f"Handout {n}", PARTICIPANT_COLLECTION) for n in (1, 2)]
    for number, document in enumerate(more, start=1):
        ParticipantMaterial.objects.create(page=german, document=document, sort_order=number)
        PublicMaterial.objects.create(page=german, document=document, sort_order=number)
    try:
        _page(client, english)  # new content version: warm the cached frame and vocabulary again
        with CaptureQueriesContext(connection) as with_six:
            html = _page(client, english)
        assert "Handout 2" in html
        assert len(with_six) == len(with_two)
    finally:
        for document in more:
            document.file.delete(save=False)
