"""Coordinators manage offerings and enrolments; trainers view and change offerings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINERS = "Referent*innen"
COORDINATORS = "Koordination"

GRANTS = {
    COORDINATORS: [
        "add_offering",
        "change_offering",
        "delete_offering",
        "view_offering",
        "view_enrollment",
        "change_enrollment",
    ],
    TRAINERS: ["view_offering", "change_offering"],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; this migration needs them now.
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="courses", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_modules_offerings_enrollments"),
        ("portal", "0004_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
