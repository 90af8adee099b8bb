"""Every public page has a meta description (search engines show it under the title): the page's
own search description, else a default for its kind of page, in the page's language."""

import html
import re

import pytest

from workshops.demo import seed_index_pages

pytestmark = pytest.mark.django_db

META = re.compile(r'<meta name="description" content="([^"]*)">')

DEFAULTS = {
    "home": {
        "de": "Fortbildungen für Fachkräfte der Straffälligenhilfe: Module und Termine in Ihrer "
        "Region finden, sich online anmelden und Fortbildungsbedarf melden.",
        "en": "Training for professionals in offender aid: find modules and dates in your region, "
        "enrol online and report what training you need.",
    },
    "catalog": {
        "de": "Alle Fortbildungsmodule für Fachkräfte der Straffälligenhilfe mit Terminen, "
        "Formaten und Regionen: suchen, filtern und online anmelden.",
        "en": "All training modules for professionals in offender aid, with dates, formats and "
        "regions: search, filter and enrol online.",
    },
    "workshops": {
        "de": "Werkstattgespräche für die Praxis der Straffälligenhilfe: Termine, Themen und "
        "Anmeldung.",
        "en": "Workshop talks for practitioners in offender aid: dates, topics and registration.",
    },
}


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def pages(site_pages):
    """The home page, the catalogue and the workshop listing, by language."""
    from courses.models import CatalogPage

    home_de, home_en = site_pages
    workshops_de = seed_index_pages(lambda message: None)
    catalog_de = CatalogPage.objects.child_of(home_de).get()
    result = {"home": {"de": home_de, "en": home_en}}
    for kind, page in (("catalog", catalog_de), ("workshops", workshops_de)):
        result[kind] = {"de": page, "en": page.get_translation(home_en.locale)}
    return result


def description(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    found = META.findall(response.content.decode())
    assert len(found) == 1, found
    return html.unescape(found[0])


@pytest.mark.parametrize("kind", ["home", "catalog", "workshops"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_a_page_without_search_description_has_the_default_of_its_kind(
    client, pages, kind, language
):
    page = pages[kind][language]
    page.search_description = ""
    page.save()

    assert description(client, page) == DEFAULTS[kind][language]


@pytest.mark.parametrize("kind", ["home", "catalog", "workshops"])
def test_the_pages_own_search_description_comes_first(client, pages, kind):
    page = pages[kind]["en"]
    page.search_description = "Trainings & talks for Saxony-Anhalt"
    page.save()

    assert description(client, page) == "Trainings & talks for Saxony-Anhalt"


def test_other_pages_get_the_platforms_description(client, site_pages):
    response = client.get("/konto/login/")

    assert response.status_code == 200
    assert META.findall(response.content.decode()) == [
        "Fortbildungen für Fachkräfte der Straffälligenhilfe, der Prävention und des "
        "Übergangsmanagements."
    ]
