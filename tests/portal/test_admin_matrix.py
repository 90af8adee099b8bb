"""Who reaches which admin URL of our apps: every URL × anonymous, professional, staff without
a second factor, trainer, coordinator and administrator, with the outcome each must get.

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
from wagtail.models import Page, Site

from courses.models import (
    PARTICIPANT_COLLECTION,
    PUBLIC_COLLECTION,
    CatalogPage,
    Enrollment,
    ParticipantMaterial,
)
from portal.models import Audience, ContentPage, Provider, Region, Topic
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.courses.test_materials import make_document
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    InHouseRequestFactory,
    InterestFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


ROLES = ["anonymous", "professional", "staff_without_mfa", "trainer", "coordinator", "admin_user"]
OK, LOGIN, MFA, DENIED, DONE, MOVED = "ok", "login", "mfa", "denied", "done", "moved"
FORBIDDEN, MISSING, NOT_ALLOWED = "403", "404", "405"

# Anonymous visitors and professionals are always sent to the login; staff without a second
# factor always to its setup, whatever the URL (portal/mfa.py). Everybody else has the admin.
OUT = (LOGIN, LOGIN, MFA)
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

# The views of a Wagtail ModelViewSet kept for the coordination (a courses.access rule through
# courses.admin_scope.RulePermissionPolicy): every role but the coordination is refused.
VIEWSET_ACTIONS = (
    "",
    "results/",
    "new/",
    "edit/{obj}/",
    "copy/{obj}/",
    "delete/{obj}/",
    "history/{obj}/",
    "history-results/{obj}/",
    "usage/{obj}/",
    "inspect/{obj}/",
)


def viewset_rows(prefix, key, inspect=True):
    """A row for every view of the viewset at ``/admin/<prefix>/``, on the object ``{key}``."""
    return [
        ("get", f"/admin/{prefix}/{action.replace('{obj}', '{' + key + '}')}", COORDINATION)
        for action in VIEWSET_ACTIONS
        if inspect or not action.startswith("inspect/")
    ]


SNIPPET_CHOOSER_ACTIONS = {
    "": ALL,
    "results/": ALL,
    "chosen/{obj}/": ALL,
    "chosen-multiple/?id={obj}": ALL,
    "create/": COORDINATION,
}

MATRIX = [
    # (method, url, (anonymous, professional, staff_without_mfa, trainer, coordinator, admin))
    ("get", "/admin/", ALL),
    # The shared vocabulary: trainers read it, coordinators maintain it.
    *(
        ("get", f"/admin/snippets/portal/{model}/{action}", expected)
        for model in ("topic", "audience", "region", "provider")
        for action, expected in SNIPPET_ACTIONS.items()
    ),
    *(
        ("get", f"/admin/snippets/choose/portal/{model}/{action}", expected)
        for model in ("topic", "audience", "region", "provider")
        for action, expected in SNIPPET_CHOOSER_ACTIONS.items()
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
    # Pages: trainers explore the catalogue, add modules and edit those they teach; they see
    # the history, usage, revisions and workflow history of those only (courses/permissions.py;
    # Wagtail asks can_edit or can_publish there).
    ("get", "/admin/pages/", ALL),
    ("get", "/admin/pages/{catalog}/", ALL),
    ("get", "/admin/pages/{catalog}/results/", ALL),
    ("get", "/admin/pages/search/?q=Modul", ALL),
    ("get", "/admin/pages/search/results/?q=Modul", ALL),
    ("get", "/admin/pages/add/courses/modulepage/{catalog}/", ALL),
    ("get", "/admin/pages/add/courses/modulepage/{catalog}/preview/", ALL),
    ("get", "/admin/pages/{catalog}/add_subpage/", (*OUT, MOVED, MOVED, MOVED)),
    ("get", "/admin/pages/create/courses/modulepage", (*OUT, MOVED, MOVED, MOVED)),
    ("get", "/admin/pages/usage/courses/modulepage/", ALL),
    ("get", "/admin/pages/usage/courses/modulepage/results/", ALL),
    ("get", "/admin/pages/{catalog}/edit/", COORDINATION),
    ("get", "/admin/pages/{catalog}/history/", COORDINATION),
    ("get", "/admin/pages/{about}/edit/", COORDINATION),
    ("get", "/admin/pages/{about}/history/", COORDINATION),
    *(
        ("get", f"/admin/pages/{{module_{whose}}}/{action}", expected)
        for whose, expected in (("mine", ALL), ("other", COORDINATION))
        for action in (
            "edit/",
            "edit/preview/",
            "view_draft/",
            "history/",
            "history/results/",
            "usage/",
            "workflow_history/",
            f"revisions/{{rev_{whose}}}/view/",
            f"revisions/{{rev_{whose}}}/revert/",
            "revisions/compare/earliest...latest/",
        )
    ),
    ("get", "/admin/pages/{module_mine}/revisions/", (*OUT, MOVED, MOVED, MOVED)),
    ("get", "/admin/pages/{module_mine}/workflow_history/detail/0/", (*OUT, *(MISSING,) * 3)),
    (
        "get",
        "/admin/pages/{module_other}/workflow_history/detail/0/",
        (*OUT, DENIED, MISSING, MISSING),
    ),
    ("get", "/admin/pages/{module_mine}/revisions/{rev_mine}/unschedule/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/privacy/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/delete/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/unpublish/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/move/", COORDINATION),
    # Wagtail 8 asks nothing before this confirmation; before_move_page does
    # (courses/admin_scope.py).
    ("get", "/admin/pages/{module_mine}/move/{catalog}/confirm/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/set_position/", (*OUT, *(NOT_ALLOWED,) * 3)),
    ("get", "/admin/pages/{module_mine}/copy/", COORDINATION),
    ("get", "/admin/pages/{module_mine}/convert_alias/", (*OUT, *(MISSING,) * 3)),
    ("get", "/admin/pages/{module_mine}/lock/", (*OUT, *(NOT_ALLOWED,) * 3)),
    ("get", "/admin/pages/{module_mine}/unlock/", (*OUT, *(NOT_ALLOWED,) * 3)),
    ("post", "/admin/pages/{module_mine}/lock/", (*OUT, DENIED, DONE, DONE)),
    ("post", "/admin/pages/{module_other}/lock/", (*OUT, DENIED, DONE, DONE)),
    ("get", "/admin/pages/workflow/action/{module_mine}/approve/0/", (*OUT, *(MISSING,) * 3)),
    (
        "get",
        "/admin/pages/workflow/collect_action_data/{module_mine}/approve/0/",
        (*OUT, *(MISSING,) * 3),
    ),
    # Wagtail asks nothing here either; without a running workflow it answers "no confirmation
    # needed" and shows nothing of the page.
    ("get", "/admin/pages/workflow/confirm_cancellation/{module_other}/", ALL),
    ("get", "/admin/pages/workflow/preview/{module_mine}/0/", (*OUT, *(MISSING,) * 3)),
    # Bulk actions on our models: the confirmation offers only what the person may act on
    # (tests/portal/test_admin_rule_scope.py posts them).
    *(
        ("get", f"/admin/bulk/wagtailcore/page/{action}/?id={{module_other}}", ALL)
        for action in ("publish", "unpublish", "delete", "move")
    ),
    *(
        ("get", f"/admin/bulk/portal/{model}/delete/?id={{{model}}}", ALL)
        for model in ("topic", "audience", "region", "provider")
    ),
    *(
        ("get", f"/admin/bulk/portal/user/{action}/?id={{participant}}", ADMINISTRATION)
        for action in ("delete", "assign_role", "set_active_state")
    ),
    ("get", "/admin/bulk/needs_analysis/finding/delete/?id={finding}", (*OUT, *(MISSING,) * 3)),
    # The site history: trainers see only the entries of their pages and offerings.
    ("get", "/admin/reports/site-history/", ALL),
    ("get", "/admin/reports/site-history/results/", ALL),
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
    # Material uploads: the module's trainers and the coordination (courses/admin_materials.py).
    ("get", "/admin/materials/module/{module_mine}/upload/", ALL),
    ("get", "/admin/materials/module/{module_other}/upload/", (*OUT, MISSING, OK, OK)),
    ("post", "/admin/materials/module/{module_other}/upload/", (*OUT, MISSING, OK, OK)),
    ("post", "/admin/offerings/{mine}/certificates/issue/", (*OUT, DONE, DONE, DONE)),
    ("post", "/admin/offerings/{other}/certificates/issue/", (*OUT, MISSING, DONE, DONE)),
    ("post", "/admin/offerings/certificate/0/revoke/", (*OUT, DENIED, MISSING, MISSING)),
    ("post", "/admin/offerings/{mine}/promote/", (*OUT, DENIED, DONE, DONE)),
    ("post", "/admin/offerings/enrollment/{request}/approve/", (*OUT, DENIED, DONE, DONE)),
    # Wagtail's login form is allauth's (portal/urls.py).
    ("get", "/admin/login/", (MOVED,) * len(ROLES)),
    # Documents: participant materials of other modules stay hidden (courses/admin_scope.py).
    ("get", "/admin/api/main/documents/", ALL),
    ("get", "/admin/api/main/documents/{flyer}/", ALL),
    ("get", "/admin/api/main/documents/{script_mine}/", ALL),
    ("get", "/admin/api/main/documents/{script_other}/", (*OUT, MISSING, OK, OK)),
    ("get", "/admin/api/main/documents/find/?id={script_mine}", (*OUT, MOVED, MOVED, MOVED)),
    ("get", "/admin/api/main/documents/find/?id={script_other}", (*OUT, MISSING, MOVED, MOVED)),
    ("get", "/admin/documents/chooser/chosen/{script_mine}/", ALL),
    ("get", "/admin/documents/chooser/chosen/{script_other}/", COORDINATION),
    ("get", "/admin/documents/usage/{script_other}/", COORDINATION),
    # The needs analysis: only the coordination reads findings, requests and workshop records;
    # trainers see the demand of their topics in numbers (needs/my-topics/).
    ("get", "/admin/needs/", COORDINATION),
    ("get", "/admin/needs/recommendations/", COORDINATION),
    ("post", "/admin/needs/plan/", (*OUT, DENIED, DONE, DONE)),
    ("get", "/admin/needs/workshops/{workshop}/findings/", COORDINATION),
    ("get", "/admin/needs/workshops/{workshop}/import/", COORDINATION),
    ("get", "/admin/needs/import-template.csv", COORDINATION),
    ("get", "/admin/needs/import-template.xlsx", COORDINATION),
    ("get", "/admin/needs/triage/", COORDINATION),
    ("get", "/admin/needs/my-topics/", ALL),
    *viewset_rows("needs/findings", "finding"),
    ("post", "/admin/needs/findings/bulk/", (*OUT, DENIED, DONE, DONE)),
    ("get", "/admin/needs/findings/offering/{mine}/", COORDINATION),
    ("get", "/admin/needs/findings/offering/{other}/", COORDINATION),
    *viewset_rows("needs/consultations", "consultation"),
    *viewset_rows("needs/in-house", "in_house"),
    *viewset_rows("needs/interests", "interest", inspect=False),
    # Workshop talks: planned and recorded by the coordination.
    *viewset_rows("workshops", "workshop"),
]

# Namespaces of Wagtail's views (for our models) whose every URL must have a row above; URLs
# whose view lives in one of ``OUR_APPS`` need one anyway.
OUR_APPS = ("portal", "courses", "workshops", "needs_analysis")
COVERED_NAMESPACES = {
    "offerings",
    "wagtailsnippets_portal_topic",
    "wagtailsnippets_portal_audience",
    "wagtailsnippets_portal_region",
    "wagtailsnippets_portal_provider",
    "wagtailsettings",
    "wagtailsnippetchoosers_portal_topic",
    "wagtailsnippetchoosers_portal_audience",
    "wagtailsnippetchoosers_portal_region",
    "wagtailsnippetchoosers_portal_provider",
    "wagtailadmin_pages",
    "needs_findings",
    "needs_consultations",
    "needs_in_house",
    "needs_interests",
    "workshop_talks",
}


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
    }


SNIPPET_OBJECTS = {
    "topic": lambda: Topic.objects.get(slug="gmf"),
    "audience": lambda: Audience.objects.first(),
    "region": lambda: Region.objects.get(slug="magdeburg"),
    "provider": lambda: Provider.objects.first(),
}


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
