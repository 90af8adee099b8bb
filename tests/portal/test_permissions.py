"""Who may open which view of the portal app, and how many queries the home page costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from portal.models import Topic
from tests.factories import AudienceFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


ROLES = ["anonymous", "professional", "staff_without_mfa", "trainer", "coordinator", "admin_user"]

OK = "ok"
LOGIN = "login"  # redirected to the allauth login with ?next=
DENIED = "denied"  # Wagtail's "no permission": back to the admin home
MFA = "mfa"  # staff without a second factor: to its setup (portal/mfa.py)

EXPECTED = {
    # url: (anonymous, professional, staff_without_mfa, trainer, coordinator, admin_user)
    "/": (OK, OK, OK, OK, OK, OK),
    "/en/": (OK, OK, OK, OK, OK, OK),
    "/suche/?q=Fortbildung": (OK, OK, OK, OK, OK, OK),
    "/mein-bereich/": (LOGIN, OK, OK, OK, OK, OK),
    "/mein-bereich/profil/": (LOGIN, OK, OK, OK, OK, OK),
    "/admin/": (LOGIN, LOGIN, MFA, OK, OK, OK),
    "/admin/snippets/portal/topic/": (LOGIN, LOGIN, MFA, OK, OK, OK),
    "/admin/snippets/portal/topic/add/": (LOGIN, LOGIN, MFA, DENIED, OK, OK),
    "/admin/snippets/portal/topic/edit/{topic}/": (LOGIN, LOGIN, MFA, DENIED, OK, OK),
    "/admin/snippets/portal/topic/delete/{topic}/": (LOGIN, LOGIN, MFA, DENIED, OK, OK),
    "/admin/snippets/portal/region/": (LOGIN, LOGIN, MFA, OK, OK, OK),
    "/admin/snippets/portal/provider/add/": (LOGIN, LOGIN, MFA, DENIED, OK, OK),
    "/admin/settings/portal/sitesettings/{site}/": (LOGIN, LOGIN, MFA, DENIED, OK, OK),
}


def outcome(response):
    if response.status_code == 200:
        return OK
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith("/konto/login/?next="):
        return LOGIN
    if response.status_code == 302 and location == "/admin/":
        return DENIED
    if response.status_code == 302 and location == "/konto/2fa/":
        return MFA
    return f"{response.status_code} {location}".strip()


@pytest.mark.parametrize("role", ROLES)
def test_view_permissions(client, site_pages, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    topic = Topic.objects.get(slug="gmf")
    site = Site.objects.get(is_default_site=True)

    wrong = {}
    for url, expected_per_role in EXPECTED.items():
        expected = expected_per_role[ROLES.index(role)]
        got = outcome(client.get(url.format(topic=topic.pk, site=site.pk)))
        if got != expected:
            wrong[url] = f"expected {expected}, got {got}"
    assert wrong == {}


def test_coordinator_edits_a_topic(client, coordinator):
    topic = Topic.objects.get(slug="gmf")
    client.force_login(coordinator)
    response = client.post(
        f"/admin/snippets/portal/topic/edit/{topic.pk}/",
        {
            "name": "Gruppenbezogene Menschenfeindlichkeit (GMF)",
            "name_en": topic.name_en,
            "slug": topic.slug,
            "sort_order": topic.sort_order,
            "description": "",
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Gruppenbezogene Menschenfeindlichkeit (GMF)"


def test_coordinator_adds_a_topic(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/admin/snippets/portal/topic/add/",
        {
            "name": "Antisemitismus",
            "name_en": "Antisemitism",
            "slug": "antisemitismus",
            "sort_order": 50,
            "description": "",
        },
    )
    assert response.status_code == 302
    assert Topic.objects.filter(slug="antisemitismus").exists()


def test_trainer_cannot_add_or_change_topics(client, trainer):
    topic = Topic.objects.get(slug="gmf")
    client.force_login(trainer)
    data = {"name": "Umbenannt", "name_en": "", "slug": "umbenannt", "sort_order": 1}
    for url in (
        "/admin/snippets/portal/topic/add/",
        f"/admin/snippets/portal/topic/edit/{topic.pk}/",
        f"/admin/snippets/portal/topic/delete/{topic.pk}/",
    ):
        assert outcome(client.post(url, data)) == DENIED, url
    assert not Topic.objects.filter(slug="umbenannt").exists()
    topic.refresh_from_db()
    assert topic.name == "Gruppenbezogene Menschenfeindlichkeit"


def test_trainer_sees_the_topics_in_the_admin_listing(client, trainer):
    client.force_login(trainer)
    html = client.get("/admin/snippets/portal/topic/").content.decode()
    assert "Gruppenbezogene Menschenfeindlichkeit" in html
    assert "/admin/snippets/portal/topic/add/" not in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/en/"])
def test_home_page_queries_do_not_grow_with_organisations_and_audiences(
    client, site_pages, django_assert_max_num_queries, url
):
    client.get(url)  # warm up the site and content type caches
    baseline = count_queries(client, url)

    for kind in ("provider", "funder", "partner"):
        ProviderFactory.create_batch(10, kind=kind, website="https://example.org/")
    AudienceFactory.create_batch(10)
    client.get(url)  # the changes bumped the content version: the site frame is built anew

    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    html = response.content.decode()
    assert "Träger Nummer" in html  # the new rows are really shown
    assert ("Testarbeitsfeld" in html) or ("Test field" in html)
