"""Wagtail's routing from the cache (``portal/routing.py``): one query for the page once an
address has been routed, and never a stale answer: a page made private, moved or unpublished
is routed afresh at once (each bumps the content version). With the page cache off, so that
every request is routed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.models.pages import ContentPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings, shared_site_pages):
    settings.PORTAL_PAGE_CACHE = False


@pytest.fixture
def page():
    return ContentPage.objects.get(slug="ueber-uns")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_a_routed_address_costs_one_query(client, page):
    first, cold = queries(client, page.url)
    second, warm = queries(client, page.url)
    assert first.status_code == 200
    assert second.status_code == 200
    assert second.content == first.content
    assert warm == 1  # the page itself: site, tree walk and view restrictions are cached
    assert cold > warm


@pytest.mark.parametrize(("restriction", "status"), [("login", 302), ("password", 200)])
def test_a_page_made_private_is_private_at_once(client, page, restriction, status):
    assert client.get(page.url).status_code == 200
    PageViewRestriction.objects.create(
        page=page, restriction_type=restriction, password="geheim-2026"
    )
    for _ in range(2):  # routed afresh, then from the cache: private both times
        response = client.get(page.url)
        assert response.status_code == status  # the login redirect, or the password form
        if restriction == "password":
            assert 'type="password"' in response.content.decode()


def test_a_moved_page_is_routed_at_its_new_address_only(client, page):
    old = page.url
    other = ContentPage.objects.filter(locale=page.locale).exclude(pk=page.pk).first()
    assert client.get(old).status_code == 200
    page.move(other, pos="last-child")
    page.refresh_from_db()
    response = client.get(old)  # not routed any more: Wagtail's redirect for a moved page
    assert response.status_code == 301
    assert response["Location"] == page.url
    assert client.get(page.url).status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, page):
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404
    assert client.get(page.url).status_code == 404
