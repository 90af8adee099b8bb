"""Coordinators record, review and export findings and handle requests. Trainers get nothing
here: they see aggregates through the needs-analysis views, never single findings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Koordination"

MODELS = ["finding", "consultationrequest", "inhouserequest", "interest"]
CODENAMES = [
    *(f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")),
    "change_needsanalysissettings",
    "view_needsanalysissettings",
]


def ensure_permissions(apps):
    # Permissions are normally created after all migrations ran; this migration needs them now.
    app_config = apps.get_app_config("needs_analysis")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="needs_analysis", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=COORDINATORS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="needs_analysis", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("needs_analysis", "0002_initial"),
        ("portal", "0004_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
