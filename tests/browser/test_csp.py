"""The Content-Security-Policy blocks nothing the site needs: no violation in Chromium's console
on the public pages (strict policy) and in Wagtail's admin (its own policy, portal/security.py)."""

import pytest

from courses.models import CatalogPage
from tests.courses.factories import ModulePageFactory, OfferingFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_no_csp_violations_on_public_pages_and_in_the_admin(page, demo_site, login):
    catalog = CatalogPage.objects.get(locale__language_code="de")
    module = ModulePageFactory(parent=catalog, title="Rechtsextremismus erkennen", teaser="Kurz.")
    module.save_revision().publish()
    OfferingFactory(module=module, capacity=3)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    for url in ["/", "/en/", catalog.url, f"{catalog.url}{module.slug}/", "/konto/login/"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    login("admin@example.org", next_url="/admin/")
    for url in [
        "/admin/",
        f"/admin/pages/{catalog.pk}/",
        f"/admin/pages/{module.pk}/edit/",
        f"/admin/pages/add/courses/modulepage/{catalog.pk}/",
        "/admin/images/",
        "/admin/users/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "'unsafe-inline'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # Staff see Wagtail's user bar on the public pages, under the public policy.
    page.goto(f"{catalog.url}{module.slug}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("wagtail-userbar").count() == 1

    assert violations == []
