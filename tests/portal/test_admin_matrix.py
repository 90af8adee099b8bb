"""Who reaches which admin URL of our apps: every URL × anonymous, professional, staff without
a second factor, trainer, coordinator and administrator, with the outcome each must get, and a
coordinator of another project (derived from the coordinator's, ``other_project``: 404 for
the objects of the first project).

Outcomes: ``ok`` (200), ``login`` (302 to the allauth login), ``mfa`` (302 to the two-factor
setup, ``portal.mfa``), ``denied`` (302 to the admin home: Wagtail's "no permission"), ``403``,
``404``, ``405``, ``moved`` (a GET redirected elsewhere) and ``done`` (a POST that did its job and
redirected). A trainer's "mine" is an offering of a module they teach, "other" one they do not.

``test_every_admin_url_of_our_apps_is_in_the_matrix`` fails when a URL under /admin/ whose view
lives in our apps, or which is in one of ``COVERED_NAMESPACES``, has no row here: add the row
(and the namespace of a new viewset to ``COVERED_NAMESPACES``).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from wagtail.models import Page, Site

from courses.models import (
    PARTICIPANT_COLLECTION,
    PUBLIC_COLLECTION,
    CatalogPage,
    Certificate,
    Enrollment,
    ParticipantMaterial,
    Qualification,
)
from portal.models import Audience, ContentPage, Project, Provider, Region, Topic
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.courses.test_materials import make_document
from tests.factories import ProfessionalFactory, ProjectFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    InHouseRequestFactory,
    InterestFactory,
    WorkshopFactory,
)
from tests.portal.admin_matrix_rows import (
    COVERED_NAMESPACES,
    DENIED,
    DONE,
    LOGIN,
    MATRIX,
    MFA,
    MOVED,
    OK,
    OUR_APPS,
    ROLES,
    other_project,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


def outcome(response, method):
    location = response.get("Location", "")
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        if location.startswith("/konto/login/?next="):
            return LOGIN
        if location == "/konto/2fa/":
            return MFA
        if location == "/admin/":
            return DENIED
        return DONE if method == "post" else MOVED
    if response.status_code in (403, 404, 405):
        return str(response.status_code)
    return f"{response.status_code} {location}".strip()


@pytest.fixture
def projects(coordinator, coordinator_other):
    """The matrix's objects are the first project's (the coordinator's, in Saxony-Anhalt);
    ``coordinator_other`` coordinates a project in North Rhine-Westphalia."""
    first = ProjectFactory(
        regions=[Region.objects.get(slug="sachsen-anhalt")], coordinators=[coordinator]
    )
    ProjectFactory(
        regions=[Region.objects.get(slug="nordrhein-westfalen")],
        coordinators=[coordinator_other],
    )
    return first


@pytest.fixture
def objects(site_pages, trainer, projects):
    catalog = CatalogPage.objects.get(locale__language_code="de")
    module_mine = ModulePageFactory(parent=catalog, title="Modul der Referentin", project=projects)
    module_mine.trainers.add(trainer)
    module_mine.save_revision().publish()
    module_other = ModulePageFactory(
        parent=catalog, title="Modul einer anderen Person", project=projects
    )
    module_other.save_revision().publish()
    mine = OfferingFactory(module=module_mine, requires_approval=True)
    other = OfferingFactory(module=module_other)
    request = EnrollmentFactory(offering=mine, status=Enrollment.Status.REQUESTED)
    participant = EnrollmentFactory(offering=other)
    finding = FindingFactory()
    finding.offerings.add(mine)
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
        "workshop": WorkshopFactory().pk,
        "finding": finding.pk,
        "consultation": ConsultationRequestFactory().pk,
        "in_house": InHouseRequestFactory().pk,
        "interest": InterestFactory().pk,
        "rev_mine": module_mine.latest_revision_id,
        "rev_other": module_other.latest_revision_id,
        "participant": participant.user_id,
        **{model: get().pk for model, get in SNIPPET_OBJECTS.items()},
        **_documents(module_mine, module_other),
        **_qualification_objects(catalog, projects),
    }


SNIPPET_OBJECTS = {
    "topic": lambda: Topic.objects.get(slug="gmf"),
    "audience": lambda: Audience.objects.first(),
    "region": lambda: Region.objects.get(slug="magdeburg"),
    "provider": lambda: Provider.objects.first(),
    "project": lambda: Project.objects.order_by("pk").first(),
}


def _qualification_objects(catalog, project) -> dict:
    certificate = _qualification_certificate(catalog, project)
    return {
        "qualification_certificate": certificate.pk,
        "qualification": certificate.qualification_id,
    }


def _qualification_certificate(catalog, project):
    """A qualification certificate of the first project (a qualification page of its own)."""
    page = catalog.add_child(
        instance=Qualification(
            title="Qualifizierungsreihe",
            slug="qualifizierungsreihe",
            project=project,
            requirements=[],
        )
    )
    return Certificate.objects.create(
        kind=Certificate.Kind.QUALIFICATION,
        holder=ProfessionalFactory(),
        qualification=page,
        issued_at=timezone.now(),
        participant_name="Frieda Fachkraft",
        module_title=page.title,
    )


def _documents(module_mine, module_other):
    flyer = make_document("Flyer", PUBLIC_COLLECTION)
    script_mine = make_document("Skript Eigen", PARTICIPANT_COLLECTION)
    script_other = make_document("Skript Fremd", PARTICIPANT_COLLECTION)
    ParticipantMaterial.objects.create(page=module_mine, document=script_mine)
    ParticipantMaterial.objects.create(page=module_other, document=script_other)
    return {"flyer": flyer.pk, "script_mine": script_mine.pk, "script_other": script_other.pk}


def url_for(template, objects):
    values = dict(objects)
    for model, get in SNIPPET_OBJECTS.items():
        if f"/portal/{model}/" in template:
            values["obj"] = get().pk
    return template.format(**values)


@pytest.mark.parametrize("role", [*ROLES, "coordinator_other"])
def test_admin_url_matrix(client, objects, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    wrong = {}
    for method, template, expected_per_role in MATRIX:
        url = url_for(template, objects)
        if role == "coordinator_other":
            expected = other_project(template, expected_per_role)
        else:
            expected = expected_per_role[ROLES.index(role)]
        got = outcome(getattr(client, method)(url), method)
        if got != expected:
            wrong[f"{method.upper()} {template}"] = f"expected {expected}, got {got}"
    print("\n".join(f"{k}: {v}" for k, v in wrong.items()))
    assert wrong == {}


def _view_module(callback) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return view.__module__


def admin_urls(resolver=None, prefix="", namespace=""):
    """(route, "namespace:name", module of the view) of every URL pattern under /admin/."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        # As ``ResolverMatch.route`` has it: without the anchors of regular expressions.
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from admin_urls(pattern, route, inner)
        elif isinstance(pattern, URLPattern) and route.startswith("admin/"):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            yield route, name, _view_module(pattern.callback)


def needs_a_row(route, name, module) -> bool:
    return module.split(".")[0] in OUR_APPS or name.split(":")[0] in COVERED_NAMESPACES


def missing_rows(objects, resolver=None):
    # ``ResolverMatch.route`` keeps the "$" of a regular expression's end.
    covered = {
        resolve(url_for(template, objects).split("?")[0]).route.rstrip("$")
        for _m, template, _e in MATRIX
    }
    return sorted(
        f"/{route} ({name or module})"
        for route, name, module in admin_urls(resolver)
        if needs_a_row(route, name, module) and route not in covered
    )


def test_every_admin_url_of_our_apps_is_in_the_matrix(objects):
    assert missing_rows(objects) == []


def bulk_actions_without_a_row(app_labels=OUR_APPS):
    """Wagtail's bulk actions share one URL pattern: every action registered for a model of
    ours needs a row of its own."""
    from django.apps import apps
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    rows = {template.split("?")[0] for _m, template, _e in MATRIX}
    return sorted(
        url
        for label in app_labels
        for model in apps.get_app_config(label).get_models()
        for action in bulk_action_registry.get_bulk_actions_for_model(
            label, model._meta.model_name
        )
        if (url := f"/admin/bulk/{label}/{model._meta.model_name}/{action.action_type}/")
        not in rows
    )


def test_every_bulk_action_on_our_models_is_in_the_matrix():
    assert bulk_actions_without_a_row() == []


def test_the_bulk_check_notices_an_action_without_a_row():
    assert "/admin/bulk/wagtaildocs/document/add_tags/" in bulk_actions_without_a_row(
        ("wagtaildocs",)
    )


def test_the_check_notices_an_admin_url_without_a_row(objects):
    from courses.admin_views import OfferingParticipantsExportView

    view = OfferingParticipantsExportView.as_view()
    probe = URLResolver(
        RoutePattern(""),
        [
            path("admin/offerings/new-thing/<int:pk>/", view, name="new_thing"),
            path("admin/offerings/unnamed/", view),
            path("elsewhere/", view),
        ],
    )
    assert missing_rows(objects, probe) == [
        "/admin/offerings/new-thing/<int:pk>/ (new_thing)",
        "/admin/offerings/unnamed/ (courses.admin_views)",
    ]


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
