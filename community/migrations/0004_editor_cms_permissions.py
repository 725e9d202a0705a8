"""The editor role edits and publishes every page and keeps the image and document libraries;
staff only choose images. Wagtail's default "Editors" and "Moderators" groups and its default
"Moderators approval" workflow go: their people join the editor role, and editors publish
directly (docs/cms.md).

The permissions are a copy of what ``community.services.roles_ensure`` gives, frozen here as
migrations must not follow later code.
"""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

EDITOR = "editor"
STAFF = "staff"
WAGTAIL_GROUPS = ("Editors", "Moderators")
DEFAULT_WORKFLOW = "Moderators approval"

PAGE_CODENAMES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
IMAGE_CODENAMES = ["add_image", "change_image", "choose_image", "delete_image"]
DOCUMENT_CODENAMES = ["add_document", "change_document", "choose_document", "delete_document"]


def _permissions(apps, app_label, model, codenames):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.rsplit('_', 1)[0]} {model}"},
        )[0]
        for codename in codenames
    ]


def _grant_cms_permissions(apps, editor, staff):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")

    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        editor.permissions.add(access_admin)
        staff.permissions.add(access_admin)

    images = _permissions(apps, "wagtailimages", "image", IMAGE_CODENAMES)
    documents = _permissions(apps, "wagtaildocs", "document", DOCUMENT_CODENAMES)
    # Wagtail's libraries read collection permissions only; the model-level ones mislead.
    editor.permissions.remove(*images, *documents)
    staff.permissions.remove(*images, *documents)

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for permission in _permissions(apps, "wagtailcore", "page", PAGE_CODENAMES):
            GroupPagePermission.objects.get_or_create(
                group=editor, page=root_page, permission=permission
            )
    # Staff pick an image for an event and nothing more; editing the libraries is editors' work.
    GroupCollectionPermission.objects.filter(
        group=staff, permission__in=images + documents
    ).exclude(permission__codename="choose_image").delete()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        choose_image = next(p for p in images if p.codename == "choose_image")
        for group, permission in [
            *((editor, p) for p in images + documents),
            (staff, choose_image),
        ]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def _remove_default_workflow(apps):
    """Delete Wagtail's "Moderators approval" workflow and task only while they are exactly
    what Wagtail made: one approval task for Moderators, on the tree root, never started."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        task_ids = list(
            WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
        )
        if len(task_ids) != 1:
            continue
        task = GroupApprovalTask.objects.filter(pk=task_ids[0], name=DEFAULT_WORKFLOW).first()
        if task is None or list(task.groups.values_list("name", flat=True)) != ["Moderators"]:
            continue
        pages = WorkflowPage.objects.filter(workflow=workflow)
        if pages.exclude(page__depth=1).exists():
            continue
        if (
            WorkflowContentType.objects.filter(workflow=workflow).exists()
            or WorkflowState.objects.filter(workflow=workflow).exists()
            or TaskState.objects.filter(task_id=task.pk).exists()
            or WorkflowTask.objects.filter(task_id=task.pk).exclude(workflow=workflow).exists()
        ):
            continue
        pages.delete()
        WorkflowTask.objects.filter(workflow=workflow).delete()
        workflow.delete()
        task.delete()


def _merge_default_groups(apps, editor):
    """Wagtail's unused default groups: their people join the editor role (logged, like every
    role change), then the groups go. A group a remaining approval task still names stays."""
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    RoleChange = apps.get_model("community", "RoleChange")

    for group in Group.objects.filter(name__in=WAGTAIL_GROUPS):
        if GroupApprovalTask.objects.filter(groups=group).exists():
            continue
        for user in group.user_set.exclude(pk__in=editor.user_set.values("pk")):
            user.groups.add(editor)
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            with translation.override(settings.LANGUAGE_CODE):
                reason = gettext(
                    "Was in Wagtail's default group “%(group)s”, which the editor role replaces."
                ) % {"group": group.name}
            RoleChange.objects.create(
                user=user, role=EDITOR, action="granted", by=None, reason=reason
            )
        group.delete()


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    staff, _ = Group.objects.get_or_create(name=STAFF)
    _grant_cms_permissions(apps, editor, staff)
    _remove_default_workflow(apps)
    _merge_default_groups(apps, editor)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_role_change"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
