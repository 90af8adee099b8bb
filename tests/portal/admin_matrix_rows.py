"""The rows of the admin permission matrix (``test_admin_matrix.py``): each admin URL of our
apps, and of Wagtail's views for our models, with the outcome per role. Kept apart from the test
code because it is data that grows with every admin URL.
"""

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
    # Projects decide what each coordinator sees: administrators keep them. Module and finding
    # forms choose a project with a plain select, not with the snippet chooser.
    *(
        ("get", f"/admin/snippets/portal/project/{action}", ADMINISTRATION)
        for action in SNIPPET_ACTIONS
    ),
    # Wagtail's snippet chooser shows every admin user the names (as for the vocabulary).
    *(
        ("get", f"/admin/snippets/choose/portal/project/{action}", expected)
        for action, expected in {**SNIPPET_CHOOSER_ACTIONS, "create/": ADMINISTRATION}.items()
    ),
    ("get", "/admin/bulk/portal/project/delete/?id={project}", ALL),
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
    # Two page types fit under the catalogue: Wagtail lets everybody choose, but only the
    # coordination may create a qualification (courses.permissions).
    ("get", "/admin/pages/{catalog}/add_subpage/", ALL),
    ("get", "/admin/pages/add/courses/qualification/{catalog}/", COORDINATION),
    ("get", "/admin/pages/{qualification}/edit/", COORDINATION),
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
    # The transfer survey results (R10): the same rule as the evaluation results.
    ("get", "/admin/offerings/{mine}/transfer/", ALL),
    ("get", "/admin/offerings/{other}/transfer/", (*OUT, MISSING, OK, OK)),
    ("get", "/admin/offerings/module/{module_mine}/transfer/", ALL),
    ("get", "/admin/offerings/module/{module_other}/transfer/", COORDINATION),
    # Material uploads: the module's trainers and the coordination (courses/admin_materials.py).
    ("get", "/admin/materials/module/{module_mine}/upload/", ALL),
    ("get", "/admin/materials/module/{module_other}/upload/", (*OUT, MISSING, OK, OK)),
    ("post", "/admin/materials/module/{module_other}/upload/", (*OUT, MISSING, OK, OK)),
    ("post", "/admin/offerings/{mine}/certificates/issue/", (*OUT, DONE, DONE, DONE)),
    ("post", "/admin/offerings/{other}/certificates/issue/", (*OUT, MISSING, DONE, DONE)),
    ("post", "/admin/offerings/certificate/0/revoke/", (*OUT, DENIED, MISSING, MISSING)),
    ("post", "/admin/offerings/{mine}/promote/", (*OUT, DENIED, DONE, DONE)),
    # The go/no-go decision on offerings below their minimum (courses/admin_minimums.py).
    ("post", "/admin/minimums/{mine}/confirm/?next=/admin/offerings/", (*OUT, DENIED, DONE, DONE)),
    ("get", "/admin/minimums/{other}/cancel/", COORDINATION),
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
    ("get", "/admin/needs/renewals/", COORDINATION),
    ("post", "/admin/needs/renewals/plan/", (*OUT, DENIED, DONE, DONE)),
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
    # The request's page with thread, reply, assignment (needs_analysis/admin_requests.py).
    ("get", "/admin/needs/consultations/request/{consultation}/", COORDINATION),
    ("post", "/admin/needs/consultations/request/{consultation}/", (*OUT, DENIED, DONE, DONE)),
    *viewset_rows("needs/in-house", "in_house"),
    *viewset_rows("needs/interests", "interest", inspect=False),
    # Workshop talks: planned and recorded by the coordination.
    *viewset_rows("workshops", "workshop"),
    # The funders' report and its files: the coordination and administrators.
    ("get", "/admin/reports/funding/", COORDINATION),
    ("get", "/admin/reports/funding/report.xlsx", COORDINATION),
    ("get", "/admin/reports/funding/report.pdf", COORDINATION),
    # Qualification certificates (courses/admin_qualifications.py): the coordination revokes
    # them there; the offerings' revoke action does not know them.
    ("get", "/admin/qualification-certificates/", COORDINATION),
    (
        "post",
        "/admin/qualification-certificates/{qualification_certificate}/revoke/",
        (*OUT, DENIED, DONE, DONE),
    ),
    (
        "post",
        "/admin/offerings/certificate/{qualification_certificate}/revoke/",
        (*OUT, DENIED, MISSING, MISSING),
    ),
]

# A coordinator of another project (``coordinator_other``): the matrix's offerings, modules,
# enrolments, findings, requests, workshop talks and participant materials belong to the first
# project (the coordinator's), so wherever the coordinator reaches one of them, the other
# project's coordinator finds nothing (404); everywhere else they get what the coordinator gets.
PROJECT_OBJECTS = (
    "{mine}",
    "{other}",
    "{module_mine}",
    "{module_other}",
    "{request}",
    "{workshop}",
    "{finding}",
    "{consultation}",
    "{in_house}",
    "{script_mine}",
    "{script_other}",
    "{qualification_certificate}",
    "{qualification}",
)
SUCCESS = (OK, DONE, MOVED)
# Wagtail's page and document views too (``courses.admin_scope.ForeignProjectMiddleware``),
# whatever they would answer the coordinator (even a 405). Only the page bulk actions, whose
# ids are in the query string, offer the pages the person may act on, as for everybody.
AS_THE_COORDINATOR = ("/admin/bulk/wagtailcore/page/",)


def other_project(template: str, row: tuple) -> str:
    """The expected outcome for a coordinator of another project on ``template``."""
    coordinator = row[ROLES.index("coordinator")]
    if not any(name in template for name in PROJECT_OBJECTS):
        return coordinator
    if template.startswith(AS_THE_COORDINATOR):
        return coordinator
    return MISSING if coordinator in (*SUCCESS, MISSING, NOT_ALLOWED) else coordinator


# Namespaces of Wagtail's views (for our models) whose every URL must have a row above; URLs
# whose view lives in one of ``OUR_APPS`` need one anyway.
OUR_APPS = ("portal", "courses", "workshops", "needs_analysis")
COVERED_NAMESPACES = {
    "offerings",
    "wagtailsnippets_portal_topic",
    "wagtailsnippets_portal_audience",
    "wagtailsnippets_portal_region",
    "wagtailsnippets_portal_provider",
    "wagtailsnippets_portal_project",
    "wagtailsettings",
    "wagtailsnippetchoosers_portal_topic",
    "wagtailsnippetchoosers_portal_audience",
    "wagtailsnippetchoosers_portal_region",
    "wagtailsnippetchoosers_portal_provider",
    "wagtailsnippetchoosers_portal_project",
    "wagtailadmin_pages",
    "needs_findings",
    "needs_consultations",
    "needs_in_house",
    "needs_interests",
    "workshop_talks",
}
