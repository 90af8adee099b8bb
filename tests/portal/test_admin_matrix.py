"""Who reaches which admin URL of our apps: every URL × anonymous, professional, trainer,
coordinator and administrator, with the outcome each must get.

Outcomes: ``ok`` (200), ``login`` (to the allauth login), ``denied`` (Wagtail's "no permission":
back to the admin home), ``403``, ``404``, ``405`` and ``done`` (a POST that did its job and
redirected). A trainer's "mine" is an offering of a module they teach, "other" one they do not.

``test_every_admin_url_of_our_apps_is_in_the_matrix`` fails when a viewset or view gains a URL
in one of ``COVERED_NAMESPACES`` without a row here: add the row (and the namespace of a new
viewset to ``COVERED_NAMESPACES``).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from wagtail.models import Page, Site

from courses.models import CatalogPage, Enrollment
from portal.models import Audience, ContentPage, Provider, Region, Topic
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


ROLES = ["anonymous", "professional", "trainer", "coordinator", "admin_user"]
OK, LOGIN, DENIED, DONE, MOVED = "ok", "login", "denied", "done", "moved"
FORBIDDEN, MISSING, NOT_ALLOWED = "403", "404", "405"

# Every role but anonymous and professionals has the admin; they are always sent to the login.
OUT = (LOGIN, LOGIN)
ALL = (*OUT, OK, OK, OK)
COORDINATION = (*OUT, DENIED, OK, OK)
ADMINISTRATION = (*OUT, DENIED, DENIED, OK)

SNIPPET_ACTIONS = {
    "": ALL,
    "results/": ALL,
    "add/": COORDINATION,
    "edit/{obj}/": COORDINATION,
    "copy/{obj}/": COORDINATION,
    "delete/{obj}/": COORDINATION,
    "history/{obj}/": COORDINATION,
    "history-results/{obj}/": COORDINATION,
    "usage/{obj}/": COORDINATION,
}

MATRIX = [
    # (method, url, (anonymous, professional, trainer, coordinator, admin_user))
    ("get", "/admin/", ALL),
    # The shared vocabulary: trainers read it, coordinators maintain it.
    *(
        ("get", f"/admin/snippets/portal/{model}/{action}", expected)
        for model in ("topic", "audience", "region", "provider")
        for action, expected in SNIPPET_ACTIONS.items()
    ),
    # Site settings, users, groups, workflows: coordination and administration only.
    ("get", "/admin/settings/portal/sitesettings/", (*OUT, DENIED, MOVED, MOVED)),
    ("get", "/admin/settings/portal/sitesettings/{site}/", COORDINATION),
    (
        "get",
        "/admin/settings/portal/sitesettings/{site}/preview/",
        (*OUT, DENIED, MISSING, MISSING),
    ),
    ("get", "/admin/users/", ADMINISTRATION),
    ("get", "/admin/groups/", ADMINISTRATION),
    ("get", "/admin/workflows/list/", ADMINISTRATION),
    ("get", "/admin/workflows/tasks/index/", ADMINISTRATION),
    ("get", "/admin/sites/", ADMINISTRATION),
    # Pages: trainers explore the catalogue, add modules and edit those they teach.
    ("get", "/admin/pages/", ALL),
    ("get", "/admin/pages/{catalog}/", ALL),
    ("get", "/admin/pages/search/?q=Modul", ALL),
    ("get", "/admin/pages/add/courses/modulepage/{catalog}/", ALL),
    ("get", "/admin/pages/{catalog}/edit/", COORDINATION),
    ("get", "/admin/pages/{about}/edit/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/edit/", ALL),
    ("get", "/admin/pages/{module_mine}/view_draft/", ALL),
    ("get", "/admin/pages/{module_mine}/history/", ALL),
    ("get", "/admin/pages/{module_mine}/delete/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/unpublish/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/move/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/copy/", COORDINATION),
    ("get", "/admin/pages/{module_other}/edit/", COORDINATION),
    ("get", "/admin/pages/{module_other}/view_draft/", COORDINATION),
    ("get", "/admin/pages/{module_other}/history/", COORDINATION),
    # Offerings: trainers see and change those of their modules; coordinators everything.
    ("get", "/admin/offerings/", ALL),
    ("get", "/admin/offerings/results/", ALL),
    ("get", "/admin/offerings/new/", COORDINATION),
    ("get", "/admin/offerings/edit/{mine}/", ALL),
    ("get", "/admin/offerings/edit/{other}/", COORDINATION),
    ("get", "/admin/offerings/copy/{mine}/", COORDINATION),
    ("get", "/admin/offerings/delete/{mine}/", COORDINATION),
    ("get", "/admin/offerings/history/{mine}/", ALL),
    ("get", "/admin/offerings/history-results/{mine}/", ALL),
    ("get", "/admin/offerings/usage/{mine}/", ALL),
    ("get", "/admin/offerings/inspect/{mine}/", ALL),
    ("get", "/admin/offerings/{mine}/participants/", ALL),
    ("get", "/admin/offerings/{other}/participants/", (*OUT, MISSING, OK, OK)),
    ("get", "/admin/offerings/{mine}/participants/export/csv/", ALL),
    ("get", "/admin/offerings/{other}/participants/export/xlsx/", (*OUT, MISSING, OK, OK)),
    ("get", "/admin/offerings/{mine}/attendance/", ALL),
    ("get", "/admin/offerings/{other}/attendance/", (*OUT, MISSING, OK, OK)),
    ("get", "/admin/offerings/{mine}/attendance/sign-in-sheet.pdf", ALL),
    ("get", "/admin/offerings/{other}/attendance/sign-in-sheet.pdf", (*OUT, MISSING, OK, OK)),
    ("get", "/admin/offerings/{mine}/evaluation/", ALL),
    ("get", "/admin/offerings/{other}/evaluation/", (*OUT, MISSING, OK, OK)),
    ("get", "/admin/offerings/module/{module_mine}/evaluation/", ALL),
    ("get", "/admin/offerings/module/{module_other}/evaluation/", COORDINATION),
    ("post", "/admin/offerings/{mine}/certificates/issue/", (*OUT, DONE, DONE, DONE)),
    ("post", "/admin/offerings/{other}/certificates/issue/", (*OUT, MISSING, DONE, DONE)),
    ("post", "/admin/offerings/certificate/0/revoke/", (*OUT, DENIED, MISSING, MISSING)),
    ("post", "/admin/offerings/{mine}/promote/", (*OUT, DENIED, DONE, DONE)),
    ("post", "/admin/offerings/enrollment/{request}/approve/", (*OUT, DENIED, DONE, DONE)),
]

# Namespaces whose every URL must have a row above (add the needs analysis and the workshop
# talks here once their rows are in).
COVERED_NAMESPACES = {
    "offerings",
    "wagtailsnippets_portal_topic",
    "wagtailsnippets_portal_audience",
    "wagtailsnippets_portal_region",
    "wagtailsnippets_portal_provider",
    "wagtailsettings",
}


def outcome(response, method):
    location = response.get("Location", "")
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        if location.startswith("/konto/login/?next="):
            return LOGIN
        if location == "/admin/":
            return DENIED
        return DONE if method == "post" else MOVED
    if response.status_code in (403, 404, 405):
        return str(response.status_code)
    return f"{response.status_code} {location}".strip()


@pytest.fixture
def objects(site_pages, trainer):
    catalog = CatalogPage.objects.get(locale__language_code="de")
    module_mine = ModulePageFactory(parent=catalog, title="Modul der Referentin")
    module_mine.trainers.add(trainer)
    module_mine.save_revision().publish()
    module_other = ModulePageFactory(parent=catalog, title="Modul einer anderen Person")
    module_other.save_revision().publish()
    mine = OfferingFactory(module=module_mine, requires_approval=True)
    other = OfferingFactory(module=module_other)
    request = EnrollmentFactory(offering=mine, status=Enrollment.Status.REQUESTED)
    EnrollmentFactory(offering=other)
    return {
        "site": Site.objects.get(is_default_site=True).pk,
        "obj": None,  # filled per snippet model
        "catalog": catalog.pk,
        "about": ContentPage.objects.get(slug="ueber-uns").pk,
        "module_mine": module_mine.pk,
        "module_other": module_other.pk,
        "mine": mine.pk,
        "other": other.pk,
        "request": request.pk,
    }


SNIPPET_OBJECTS = {
    "topic": lambda: Topic.objects.get(slug="gmf"),
    "audience": lambda: Audience.objects.first(),
    "region": lambda: Region.objects.get(slug="magdeburg"),
    "provider": lambda: Provider.objects.first(),
}


def url_for(template, objects):
    values = dict(objects)
    for model, get in SNIPPET_OBJECTS.items():
        if f"/snippets/portal/{model}/" in template:
            values["obj"] = get().pk
    return template.format(**values)


@pytest.mark.parametrize("role", ROLES)
def test_admin_url_matrix(client, objects, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    wrong = {}
    for method, template, expected_per_role in MATRIX:
        url = url_for(template, objects)
        expected = expected_per_role[ROLES.index(role)]
        got = outcome(getattr(client, method)(url), method)
        if got != expected:
            wrong[f"{method.upper()} {template}"] = f"expected {expected}, got {got}"
    print("\n".join(f"{k}: {v}" for k, v in wrong.items()))
    assert wrong == {}


def _named_admin_urls(resolver=None, prefix="", namespace=""):
    """(route, "namespace:name") of every URL pattern under /admin/."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _named_admin_urls(pattern, route, inner)
        elif isinstance(pattern, URLPattern) and route.startswith("admin/") and pattern.name:
            yield route, f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_admin_url_of_our_apps_is_in_the_matrix(objects):
    covered = set()
    for _method, template, _expected in MATRIX:
        path = url_for(template, objects).split("?")[0]
        covered.add(resolve(path).view_name)
    missing = sorted(
        f"/{route} ({name})"
        for route, name in _named_admin_urls()
        if name.split(":")[0] in COVERED_NAMESPACES and name not in covered
    )
    assert missing == []


def test_the_catalogue_is_the_only_part_of_the_page_tree_trainers_can_change(objects, trainer):
    for page in Page.objects.exclude(depth=1).specific():
        perms = page.permissions_for_user(trainer)
        if isinstance(page, CatalogPage):
            assert perms.can_add_subpage() and not perms.can_edit()
        elif page.pk == objects["module_mine"]:
            assert perms.can_edit() and not perms.can_publish()
        else:
            assert not perms.can_edit(), page
            assert not perms.can_add_subpage(), page
            assert not perms.can_publish(), page
