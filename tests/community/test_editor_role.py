"""The editor role in the CMS: editors open the page explorer, edit and publish pages, write
news with images and keep the image and document libraries; staff without the editor role
only choose images; Wagtail's own default groups and moderation workflow are gone."""

import datetime
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from community import roles
from community.models import RoleChange
from community.services import role_grant, roles_ensure
from home.models import NewsIndexPage, NewsPage
from tests.factories.community import EditorFactory, StaffFactory, UserFactory
from tests.factories.home import image_create, site_tree

pytestmark = pytest.mark.django_db

migration = importlib.import_module("community.migrations.0004_editor_cms_permissions")

DASHBOARD = "/admin/"


@pytest.fixture
def tree():
    return site_tree()


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory(full_name="Rolf Redaktør"))
    return client


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(full_name="Siri Stab"))
    return client


def png(name="bilde.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 18), (11, 93, 59)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def edit_form(client, url):
    """What the browser would send back from a Wagtail page form, untouched."""
    response = client.get(url)
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def page_rows(group):
    return set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page__depth", "permission__codename"
        )
    )


def collection_rows(group):
    return set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection__depth", "permission__codename"
        )
    )


# --- What an editor may do ---------------------------------------------------------------------


def test_editor_group_holds_page_rights_on_the_tree_root_and_the_media_libraries():
    groups = roles_ensure()
    assert page_rows(groups[roles.EDITOR]) == {
        (1, "add_page"),
        (1, "change_page"),
        (1, "publish_page"),
        (1, "lock_page"),
        (1, "unlock_page"),
    }
    assert collection_rows(groups[roles.EDITOR]) == {
        (1, f"{action}_{model}")
        for action in ("add", "change", "choose", "delete")
        for model in ("image", "document")
    }


def test_editor_opens_the_page_explorer(editor_client, tree):
    response = editor_client.get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 200
    response = editor_client.get(reverse("wagtailadmin_explore", args=[tree.home.pk]))
    assert response.status_code == 200
    assert "Nyheter" in response.content.decode()


def test_editor_edits_and_publishes_a_page(editor_client, tree):
    url = reverse("wagtailadmin_pages:edit", args=[tree.news_index.pk])
    data = edit_form(editor_client, url)
    data["title"] = "Nytt fra huset"
    data["intro"] = rich_text("<p>Siste nytt fra RE Gründerhus.</p>")
    data["action-publish"] = "action-publish"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsIndexPage.objects.get(pk=tree.news_index.pk)
    assert page.title == "Nytt fra huset"
    assert page.live and not page.has_unpublished_changes
    assert "Siste nytt fra RE Gründerhus." in page.intro
    assert not page.get_latest_revision().approved_go_live_at
    # No moderation step: nothing is waiting for approval.
    assert page.current_workflow_state is None


def test_editor_creates_a_news_article_with_an_image(editor_client, tree):
    image = image_create(title="Sirkulærkonferansen")
    url = reverse("wagtailadmin_pages:add", args=["home", "newspage", tree.news_index.pk])
    data = edit_form(editor_client, url)
    data.update(
        nested_form_data(
            {
                "title": "Den Store Sirkulærkonferansen",
                "slug": "sirkularkonferansen",
                "date": "2026-05-24",
                "intro": "To dager om sirkulær økonomi.",
                "image": image.pk,
                "body": streamfield(
                    [("paragraph", rich_text("<p>Circular Norway kommer til Asker.</p>"))]
                ),
                "action-publish": "action-publish",
            }
        )
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article = NewsPage.objects.get(slug="sirkularkonferansen")
    assert article.live
    assert article.image == image
    assert article.date == datetime.date(2026, 5, 24)
    assert article.get_parent().pk == tree.news_index.pk
    assert "Circular Norway kommer til Asker." in str(article.body)


def test_editor_uploads_an_image_and_a_document(editor_client):
    assert editor_client.get(reverse("wagtailimages:index")).status_code == 200
    root = Collection.get_first_root_node()
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Huset fra gata", "file": png(), "collection": root.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_image_model().objects.filter(title="Huset fra gata").exists()

    assert editor_client.get(reverse("wagtaildocs:index")).status_code == 200
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Husregler",
            "file": SimpleUploadedFile("husregler.txt", b"Rydd etter deg.", "text/plain"),
            "collection": root.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.filter(title="Husregler").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/plasser/",
        "/admin/plasser/kart/",
        "/admin/plasser/belegg/",
        "/admin/mentoring/",
        "/admin/mentoring/rapport/",
        "/admin/arrangementer/",
    ],
)
def test_editor_cannot_open_staff_only_views(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == DASHBOARD


@pytest.mark.parametrize("name", ["wagtailusers_users:index", "wagtailusers_groups:index"])
def test_editor_cannot_manage_people_or_groups(editor_client, name):
    response = editor_client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


# --- Staff without the editor role -------------------------------------------------------------


def test_staff_cannot_edit_pages(staff_client, tree):
    response = staff_client.get(reverse("wagtailadmin_pages:edit", args=[tree.home.pk]))
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    add = reverse("wagtailadmin_pages:add", args=["home", "newspage", tree.news_index.pk])
    assert staff_client.get(add)["Location"] == DASHBOARD


def test_staff_choose_images_for_events_but_do_not_keep_the_libraries(staff_client):
    image = image_create(title="Konferansesalen")
    response = staff_client.get(reverse("wagtailimages_chooser:choose"))
    assert response.status_code == 200
    assert "Konferansesalen" in response.content.decode()

    for name in ("wagtailimages:add", "wagtaildocs:add", "wagtaildocs:index"):
        response = staff_client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == DASHBOARD
    response = staff_client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert response["Location"] == DASHBOARD
    staff = roles_ensure()[roles.STAFF]
    assert collection_rows(staff) == {(1, "choose_image")}
    assert page_rows(staff) == set()
    assert not staff.permissions.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"]
    ).exists()


