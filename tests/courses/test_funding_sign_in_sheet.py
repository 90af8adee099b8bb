"""The sign-in sheet names the funding of the offering (its own, or else its module's): the
funders' logos as embedded images, the programme and the funding reference."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from courses.models import ModuleFunding, OfferingFunding
from courses.report_files import effective_fundings, funder_logos
from portal.models import Provider
from tests.courses.factories import EnrollmentFactory, ModulePageFactory
from tests.courses.past_offerings import past_offering, pdf_text
from tests.factories import CoordinatorFactory, ProviderFactory
from tests.portal.test_images import make_image

pytestmark = pytest.mark.django_db


def funder(name, logo=None):
    return ProviderFactory(name=name, kind=Provider.Kind.FUNDER, logo=logo)


def images_in(content: bytes) -> int:
    reader = PdfReader(io.BytesIO(content))
    return sum(len(page.images) for page in reader.pages)


@pytest.fixture
def offering():
    module = ModulePageFactory(title="Radikalisierung erkennen")
    ModuleFunding.objects.create(
        page=module,
        funder=funder("Bundesministerium Demo", logo=make_image("Logo Bund", (400, 200))),
        programme="Demokratie leben!",
        reference="DEMO-DL-2026-01",
    )
    offering = past_offering(module=module)
    EnrollmentFactory(offering=offering, user__first_name="Jolanda", user__last_name="Beispiel")
    return offering


def sheet(client, offering):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("offerings:sign_in_sheet", args=[offering.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_module_funding_with_logo_programme_and_reference(client, offering):
    content = sheet(client, offering)
    text = pdf_text(content)
    assert "Bundesministerium Demo" in text
    assert "Demokratie leben!" in text
    assert "DEMO-DL-2026-01" in text
    assert "Jolanda Beispiel" in text
    assert images_in(content) >= 1


def test_offering_funding_replaces_the_module_funding(client, offering):
    OfferingFunding.objects.create(
        offering=offering, funder=funder("Land Demo"), programme="Landesprogramm", reference=""
    )
    assert [row.programme for row in effective_fundings(offering)] == ["Landesprogramm"]
    text = pdf_text(sheet(client, offering))
    assert "Landesprogramm" in text
    assert "Demokratie leben!" not in text


def test_without_funding_no_funding_line(client):
    offering = past_offering()
    text = pdf_text(sheet(client, offering))
    assert "Funded by" not in text and "Gefördert" not in text


def test_logo_is_a_data_url_and_a_broken_logo_is_left_out():
    image = make_image("Logo Land", (300, 300))
    good = funder("Mit Logo", logo=image)
    assert funder_logos([good])[0]["url"].startswith("data:image/")
    broken = make_image("Kaputt", (10, 10))
    broken.file.storage.delete(broken.file.name)
    assert funder_logos([funder("Ohne Datei", logo=broken)]) == []
    assert funder_logos([funder("Kein Logo")]) == []
