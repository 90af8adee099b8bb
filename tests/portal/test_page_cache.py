"""The full-page cache for anonymous visitors: hits, bypasses and every invalidation path.

Each invalidation test renders a page (a miss that stores it), changes what the page shows
through the service or admin action that changes it in real life, and checks that the next
anonymous request shows the change. Without the signal that bumps the content version the
second request would be a hit with the old HTML.
"""

import datetime
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone

from courses.models import CatalogPage, Certificate, ModulePage, Session
from courses.services import certificates, enrolment, materials, offerings
from portal import content_version
from portal.models import Audience, Provider, SiteSettings
from portal.models.pages import ContentPage
from portal.page_cache import HEADER, PageCacheMiddleware
from tests.courses.catalog_data import offer
from tests.courses.factories import EnrollmentFactory
from tests.factories import ProfessionalFactory
from tests.needs_analysis.factories import WorkshopFactory
from workshops import services as workshop_services
from workshops.models import WorkshopIndexPage

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cross-Origin-Resource-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture(autouse=True)
def page_cache(settings, site_pages):
    settings.PORTAL_PAGE_CACHE = True


@pytest.fixture
def module():
    catalog = CatalogPage.objects.get(locale__language_code="de")
    return catalog.add_child(
        instance=ModulePage(title="Zwischenspeicher", slug="speicher", teaser="Grundlagen.")
    )


@pytest.fixture
def offering(module):
    return offer(module, capacity=2)


def get(client, url, expect):
    response = client.get(url)
    assert response.status_code == 200
    assert response[HEADER] == expect
    return response.content.decode()


def free_seats(html) -> int | None:
    """The number in the first "x of y places free" badge, None when fully booked."""
    match = re.search(r'class="badge badge--free">\D*(\d+)', html)
    return int(match.group(1)) if match else None


def waiting(html) -> str:
    match = re.search(r'class="badge badge--full">[^<]*</span> <span class="muted">([^<]*)<', html)
    return match.group(1) if match else ""


# Hits and bypasses ---------------------------------------------------------------------------


