"""Trainer scope in Wagtail's own admin screens: the site history, documents and the admin API.

Wagtail decides these by model or collection permission; ``courses.access`` narrows them to the
objects a person may see (``offerings_for``, ``documents_for``):

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
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from courses import access

# Logged course models and the path from each to its offering.
SCOPED_LOG_MODELS = {
    "courses.Offering": "pk",
    "courses.Enrollment": "offering",
    "courses.Certificate": "enrollment__offering",
}


def log_entries_for(user, entries):
    """The model log entries of ``entries`` ``user`` may see: those of offerings, enrolments and
    certificates only within ``courses.access.offerings_for(user)``."""
    if access.is_coordinator(user):
        return entries
    offerings = access.offerings_for(user).values("pk")
    hidden = Q(pk__in=[])
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
