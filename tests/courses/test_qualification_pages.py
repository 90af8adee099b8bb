"""A qualification's page, the qualifications in the catalogue and on a module's page (R11):
what they show, to whom, and that their queries do not grow with the modules."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import CatalogPage, Certificate, ModulePage
from tests.courses.factories import ModulePageFactory, OfferingFactory, in_days
from tests.courses.past_offerings import FOUR, NINE
from tests.courses.qualification_data import attend, qualification
from tests.factories import ProfessionalFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CATALOG = "/fortbildungen/"


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def catalog(site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


def modules(count):
    """``count`` published modules, each with a title of its own."""
    return [ModulePageFactory(teaching_units=8) for _ in range(count)]


def series(catalog, count=4, **fields):
    """A qualification of ``count`` modules: the first required, two of the others (or all of
    them when fewer), each module with an upcoming date."""
    found = modules(count)
    for module in found:
        OfferingFactory(module=module, sessions=[(in_days(20), NINE, FOUR)])
    rest = found[1:]
    groups = [found[0], (min(2, len(rest)), rest)] if rest else [found[0]]
    fields.setdefault("teaser", "Drei Module, ein Zertifikat.")
    fields.setdefault("time_limit_months", 24)
    fields.setdefault("validity_months", 36)
    return qualification(*groups, **fields), found


def anonymous_queries(client, url):
    """Queries of an anonymous request once the site frame and vocabulary are cached."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def module_rows(response):
    context = response.context
    rows = list(context["required_modules"])
    for choice in context["choices"]:
        rows.extend(choice.modules)
    return {row.module.title: row for row in rows}


# The qualification's page -------------------------------------------------------------------


def test_the_page_shows_rules_and_modules_with_their_next_dates(client, catalog):
    page, found = series(catalog)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html and "Drei Module, ein Zertifikat." in html
    assert response.context["validity_years"] == 3
    assert response.context["modules_needed"] == 3
    assert response.context["progress"] is None
    [required] = response.context["required_modules"]
    [choice] = response.context["choices"]
    assert required.module.pk == found[0].pk
    assert (choice.count, [row.module.pk for row in choice.modules]) == (
        2,
        [m.pk for m in found[1:]],
    )
    for module in found:
        assert f'href="{module.url}"' in html
    assert html.count(f'datetime="{in_days(20):%Y-%m-%d}"') == 4
    assert "24" in html and "✓" not in html  # no progress for an anonymous visitor


def test_a_draft_module_is_named_without_a_link(client, catalog):
    page, found = series(catalog, count=2)
    found[1].unpublish()
    response = client.get(page.url)
    assert response.status_code == 200
    rows = module_rows(response)
    assert rows[found[1].title].url == ""
    assert f'href="{found[1].url_path}' not in response.content.decode()


def test_a_signed_in_person_sees_done_and_missing_modules(client, catalog):
    page, found = series(catalog)
    person = ProfessionalFactory()
    attend(person, found[0], days_ago=30)
    attend(person, found[2], days_ago=10)
    client.force_login(person)
    response = client.get(page.url)
    assert response.status_code == 200
    rows = module_rows(response)
    done_on = timezone.localdate() - datetime.timedelta(days=10)
    assert rows[found[2].title].done.achieved_on == done_on
    assert rows[found[0].title].done is not None
    assert rows[found[1].title].done is None and rows[found[1].title].needed
    [choice] = response.context["choices"]
    assert choice.done_count == 1
    assert response.context["modules_done"] == 2
    assert not response.context["progress"].complete
    html = response.content.decode()
    # Done and missing are said in words and an icon, not by colour alone.
    assert html.count('<span aria-hidden="true">✓</span>') == 2
    assert html.count('<span aria-hidden="true">○</span>') == 2
    assert f'datetime="{in_days(20):%Y-%m-%d}"' in html  # the missing ones' next dates