def test_staff_who_also_hold_the_editor_role_edit_pages(client, tree):
    staff = StaffFactory()
    role_grant(user=staff, role=roles.EDITOR, by=UserFactory(is_superuser=True), reason="Nyheter")
    client.force_login(staff)
    url = reverse("wagtailadmin_pages:edit", args=[tree.home.pk])
    assert client.get(url).status_code == 200


def test_granted_editor_opens_the_editor_right_away(client, tree):
    person = UserFactory()
    role_grant(user=person, role=roles.EDITOR, by=StaffFactory(), reason="Skriver nyheter")
    client.force_login(person)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[tree.home.pk])).status_code == 200


# --- roles_ensure ------------------------------------------------------------------------------


def _snapshot():
    return (
        sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission_id")),
        sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection_id", "permission_id"
            )
        ),
        sorted(Group.permissions.through.objects.values_list("group__name", "permission_id")),
        sorted(Group.objects.values_list("name", flat=True)),
    )


def test_roles_ensure_is_idempotent():
    roles_ensure()
    first = _snapshot()
    roles_ensure()
    assert _snapshot() == first
    assert first[0]  # it did give page permissions


def test_roles_ensure_takes_the_old_model_level_media_permissions_from_staff():
    staff = roles_ensure()[roles.STAFF]
    old = Permission.objects.filter(
        codename__in=["add_image", "change_image", "choose_image", "add_document"]
    )
    staff.permissions.add(*old)
    roles_ensure()
    assert not staff.permissions.filter(codename__in=[p.codename for p in old]).exists()
    assert staff.permissions.filter(codename="access_admin").exists()


# --- The migration -----------------------------------------------------------------------------


def test_after_migrate_wagtails_default_groups_and_workflow_are_gone():
    # The test database was built by running every migration, this one included.
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not GroupApprovalTask.objects.filter(name="Moderators approval").exists()
    editor = Group.objects.get(name=roles.EDITOR)
    assert page_rows(editor) >= {(1, "change_page"), (1, "publish_page")}


def _wagtail_defaults():
    """Wagtail's default groups and "Moderators approval" workflow as its migrations make them."""
    root = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    editors = Group.objects.create(name="Editors")
    moderators = Group.objects.create(name="Moderators")
    for group, actions in (
        (editors, ["add", "change"]),
        (moderators, ["add", "change", "publish"]),
    ):
        for action in actions:
            GroupPagePermission.objects.create(group=group, page=root, permission_type=action)
        GroupCollectionPermission.objects.create(
            group=group,
            collection=root_collection,
            permission=Permission.objects.get(codename="add_image"),
        )
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)
    return editors, moderators, workflow, task


def test_migration_merges_wagtails_groups_into_editor_and_drops_the_default_workflow():
    editors, moderators, _workflow, _task = _wagtail_defaults()
    writer, approver, both = UserFactory(), UserFactory(), EditorFactory()
    editors.user_set.add(writer)
    moderators.user_set.add(approver, both)
    staff = roles_ensure()[roles.STAFF]
    staff.permissions.add(*Permission.objects.filter(codename__in=["add_image", "add_document"]))

    migration.forwards(django_apps, None)

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.exists()
    assert not GroupApprovalTask.objects.exists()
    assert not WorkflowPage.objects.exists()
    editor = Group.objects.get(name=roles.EDITOR)
    assert set(editor.user_set.all()) == {writer, approver, both}
    writer.refresh_from_db()
    assert writer.is_staff
    # Each move is in the role log, by the platform; someone already an editor is not.
    logged = RoleChange.objects.filter(role=roles.EDITOR, by=None)
    assert set(logged.values_list("user", flat=True)) == {writer.pk, approver.pk}
    assert "Editors" in logged.get(user=writer).reason
    assert page_rows(editor) >= {(1, "publish_page"), (1, "lock_page")}
    assert not staff.permissions.filter(codename__in=["add_image", "add_document"]).exists()
    assert collection_rows(staff) == {(1, "choose_image")}


def test_migration_keeps_a_workflow_the_house_has_changed():
    _editors, moderators, workflow, task = _wagtail_defaults()
    task.groups.add(Group.objects.get(name=roles.STAFF))
    approver = UserFactory()
    moderators.user_set.add(approver)

    migration.forwards(django_apps, None)

    assert Workflow.objects.filter(pk=workflow.pk).exists()
    # The changed task still names Moderators, so that group and its people stay as they are.
    assert set(Group.objects.get(name="Moderators").user_set.all()) == {approver}
    assert not Group.objects.filter(name="Editors").exists()


def test_migration_runs_twice_without_change():
    _wagtail_defaults()
    migration.forwards(django_apps, None)
    first = _snapshot()
    migration.forwards(django_apps, None)
    assert _snapshot() == first
