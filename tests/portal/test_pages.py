"""Page rules, the German and English page trees, the footer, the 404 page and the search."""

import re

import pytest
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from courses.models import CatalogPage
from portal.models import ContentPage, HomePage
from tests.factories import ContentPageFactory
from workshops.models import WorkshopIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


class PageAssertions(WagtailPageTestCase):
    """Wagtail's page assertions, used from plain pytest functions."""

    __test__ = False

    def runTest(self):
        pass


@pytest.fixture
def wagtail(client):
    assertions = PageAssertions()
    assertions.client = client
    assertions.dummy_request = get_dummy_request()
    return assertions


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_page_tree_rules(wagtail):
    wagtail.assertAllowedParentPageTypes(HomePage, {Page})
    wagtail.assertAllowedSubpageTypes(HomePage, {ContentPage, CatalogPage, WorkshopIndexPage})
    wagtail.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
    wagtail.assertAllowedSubpageTypes(ContentPage, {ContentPage})
    wagtail.assertAllowedParentPageTypes(CatalogPage, {HomePage})
    # Editors cannot put a second home page or a catalogue deep inside the content.
    wagtail.assertCanNotCreateAt(ContentPage, HomePage)
    wagtail.assertCanNotCreateAt(HomePage, HomePage)
    wagtail.assertCanNotCreateAt(ContentPage, CatalogPage)


def edit_form_data(client, page, **fields):
    """The admin's edit form as the browser would send it (the StreamField is built by JS)."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    body = streamfield([("quote", {"text": "Aus der Praxis, für die Praxis.", "attribution": ""})])
    data.update(nested_form_data({"body": body}))
    data.update(fields)
    return data


def test_coordinator_can_edit_and_preview_content_pages(wagtail, client, site_pages, coordinator):
    about = ContentPage.objects.get(slug="ueber-uns")
    client.force_login(coordinator)
    data = edit_form_data(client, about)
    wagtail.assertPageIsEditable(about, post_data=data, user=coordinator)
    wagtail.assertPageIsPreviewable(about, post_data=data, user=coordinator)


def test_coordinator_publishes_a_change_that_the_public_sees(client, site_pages, coordinator):
    about = ContentPage.objects.get(slug="ueber-uns")
    client.force_login(coordinator)
    data = edit_form_data(client, about, intro="Neue Einleitung für alle Projekte.")
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{about.pk}/edit/", data)
    assert response.status_code == 302
    client.logout()
    html = client.get("/ueber-uns/").content.decode()
    assert "Neue Einleitung für alle Projekte." in html
    assert "Aus der Praxis, für die Praxis." in html


def test_preview_may_be_framed_by_the_admin_but_public_pages_not(client, site_pages, coordinator):
    about = ContentPage.objects.get(slug="ueber-uns")
    assert client.get("/ueber-uns/")["X-Frame-Options"] == "DENY"

    client.force_login(coordinator)
    data = edit_form_data(client, about)
    preview_url = f"/admin/pages/{about.pk}/edit/preview/"
    assert client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "Aus der Praxis, für die Praxis." in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_trainer_cannot_edit_pages(client, site_pages, trainer):
    about = ContentPage.objects.get(slug="ueber-uns")
    assert not about.permissions_for_user(trainer).can_edit()
    client.force_login(trainer)
    response = client.get(f"/admin/pages/{about.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    client.post(f"/admin/pages/{about.pk}/edit/", {"title": "Gekapert", "slug": "ueber-uns"})
    assert ContentPage.objects.get(pk=about.pk).title == "Über die Projekte"


def test_home_page_in_german_at_the_root(client, site_pages):
    response = client.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "de"
    assert "Qualifizierung für die Straffälligenhilfe" in response.content.decode()


def test_home_page_in_english_under_en(client, site_pages):
    response = client.get("/en/")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    html = response.content.decode()
    assert "Training for offender aid" in html
    assert "Qualifizierung für die Straffälligenhilfe" not in html


def test_home_page_lists_fields_of_work_and_providers(client, site_pages):
    html = client.get("/").content.decode()
    assert "Bewährungshilfe" in html
    assert "Multikulturelles Zentrum Dessau e. V." in html
    html_en = client.get("/en/").content.decode()
    assert "Probation service" in html_en


def test_language_switch_points_to_the_translation(client, site_pages):
    html = client.get("/").content.decode()
    assert re.search(r'<a href="/en/"[^>]*hreflang="en"', html)
    html = client.get("/ueber-uns/").content.decode()
    assert re.search(r'<a href="/en/about/"[^>]*hreflang="en"', html)
    html = client.get("/en/about/").content.decode()
    assert re.search(r'<a href="/ueber-uns/"[^>]*hreflang="de"', html)


def test_footer_links_the_legal_pages(client, site_pages):
    html = client.get("/").content.decode()
    assert '<a href="/impressum/">Impressum</a>' in html
    assert '<a href="/datenschutz/">Datenschutzerklärung</a>' in html
    assert '<a href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a>' in html
    # Each legal page exists behind its link.
    for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert client.get(path).status_code == 200


def test_footer_links_the_english_legal_pages_on_english_pages(client, site_pages):
    html = client.get("/en/").content.decode()
    assert '<a href="/en/imprint/">Imprint</a>' in html
    assert '<a href="/en/privacy/">Privacy notice</a>' in html
    assert '<a href="/en/accessibility/">Accessibility statement</a>' in html


def test_unknown_address_gives_our_404_page(client, site_pages):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert html_lang(response) == "de"
    # The site frame stays, so people can search or go home from here.
    assert 'action="/suche/"' in html
    assert '<a href="/impressum/">' in html


def test_unknown_english_address_gives_an_english_404(client, site_pages):
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert html_lang(response) == "en"
    assert "Page not found" in response.content.decode()


def test_search_finds_a_page(client, site_pages):
    response = client.get("/suche/", {"q": "Werkstattgespräche"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/bedarfsanalyse/">Bedarfsanalyse</a>' in html
    # German search shows German pages only.
    assert "/en/needs-analysis/" not in html


def test_english_search_finds_english_pages(client, site_pages):
    html = client.get("/en/suche/", {"q": "workshop"}).content.decode()
    assert '<a href="/en/needs-analysis/">Needs analysis</a>' in html
    assert '<a href="/bedarfsanalyse/">' not in html


def test_search_does_not_show_drafts(client, site_pages):
    home_de, _home_en = site_pages
    ContentPageFactory(parent=home_de, title="Geheimer Entwurf Zebrafink", live=False)
    draft_free = client.get("/suche/", {"q": "Zebrafink"})
    assert "Geheimer Entwurf" not in draft_free.content.decode()
    assert draft_free.context["results"].paginator.count == 0


def test_search_finds_a_newly_published_page(client, site_pages):
    home_de, _home_en = site_pages
    ContentPageFactory(parent=home_de, title="Fallberatung Zebrafink", slug="zebrafink")
    html = client.get("/suche/", {"q": "Zebrafink"}).content.decode()
    assert '<a href="/zebrafink/">Fallberatung <mark>Zebrafink</mark></a>' in html
