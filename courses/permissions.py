"""Who may do what with the catalogue and its modules in the Wagtail admin.

Coordinators (and administrators) hold Wagtail's page permissions on the whole tree, including
"publish"; they keep Wagtail's own rules. Trainers (group "Referent*innen") hold only "add" on
each catalogue page (granted by ``grant_trainers_catalog_access`` whenever a catalogue is
created, and by the data migration ``portal.0005_review_workflow`` for existing ones). That is
enough for Wagtail's explorer and search to show them the catalogue. The testers below narrow it
down: a trainer

- may add modules to a catalogue,
- may edit, preview and submit for review a module they own or are listed on as a trainer (of
  the module or of one of its translations, which share their offerings),
- may never publish, unpublish, delete, move, lock or copy, nor edit the catalogue page itself.

Publishing is for coordinators: the workflow "Prüfung durch die Koordination" (on the root page)
sends every submitted change to them for approval.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, PagePermissionTester

from courses.access import trained_module_keys
from portal import projects, roles
from portal.roles import TRAINERS

TRAINER_CATALOG_PERMISSIONS = ("add_page",)


def grant_trainers_catalog_access(catalog) -> None:
    """Let trainers explore ``catalog`` and add modules to it (idempotent)."""
    group = Group.objects.filter(name=TRAINERS).first()
    if group is None:  # before the roles migration, or in a database without them
        return
    for codename in TRAINER_CATALOG_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=catalog, permission=permission)


def catalog_created(sender, instance, created, raw=False, **kwargs):
    """``post_save`` receiver for ``CatalogPage`` (connected in ``courses.models.pages``)."""
    if created and not raw:
        grant_trainers_catalog_access(instance)


class RestrictedPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, narrowed for people who may not publish here (trainers).

    ``restricted`` is False for superusers and for everyone holding "publish" on the page:
    they keep Wagtail's rules unchanged.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        self.restricted = (
            user.is_active and not user.is_superuser and "publish" not in self.permissions
        )

    def may_contribute(self) -> bool:
        """Holds a page permission that lets them work in this part of the tree at all."""
        return bool({"add", "change"} & self.permissions)

    def can_delete(self, ignore_bulk=False):
        return False if self.restricted else super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return False if self.restricted else super().can_unpublish()

    def can_publish(self):
        return False if self.restricted else super().can_publish()

    def can_publish_subpage(self):
        return False if self.restricted else super().can_publish_subpage()

    def can_lock(self):
        return False if self.restricted else super().can_lock()

    def can_unlock(self):
        if self.restricted:
            return self.user_has_lock()
        return super().can_unlock()

    def can_move(self):
        return False if self.restricted else super().can_move()

    def can_move_to(self, destination):
        return False if self.restricted else super().can_move_to(destination)

    def can_copy(self):
        return False if self.restricted else super().can_copy()

    def can_reorder_children(self):
        return False if self.restricted else super().can_reorder_children()

    def can_submit_for_moderation(self):
        if self.restricted and not self.can_edit():
            return False
        return super().can_submit_for_moderation()


class CatalogPermissionTester(RestrictedPagePermissionTester):
    """Trainers add modules to the catalogue but leave the catalogue page itself alone."""

    def can_edit(self):
        return False if self.restricted else super().can_edit()


class ModulePermissionTester(RestrictedPagePermissionTester):
    """Trainers edit the modules they own or teach, and submit them for review. A coordinator
    of another project than the module's is held like a trainer there (``portal.projects``)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if (
            not self.restricted
            and not user.is_superuser
            and roles.is_coordinator(user)
            and not projects.may_act_in(user, page.project_id)
        ):
            self.restricted = True

    def can_edit(self):
        if not self.restricted:
            return super().can_edit()
        if not self.user.is_active or self.page_is_root or not self.may_contribute():
            return False
        return (
            self.page.owner_id == self.user.pk
            or self.page.translation_key in trained_module_keys(self.user)
        )


class QualificationPermissionTester(RestrictedPagePermissionTester):
    """Qualifications are the coordination's: trainers may not edit them (they propose modules),
    nor may a coordinator of another project than the qualification's."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if (
            not self.restricted
            and not user.is_superuser
            and roles.is_coordinator(user)
            and not projects.may_act_in(user, page.project_id)
        ):
            self.restricted = True

    def can_edit(self):
        return False if self.restricted else super().can_edit()

    def can_submit_for_moderation(self):
        return False if self.restricted else super().can_submit_for_moderation()


def refuse_qualification_to_trainers(request, parent_page, page_class):
    """``before_create_page``: the catalogue lets trainers add pages, but only modules; a
    qualification is created by the coordination (``courses.access.may_create_qualifications``)."""
    from django.core.exceptions import PermissionDenied

    from courses.access import may_create_qualifications
    from courses.models import Qualification

    if issubclass(page_class, Qualification) and not may_create_qualifications(request.user):
        raise PermissionDenied
