"""Mentoring in the Wagtail admin: the matching board, the hours report, conflicts of interest."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import ConflictOfInterest


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("mentoring/", include((admin_views.urlpatterns, "mentoring_admin")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.is_mentoring_staff(request.user)


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


class ConflictViewSet(SnippetViewSet):
    model = ConflictOfInterest
    icon = "warning"
    menu_label = _("Conflicts of interest")
    menu_order = 262
    add_to_admin_menu = True
    list_display = ["mentor", "entrepreneur", "reason"]


register_snippet(ConflictViewSet)
