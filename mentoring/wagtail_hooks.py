"""Mentoring in the Wagtail admin: the matching board, the hours report, conflicts of interest."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.admin_choosers import PolicyCheckedChooserViewSet
from community.selectors import house_staff
from community.services import is_house_staff

from . import admin_views
from .models import ConflictOfInterest


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("mentoring/", include((admin_views.urlpatterns, "mentoring_admin")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_house_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_board_menu_item():
    return StaffMenuItem(
        _("Matching board"), reverse("mentoring_admin:board"), icon_name="group", order=260
    )


@hooks.register("register_admin_menu_item")
def register_report_menu_item():
    return StaffMenuItem(
        _("Mentoring hours"), reverse("mentoring_admin:report"), icon_name="table", order=261
    )


class ConflictPolicy(BasePermissionPolicy):
    """Conflicts of interest are declared and kept by house staff, who do the matching; they
    name who may not mentor whom, so nobody else reads them (not even through a chooser)."""

    def user_has_permission(self, user, action):
        return is_house_staff(user)

    def users_with_any_permission(self, actions):
        return house_staff()


class ConflictViewSet(SnippetViewSet):
    model = ConflictOfInterest
    chooser_viewset_class = PolicyCheckedChooserViewSet
    icon = "warning"
    menu_label = _("Conflicts of interest")
    menu_order = 262
    add_to_admin_menu = True
    list_display = ["mentor", "entrepreneur", "reason"]


register_permission_policy(ConflictOfInterest, ConflictPolicy(ConflictOfInterest))
register_snippet(ConflictViewSet)