def test_a_complete_qualification_links_its_certificate(client, catalog):
    page, found = series(catalog, count=3)
    person = ProfessionalFactory()
    for days_ago, module in zip((30, 20, 10), found, strict=True):
        attend(person, module, days_ago=days_ago)
    certificate = Certificate.objects.get(
        kind=Certificate.Kind.QUALIFICATION, holder=person, qualification=page
    )
    client.force_login(person)
    response = client.get(page.url)
    assert response.status_code == 200
    assert response.context["progress"].complete
    url = reverse("courses:certificate_pdf", args=[certificate.code])
    assert response.context["certificate_url"] == url
    assert f'href="{url}"' in response.content.decode()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_page_costs_as_many_queries_with_one_module_as_with_four(client, catalog, signed_in):
    small, one = series(catalog, count=1)
    large, four = series(catalog, count=4)
    if signed_in:  # with modules done of both
        person = ProfessionalFactory()
        for module in [*one, *four[:2]]:
            attend(person, module)
        client.force_login(person)
    few, response = anonymous_queries(client, small.url)
    assert len(module_rows(response)) == 1
    many, response = anonymous_queries(client, large.url)
    assert len(module_rows(response)) == 4
    assert many == few


# The catalogue ------------------------------------------------------------------------------


def test_the_catalogue_lists_live_qualifications_and_hides_drafts(client, catalog):
    live, _found = series(catalog, title="Zertifikatskurs Übergangsmanagement")
    draft, _found = series(catalog, title="Noch nicht veröffentlicht")
    draft.unpublish()
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert [q.pk for q in response.context["qualifications"]] == [live.pk]
    html = response.content.decode()
    assert 'id="qualifications-heading"' in html
    assert f'href="{live.url}"' in html and "Zertifikatskurs Übergangsmanagement" in html
    assert "Noch nicht veröffentlicht" not in html
    assert response.context["qualifications"][0].modules_needed == 3


def test_the_project_filter_shows_that_projects_qualifications_only(client, catalog):
    project, other = ProjectFactory(), ProjectFactory()
    ours, _found = series(catalog, title="Reihe des Projekts", project=project)
    series(catalog, title="Reihe eines anderen Projekts", project=other)
    response = client.get(f"{CATALOG}?project={project.slug}")
    assert response.status_code == 200
    assert [q.pk for q in response.context["qualifications"]] == [ours.pk]
    searched = client.get(f"{CATALOG}?q=Modul")
    assert searched.status_code == 200
    assert searched.context["qualifications"] is None
    assert 'id="qualifications-heading"' not in searched.content.decode()


def test_the_catalogue_costs_no_more_queries_however_many_qualifications(client, catalog):
    series(catalog, count=1)
    few, response = anonymous_queries(client, CATALOG)
    assert len(response.context["qualifications"]) == 1
    for number in range(3):  # each one publishing bumps the content version: no stale list
        series(catalog, count=4, title=f"Reihe {number}")
    many, response = anonymous_queries(client, CATALOG)
    assert len(response.context["qualifications"]) == 4
    assert many == few


def test_an_unpublished_qualification_leaves_the_cached_catalogue_at_once(client, catalog):
    page, _found = series(catalog)
    assert [q.pk for q in client.get(CATALOG).context["qualifications"]] == [page.pk]
    page.unpublish()
    assert client.get(CATALOG).context["qualifications"] == []


# The module's page --------------------------------------------------------------------------


def test_a_module_names_its_qualifications(client, catalog):
    page, found = series(catalog)
    response = client.get(found[1].url)
    assert response.status_code == 200
    assert [q.pk for q in response.context["module_qualifications"]] == [page.pk]
    html = response.content.decode()
    assert re.search(rf'<a href="{re.escape(page.url)}">{re.escape(page.title)}</a>', html)


def test_a_refresher_names_what_it_renews(client, catalog):
    page, found = series(catalog, count=2)
    refresher = ModulePage.objects.get(pk=modules(1)[0].pk)
    refresher.renews_modules.set([found[0]])
    refresher.renews_qualifications.set([page])
    refresher.save_revision().publish()
    response = client.get(refresher.url)
    assert response.status_code == 200
    assert {p.pk for p in response.context["module_renews"]} == {found[0].pk, page.pk}
    assert response.context["module_qualifications"] == []
    html = response.content.decode()
    assert f'href="{page.url}"' in html and f'href="{found[0].url}"' in html


def test_a_module_page_costs_the_same_with_more_qualifications(client, catalog):
    _page, found = series(catalog, count=2)
    few, _response = anonymous_queries(client, found[0].url)
    for number in range(3):
        qualification(found[0], title=f"Weitere Reihe {number}")
    many, response = anonymous_queries(client, found[0].url)
    assert len(response.context["module_qualifications"]) == 4
    assert many == few
