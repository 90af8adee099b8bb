"""The public catalogue stays one catalogue across projects (issue R10): a professional can
filter by project, and each module page names its project and funders."""

import html

import pytest

from courses.models import CatalogPage, ModuleFunding
from portal.models import Provider
from tests.courses.catalog_data import offer
from tests.courses.factories import ModulePageFactory
from tests.factories import ProjectFactory, ProviderFactory

pytestmark = pytest.mark.django_db

CATALOG = "/fortbildungen/"


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


@pytest.fixture
def two_projects(catalog):
    funder = ProviderFactory(name="Land Sachsen-Anhalt", kind=Provider.Kind.FUNDER)
    rauswege = ProjectFactory(name="RausWege", short_name="RausWege", slug="rauswege")
    rauswege.funders.add(funder)
    ina = ProjectFactory(name="INA", short_name="INA", slug="ina")
    modules = {
        "rauswege": ModulePageFactory(parent=catalog, title="Distanzierung", project=rauswege),
        "ina": ModulePageFactory(parent=catalog, title="Übergangsmanagement", project=ina),
        "none": ModulePageFactory(parent=catalog, title="Ohne Projekt"),
    }
    for module in modules.values():
        module.save_revision().publish()
    return rauswege, ina, modules


def test_the_catalogue_filters_by_project(client, two_projects):
    _rauswege, _ina, _modules = two_projects
    response = client.get(CATALOG + "?project=ina")
    assert response.status_code == 200
    assert [page.title for page in response.context["results"]] == ["Übergangsmanagement"]
    page = html.unescape(response.content.decode())
    assert '<select name="project"' in page
    assert "Projekt: INA" in page  # the chip that removes the filter
    everything = client.get(CATALOG)
    assert {p.title for p in everything.context["results"]} >= {
        "Distanzierung",
        "Übergangsmanagement",
        "Ohne Projekt",
    }


def test_an_unknown_project_is_a_form_error_not_a_500(client, two_projects):
    response = client.get(CATALOG + "?project=gibt-es-nicht")
    assert response.status_code == 200
    assert "project" in response.context["filter_form"].errors


def test_the_module_page_names_its_project_and_the_projects_funders(client, two_projects):
    _rauswege, _ina, modules = two_projects
    offer(modules["rauswege"])
    response = client.get(modules["rauswege"].url)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "<dt>Projekt</dt><dd>RausWege</dd>" in page
    assert "<dt>Gefördert von</dt><dd>Land Sachsen-Anhalt</dd>" in page


def test_a_modules_own_funding_comes_before_the_projects(client, two_projects):
    _rauswege, _ina, modules = two_projects
    module = modules["rauswege"]
    federal = ProviderFactory(name="Bund", kind=Provider.Kind.FUNDER)
    module.fundings = [ModuleFunding(funder=federal, programme="Demokratie leben!")]
    module.save_revision().publish()
    page = html.unescape(client.get(module.url).content.decode())
    assert "<dt>Gefördert von</dt><dd>Bund (Demokratie leben!)</dd>" in page


def test_a_module_without_project_shows_neither(client, two_projects):
    _rauswege, _ina, modules = two_projects
    page = html.unescape(client.get(modules["none"].url).content.decode())
    assert "<dt>Projekt</dt>" not in page
    assert "<dt>Gefördert von</dt>" not in page
