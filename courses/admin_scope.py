"""Trainer scope in Wagtail's own admin screens: the site history, page log entries, documents,
the admin API and the model viewsets of other apps.

Wagtail decides these by model, page or collection permission; ``courses.access`` narrows them to
the objects a person may see (``offerings_for``, ``documents_for``, the rules of the needs
analysis and the workshop talks):

- ``ScopedDocumentPermissionPolicy`` (registered by ``register_document_policy`` from
  ``CoursesConfig.ready``) hides participant materials of other modules from the document
  listing, the chooser and the edit views;
- ``ScopedDocumentsAdminAPIViewSet`` replaces the admin API's documents endpoint
  (``/admin/api/main/documents/``), which Wagtail does not filter by permission at all;
- ``scope_model_log_entries`` (called from ``CoursesConfig.ready``) narrows
  ``ModelLogEntry.objects.viewable_by_user`` — used by the site history report, its export and
  its filter choices — to log entries of offerings, enrolments and certificates in
  ``offerings_for(user)``.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from courses import access
from portal import projects

# Logged course models and the path from each to its offering.
SCOPED_LOG_MODELS = {
    "courses.Offering": "pk",
    "courses.Enrollment": "offering",
    "courses.Certificate": "enrollment__offering",
}


# Models whose viewset and log entries are for the people a rule of ``courses.access`` admits
# (filled by ``register_rule_policy``).
RULED_MODELS = {}


class RulePermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, for the people ``rule(user)`` admits only.

    ``rule`` is a function of ``courses.access`` (for example ``can_read_findings``): a model
    permission given to somebody without the role grants nothing in the viewset.
    """

    def __init__(self, model, rule):
        super().__init__(model)
        self.rule = rule

    def user_has_permission(self, user, action):
        return self.rule(user) and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        return users.filter(pk__in=[user.pk for user in users if self.rule(user)])


def scope_log_entries_of(model, rule) -> None:
    """Show the log entries of ``model`` in the site history only to people ``rule`` admits."""
    RULED_MODELS[model] = rule


def register_rule_policy(model, rule) -> None:
    """Use ``RulePermissionPolicy(model, rule)`` for ``model`` (call it at the top of the app's
    ``wagtail_hooks``, before its viewset is registered)."""
    from wagtail.permissions import register_permission_policy

    scope_log_entries_of(model, rule)
    register_permission_policy(model, RulePermissionPolicy(model, rule), exact_class=True)


def log_entries_for(user, entries):
    """The model log entries of ``entries`` ``user`` may see: those of offerings, enrolments and
    certificates only within ``courses.access.offerings_for(user)``; those of a model with a
    ``RulePermissionPolicy`` only if its rule admits ``user``, and, where the model belongs to
    a project, only those of the projects ``user`` coordinates."""
    hidden = Q(pk__in=[])
    for model, rule in RULED_MODELS.items():
        if not rule(user):
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            hidden |= Q(content_type=content_type)
    if projects.coordinated_project_ids(user) is projects.ALL:
        return entries.exclude(hidden)
    for model in RULED_MODELS:
        if any(field.name == "project" for field in model._meta.concrete_fields):
            others = (
                model.objects.exclude(projects.in_projects(projects.coordinated_project_ids(user)))
                .annotate(log_key=Cast("pk", output_field=CharField()))
                .values("log_key")
            )
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            hidden |= Q(content_type=content_type, object_id__in=others)
    offerings = access.offerings_for(user).values("pk")
    for label, path in SCOPED_LOG_MODELS.items():
        model = apps.get_model(label)
        own = (
            model.objects.filter(**{f"{path}__in": offerings})
            .annotate(log_key=Cast("pk", output_field=CharField()))
            .values("log_key")
        )
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        hidden |= Q(content_type=content_type) & ~Q(object_id__in=own)
    return entries.exclude(hidden)


def scope_model_log_entries() -> None:
    """Narrow ``ModelLogEntry.objects.viewable_by_user`` with ``log_entries_for``.

    Wagtail 8.0 shows a log entry to everybody with any permission on its model, and the site
    history report (``LogEntriesView``) has no hook for its queryset; trainers may view and
    change offerings, so they would see the history of every offering.
    """
    from wagtail.models import ModelLogEntry

    manager_class = type(ModelLogEntry.objects)
    original = manager_class.viewable_by_user
    if getattr(original, "scoped_to_offerings", False):
        return

    def viewable_by_user(self, user):
        return log_entries_for(user, original(self, user))

    viewable_by_user.scoped_to_offerings = True
    manager_class.viewable_by_user = viewable_by_user


def pages_with_history_for(user):
    """The pages whose history ``user`` may see: as Wagtail's page history view asks, those of
    the pages they may explore whose permission tester (``courses.permissions``) lets them edit
    or publish. All pages for the coordination; kept on the user for the request."""
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    if user.is_superuser or access.is_coordinator(user):
        return Page.objects.all()
    if not hasattr(user, "_pages_with_history"):
        explorable = policy_registry.get_by_type(Page).explorable_instances(user)
        user._pages_with_history = [
            page.pk
            for page in explorable.specific()
            if (tester := page.permissions_for_user(user)).can_edit() or tester.can_publish()
        ]
    return Page.objects.filter(pk__in=user._pages_with_history)


