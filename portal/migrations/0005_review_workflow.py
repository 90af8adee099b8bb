"""Publishing goes through the coordination: one workflow with one approval task on the root page.

- Workflow "Prüfung durch die Koordination" with the group approval task "Freigabe Koordination"
  (group "Koordination"), assigned to the root page, so it covers every page of every site,
  the catalogue and its modules included. Coordinators (who may publish) can still publish
  directly; trainers can only submit for review.
- Wagtail's default workflow "Moderators approval" lost its group in 0004_roles; it is removed
  (or deactivated, should it already have a history).
- Trainers get "add" on catalogue pages that already exist, so they can reach the catalogue in
  the admin. New catalogues get it when they are created (``courses.permissions``); what a
  trainer may do with a module is decided by the module's permission tester, not here.

The catalogue pages are found through their content type, so this migration does not depend on
the courses app.
"""

from django.db import migrations

COORDINATORS = "Koordination"
TRAINERS = "Referent*innen"
WORKFLOW_NAME = "Prüfung durch die Koordination"
TASK_NAME = "Freigabe Koordination"
DEFAULT_WORKFLOW_NAME = "Moderators approval"


def catalog_pages(apps):
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(
        content_type__app_label="courses", content_type__model="catalogpage"
    )


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.set([coordinators])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    for old in Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME).exclude(pk=workflow.pk):
        WorkflowPage.objects.filter(workflow=old).delete()
        old_task_ids = list(old.workflow_tasks.values_list("task_id", flat=True))
        if WorkflowState.objects.filter(workflow=old).exists():
            old.active = False
            old.save(update_fields=["active"])
        else:
            old.delete()
        for old_task in Task.objects.filter(pk__in=old_task_ids):
            if (
                old_task.workflow_tasks.exists()
                or TaskState.objects.filter(task=old_task).exists()
            ):
                old_task.active = False
                old_task.save(update_fields=["active"])
            else:
                old_task.delete()

    trainers = Group.objects.filter(name=TRAINERS).first()
    add_page = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="add_page"
    ).first()
    if trainers and add_page:
        for catalog in catalog_pages(apps):
            GroupPagePermission.objects.get_or_create(
                group=trainers, page=catalog, permission=add_page
            )


def remove_workflow(apps, schema_editor):
    # Wagtail's default workflow is not restored: its group was removed by 0004_roles.
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    GroupPagePermission.objects.filter(
        group__name=TRAINERS,
        page__in=catalog_pages(apps),
        permission__codename="add_page",
    ).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