def test_the_second_anonymous_request_is_a_hit_without_queries(
    client, module, django_assert_num_queries
):
    first = client.get(module.url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(module.url)
    assert second.status_code == 200
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("path", ["/", "/fortbildungen/", "/en/", "/ueber-uns/"])
def test_public_pages_are_cached_and_set_no_cookie(client, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    assert not first.cookies  # no CSRF token on public pages for anonymous visitors
    assert client.get(path)[HEADER] == "hit"


def test_a_cached_response_carries_the_same_security_headers(client):
    fresh = client.get("/")
    cached = client.get("/")
    assert cached[HEADER] == "hit"
    for header in SECURITY_HEADERS:
        assert cached[header] == fresh[header], header
    # No nonces: the policy is the same string for every response, cached or not.
    assert "nonce-" not in fresh["Content-Security-Policy"]


def test_head_is_answered_from_the_entry_of_get(client):
    client.get("/")
    response = client.head("/")
    assert response.status_code == 200
    assert response[HEADER] == "hit"


def test_filters_and_search_terms_are_separate_entries(client):
    assert client.get("/fortbildungen/?q=Radikalisierung")[HEADER] == "miss"
    assert client.get("/fortbildungen/?q=Haft")[HEADER] == "miss"
    assert client.get("/fortbildungen/?q=Radikalisierung")[HEADER] == "hit"


def test_logged_in_people_bypass_the_cache_both_ways(client, professional):
    assert client.get("/")[HEADER] == "miss"
    client.force_login(professional)
    response = client.get("/")
    assert response[HEADER] == "bypass"
    assert "Abmelden" in response.content.decode()  # their own header, not the cached one
    # What they were shown was not stored for anonymous visitors either.
    cache.clear()
    assert client.get("/")[HEADER] == "bypass"
    client.logout()
    anonymous = client.get("/")
    assert anonymous[HEADER] == "miss"
    assert "Abmelden" not in anonymous.content.decode()


def test_a_waiting_message_bypasses_the_cache(client):
    client.get("/")
    storage = CookieStorage(RequestFactory().get("/"))
    encoded = storage._encode([storage_message("Sie haben sich abgemeldet.")])
    client.cookies[CookieStorage.cookie_name] = encoded
    response = client.get("/")
    assert response[HEADER] == "bypass"
    assert "Sie haben sich abgemeldet." in response.content.decode()


def storage_message(text):
    from django.contrib.messages.storage.base import Message

    return Message(constants.SUCCESS, text)


def test_personal_and_account_addresses_are_never_cached(client):
    assert client.get("/konto/login/")[HEADER] == "bypass"
    assert client.get("/konto/login/")[HEADER] == "bypass"


def test_a_post_bypasses_the_cache(client):
    client.get("/")
    assert client.post("/")[HEADER] == "bypass"


def middleware_response(response, path="/"):
    """What the middleware does with ``response`` from a view for an anonymous GET."""
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    middleware = PageCacheMiddleware(lambda request: response)
    return middleware(request)


def test_responses_that_set_a_cookie_are_not_stored():
    response = HttpResponse("<p>Formular</p>")
    response.set_cookie("csrftoken", "abc")
    assert middleware_response(response)[HEADER] == "bypass"
    assert middleware_response(HttpResponse("ok"))[HEADER] == "miss"


@pytest.mark.parametrize("value", ["private", "no-store", "private, max-age=0"])
def test_private_responses_are_not_stored(value):
    response = HttpResponse("<p>Persönlich</p>")
    response["Cache-Control"] = value
    assert middleware_response(response)[HEADER] == "bypass"


@pytest.mark.parametrize("status", [301, 302, 404, 500])
def test_other_statuses_are_not_stored(status):
    assert middleware_response(HttpResponse("x", status=status))[HEADER] == "bypass"


def test_only_listed_views_are_stored():
    # The site search is public, but not in PORTAL_PAGE_CACHE_VIEWS.
    assert middleware_response(HttpResponse("x"), path="/suche/")[HEADER] == "bypass"


def test_a_vary_on_anything_else_is_not_stored():
    response = HttpResponse("x")
    response["Vary"] = "Cookie, Authorization"
    assert middleware_response(response)[HEADER] == "bypass"


def test_switched_off_it_neither_stores_nor_says_so(client, settings):
    settings.PORTAL_PAGE_CACHE = False
    client.get("/")
    assert HEADER not in client.get("/")


# Invalidation --------------------------------------------------------------------------------


def test_publishing_a_page_shows_the_new_version(client):
    get(client, "/ueber-uns/", "miss")
    page = ContentPage.objects.get(slug="ueber-uns")
    page.title = "Über uns, neu"
    page.save_revision().publish()
    assert "Über uns, neu" in get(client, "/ueber-uns/", "miss")


def test_unpublishing_a_page_takes_it_off_the_menu(client):
    page = ContentPage.objects.get(slug="ueber-uns")
    assert page.title in get(client, "/", "miss")
    page.unpublish()
    assert f">{page.title}</a>" not in get(client, "/", "miss")
    assert client.get("/ueber-uns/").status_code == 404


def test_moving_a_page_changes_the_menu(client):
    page = ContentPage.objects.get(slug="ueber-uns")
    other = ContentPage.objects.filter(locale=page.locale).exclude(pk=page.pk).first()
    assert 'href="/ueber-uns/"' in get(client, "/", "miss")
    page.move(other, pos="last-child")
    assert 'href="/ueber-uns/"' not in get(client, "/", "miss")


def test_deleting_a_page_takes_it_off_the_menu(client):
    page = ContentPage.objects.get(slug="ueber-uns")
    assert 'href="/ueber-uns/"' in get(client, "/", "miss")
    page.delete()
    assert 'href="/ueber-uns/"' not in get(client, "/", "miss")


@pytest.mark.parametrize(("restriction", "status"), [("login", 302), ("password", 200)])
def test_a_page_made_private_leaves_the_cache_at_once(client, module, restriction, status):
    from wagtail.models import PageViewRestriction

    assert "Zwischenspeicher" in get(client, module.url, "miss")
    assert "Zwischenspeicher" in get(client, module.url, "hit")
    PageViewRestriction.objects.create(
        page=module, restriction_type=restriction, password="geheim-2026"
    )
    response = client.get(module.url)
    assert response[HEADER] == "bypass"
    assert response.status_code == status  # the login redirect, or the password form
    assert "Grundlagen." not in response.content.decode()


def test_an_offering_change_shows_at_once(client, offering, coordinator):
    assert free_seats(get(client, offering.module.url, "miss")) == 2
    offerings.change_capacity(offering, 5, coordinator)
    assert free_seats(get(client, offering.module.url, "miss")) == 5


def test_a_new_session_shows_at_once(client, offering):
    day = timezone.localdate() + datetime.timedelta(days=90)
    html = get(client, offering.module.url, "miss")
    Session.objects.create(
        offering=offering, date=day, start_time=datetime.time(9), end_time=datetime.time(12)
    )
    assert get(client, offering.module.url, "miss") != html


def test_an_enrolment_takes_a_seat_at_once(client, offering):
    person = ProfessionalFactory()  # before the pages are cached: a new account bumps, too
    assert free_seats(get(client, offering.module.url, "miss")) == 2
    assert free_seats(get(client, "/fortbildungen/", "miss")) == 2
    enrolment.enroll(offering, person)
    assert free_seats(get(client, offering.module.url, "miss")) == 1
    assert free_seats(get(client, "/fortbildungen/", "miss")) == 1


def test_the_waiting_list_shows_at_once(client, offering):
    first, second, third = ProfessionalFactory.create_batch(3)
    enrolment.enroll(offering, first)
    enrolment.enroll(offering, second)
    html = get(client, offering.module.url, "miss")
    assert free_seats(html) is None
    assert not re.search(r"\d", waiting(html))
    waitlisted = enrolment.enroll(offering, third)
    assert "1" in waiting(get(client, offering.module.url, "miss"))
    enrolment.cancel(waitlisted, waitlisted.user)
    assert not re.search(r"\d", waiting(get(client, offering.module.url, "miss")))


def test_a_cancellation_frees_the_seat_at_once(client, offering):
    taken = enrolment.enroll(offering, ProfessionalFactory())
    assert free_seats(get(client, offering.module.url, "miss")) == 1
    enrolment.cancel(taken, taken.user)
    assert free_seats(get(client, offering.module.url, "miss")) == 2


def test_a_vocabulary_change_shows_at_once(client):
    audience = Audience.objects.get(name="Bewährungshilfe")
    get(client, "/", "miss")
    audience.name = "Bewährungshilfe und Führungsaufsicht"
    audience.save()
    assert "Bewährungshilfe und Führungsaufsicht" in get(client, "/", "miss")


def test_a_site_settings_change_shows_in_the_footer(client, site_pages):
    get(client, "/", "miss")
    settings_row = SiteSettings.objects.get()
    settings_row.organisation = "Landesnetzwerk Übergangsmanagement"
    settings_row.save()
    assert "Landesnetzwerk Übergangsmanagement" in get(client, "/", "miss")


def test_a_new_footer_organisation_shows_in_the_footer(client):
    get(client, "/ueber-uns/", "miss")
    provider = Provider.objects.create(name="Verein Neustart Halle e. V.")
    # Creating the provider bumps too; the relation alone must bump as well.
    get(client, "/ueber-uns/", "miss")
    SiteSettings.objects.get().footer_organisations.add(provider)
    assert "Verein Neustart Halle e. V." in get(client, "/ueber-uns/", "miss")


def test_a_revoked_certificate_shows_at_once(client, coordinator):
    certificate = Certificate.objects.create(
        enrollment=EnrollmentFactory(),
        issued_at=timezone.now(),
        participant_name="Erika Mustermann",
        module_title="Zwischenspeicher",
    )
    url = f"/nachweis/{certificate.code}/"
    assert "alert--success" in get(client, url, "miss")
    certificates.revoke_certificate(certificate, coordinator, "Irrtümlich ausgestellt")
    assert "Irrtümlich ausgestellt" in get(client, url, "miss")


def test_a_public_material_shows_at_once(client, module):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Leseliste Übergangsmanagement", file=ContentFile(b"%PDF-1.4", name="liste.pdf")
    )
    assert "Leseliste" not in get(client, module.url, "miss")
    materials.link_document(module, document, public=True)
    assert "Leseliste Übergangsmanagement" in get(client, module.url, "miss")


def test_the_workshop_listing_and_its_places_show_at_once(client, site_pages):
    index = site_pages[0].add_child(
        instance=WorkshopIndexPage(title="Werkstattgespräche", slug="werkstatt")
    )
    person = ProfessionalFactory()
    assert "Werkstattgespräch Halle" not in get(client, index.url, "miss")
    workshop = WorkshopFactory(title="Werkstattgespräch Halle", capacity=12)
    assert "Werkstattgespräch Halle" in get(client, index.url, "miss")
    detail = index.workshop_url(workshop)
    assert "0 von 12" in get(client, detail, "miss")
    workshop_services.register(workshop, person)
    assert "1 von 12" in get(client, detail, "miss")


# The content version -------------------------------------------------------------------------


def test_a_new_day_is_a_new_entry(client, module, monkeypatch):
    assert get(client, module.url, "miss")
    assert get(client, module.url, "hit")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert get(client, module.url, "miss")


def test_a_lost_version_starts_at_a_number_never_used(client):
    client.get("/")
    before = content_version.current()
    cache.delete(content_version.KEY)
    assert content_version.current() != before
    assert client.get("/")[HEADER] == "miss"