def refuse_move_without_permission(request, page, destination):
    """``before_move_page``: no move confirmation for a page the person may not move there."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


def scope_page_log_entries() -> None:
    """Narrow ``PageLogEntry.objects.viewable_by_user`` with ``pages_with_history_for``.

    Wagtail 8.0 shows the log entries of every page a person may explore (``explorable_instances``,
    which for trainers is the whole catalogue and its ancestors) in the site history, while the
    page history view asks ``can_edit`` or ``can_publish``; trainers would read the history of
    modules they do not teach there.
    """
    from wagtail.models import PageLogEntry

    manager_class = type(PageLogEntry.objects)
    original = manager_class.viewable_by_user
    if getattr(original, "scoped_to_page_history", False):
        return

    def viewable_by_user(self, user):
        entries = original(self, user)
        if user.is_superuser or access.is_coordinator(user):
            return entries
        return entries.filter(page__in=pages_with_history_for(user).values("pk"))

    viewable_by_user.scoped_to_page_history = True
    manager_class.viewable_by_user = viewable_by_user


class ScopedDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions, then ``courses.access.documents_for``."""

    def instances_user_has_any_permission_for(self, user, actions):
        return access.documents_for(
            user, super().instances_user_has_any_permission_for(user, actions)
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return access.documents_for(user, self.model.objects.filter(pk=instance.pk)).exists()


def register_document_policy() -> None:
    """Use ``ScopedDocumentPermissionPolicy`` for documents.

    ``wagtail.documents`` registers its policy in its own ``ready``, after ours; a policy for
    the exact class wins over it whatever the order.
    """
    from wagtail.documents import get_document_model
    from wagtail.permissions import register_permission_policy

    model = get_document_model()
    policy = ScopedDocumentPermissionPolicy(
        model, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
    )
    register_permission_policy(model, policy, exact_class=True)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents, only those ``courses.access.documents_for`` lets through."""

    def get_queryset(self):
        return access.documents_for(self.request.user, super().get_queryset())


class ProjectScopedViewSetMixin:
    """For a Wagtail ``ModelViewSet``: its list, exports and every view of one object show only
    what ``scope(user, queryset)`` lets through (a rule of the access modules, such as
    ``needs_analysis.access.findings_for``). An object outside it does not exist for the person
    (404), whatever the view: edit, delete, copy, inspect, history, usage."""

    scope = None  # (user, queryset) -> queryset

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view(view_class, type(self).scope), **kwargs)


def scoped_view(view_class, scope):
    """``view_class`` narrowed by ``scope``: an index view lists only what it lets through, and
    ``get_object`` answers 404 for an object outside it."""
    from wagtail.admin.views.generic import IndexView

    methods = {}
    if issubclass(view_class, IndexView):

        def get_base_queryset(self):
            return scope(self.request.user, super(scoped, self).get_base_queryset())

        methods["get_base_queryset"] = get_base_queryset
    if hasattr(view_class, "get_object"):

        def get_object(self, *args, **kwargs):
            obj = super(scoped, self).get_object(*args, **kwargs)
            # Anybody but the coordination is refused by the viewset's permission policy.
            if not access.is_coordinator(self.request.user):
                return obj
            if obj is not None and getattr(obj, "pk", None) is not None:
                visible = scope(self.request.user, type(obj)._default_manager.filter(pk=obj.pk))
                if not visible.exists():
                    raise Http404
            return obj

        methods["get_object"] = get_object
    if not methods:
        return view_class
    scoped = type(view_class.__name__, (view_class,), methods)
    scoped.__module__ = view_class.__module__
    scoped.__qualname__ = view_class.__qualname__
    return scoped


class ForeignProjectMiddleware:
    """Wagtail's own page and document views answer 404 to a coordinator for a module or a
    qualification, or a participant material, of another project, as the views of our apps do.

    Those views ask Wagtail's permission testers, which refuse (a redirect to the admin home)
    instead; their URLs carry the page or document id, so it is looked at here, before the
    view runs: one query, for coordinators of some projects only.
    """

    PAGE_KWARGS = ("page_id", "page_to_move_id", "pk")
    DOCUMENT_KWARGS = ("document_id", "doc_id")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not match.route.startswith("admin/"):
            return None
        user = request.user
        if not access.is_coordinator(user):
            return None
        if projects.coordinated_project_ids(user) is projects.ALL:
            return None
        namespaces = set(match.namespaces)
        if "wagtailadmin_pages" in namespaces:
            page_id = next((view_kwargs[k] for k in self.PAGE_KWARGS if k in view_kwargs), None)
            if page_id is not None and not self._page_is_theirs(user, page_id):
                raise Http404
        if namespaces & {"wagtaildocs", "wagtaildocs_chooser"}:
            document_id = next(
                (view_kwargs[k] for k in (*self.DOCUMENT_KWARGS, "pk") if k in view_kwargs), None
            )
            if document_id is not None and not self._document_is_theirs(user, document_id):
                raise Http404
        return None

    @staticmethod
    def _page_is_theirs(user, page_id) -> bool:
        from courses.models import ModulePage, Qualification

        found = list(
            ModulePage.objects.filter(pk=page_id)
            .order_by()
            .values_list("project_id", flat=True)
            .union(
                Qualification.objects.filter(pk=page_id)
                .order_by()
                .values_list("project_id", flat=True)
            )
        )
        return not found or projects.may_act_in(user, found[0])

    @staticmethod
    def _document_is_theirs(user, document_id) -> bool:
        from wagtail.documents import get_document_model

        if not str(document_id).isdigit():
            return True  # Wagtail answers for what is no document id
        documents = get_document_model().objects.filter(pk=int(document_id))
        return access.documents_for(user, documents).exists() or not documents.exists()
