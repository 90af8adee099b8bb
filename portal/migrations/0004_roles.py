"""The three roles as groups with their admin permissions. Administrators are superusers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROFESSIONALS = "Fachkräfte"
TRAINERS = "Referent*innen"
COORDINATORS = "Koordination"

VOCABULARY_MODELS = ["topic", "audience", "region", "provider"]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def perm(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Wagtail's generic starter groups would sit beside ours and confuse; our roles replace them.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Group.objects.get_or_create(name=PROFESSIONALS)
    trainers, _ = Group.objects.get_or_create(name=TRAINERS)
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)

    admin_access = perm(apps, "wagtailadmin", "access_admin")
    trainers.permissions.add(admin_access)
    coordinators.permissions.add(admin_access)
    for model in VOCABULARY_MODELS:
        for action in ("add", "change", "delete", "view"):
            coordinators.permissions.add(perm(apps, "portal", f"{action}_{model}"))
        trainers.permissions.add(perm(apps, "portal", f"view_{model}"))
    coordinators.permissions.add(perm(apps, "portal", "change_sitesettings"))

    root_page = Page.objects.filter(depth=1).first()
    if root_page:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            GroupPagePermission.objects.get_or_create(
                group=coordinators,
                page=root_page,
                permission=perm(apps, "wagtailcore", codename),
            )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        grants = {
            coordinators: [
                ("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
                ("wagtailimages", "choose_image"), ("wagtailimages", "delete_image"),
                ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
                ("wagtaildocs", "choose_document"), ("wagtaildocs", "delete_document"),
            ],
            trainers: [
                ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
                ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
            ],
        }
        for group, codenames in grants.items():
            for app_label, codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=perm(apps, app_label, codename),
                )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[PROFESSIONALS, TRAINERS, COORDINATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_default_vocabulary"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
