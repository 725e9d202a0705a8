"""Seats in the Wagtail admin: staff-only views (queue, desk map, occupancy) under one menu,
and desks and startups as snippets that staff keep up to date."""

from django.contrib import messages
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import people_admin, seats_admin, selectors, staff_work
from .admin_choosers import PolicyCheckedChooserViewSet
from .models import Desk, Startup
from .services import is_house_staff


class SeatStaffPolicy(BasePermissionPolicy):
    """Staff keep desks and startups; nothing is deleted (desks are made inactive)."""

    def user_has_permission(self, user, action):
        if not user.is_authenticated or action == "delete":
            return False
        return is_house_staff(user)

    def users_with_any_permission(self, actions):
        if set(actions) <= {"delete"}:
            return selectors.house_staff().none()
        return selectors.house_staff()


class DeskViewSet(SnippetViewSet):
    model = Desk
    chooser_viewset_class = PolicyCheckedChooserViewSet
    icon = "table"
    menu_label = _("Desks")
    add_to_admin_menu = False
    list_display = ["code", "zone", "kind", "active"]
    list_filter = ["zone", "kind", "active"]
    search_fields = ["code", "zone"]
    ordering = ["code"]


class StartupViewSet(SnippetViewSet):
    model = Startup
    chooser_viewset_class = PolicyCheckedChooserViewSet
    icon = "group"
    menu_label = _("Startups")
    add_to_admin_menu = False
    list_display = ["name", "sector", "stage", "listed"]
    list_filter = ["sector", "stage", "listed"]
    search_fields = ["name", "org_number"]
    ordering = ["name"]


register_permission_policy(Desk, SeatStaffPolicy(Desk))
register_permission_policy(Startup, SeatStaffPolicy(Startup))
register_snippet(DeskViewSet)
register_snippet(StartupViewSet)


@hooks.register("register_admin_urls")
def register_seat_admin_urls():
    return [path("plasser/", include((seats_admin.urlpatterns, "seats_admin")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_house_staff(request.user)


class StaffSubmenuMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return is_house_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_seats_menu():
    menu = Menu(
        items=[
            StaffMenuItem(
                _("Applications and waiting list"),
                reverse("seats_admin:queue"),
                icon_name="list-ul",
                order=10,
            ),
            StaffMenuItem(_("Desk map"), reverse("seats_admin:map"), icon_name="table", order=20),
            StaffMenuItem(
                _("Occupancy"), reverse("seats_admin:occupancy"), icon_name="order", order=30
            ),
        ]
    )
    return StaffSubmenuMenuItem(_("Seats"), menu, icon_name="table", order=240)


@hooks.register("construct_homepage_panels")
def add_staff_work_panel(request, panels):
    staff_work.add_panel(request, panels)


@hooks.register("register_admin_urls")
def register_people_admin_urls():
    return [path("personer/", include((people_admin.get_urlpatterns(), "people_admin")))]


class HouseStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_house_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_people_menu():
    return HouseStaffMenuItem(
        _("Members and roles"), reverse("people_admin:index"), icon_name="group", order=230
    )


def _refuse_deleting_history(request, instances):
    """Send a delete back to its confirmation page, with the reason, when records kept for
    history (registrations, seats, sessions, role changes) still point at what would go:
    their foreign keys protect it, and deleting would fail half-way."""
    if request.method != "POST" or not instances:
        return None
    collector = Collector(using=router.db_for_write(type(instances[0])))
    try:
        collector.collect(instances)
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
        kinds = sorted({str(o._meta.verbose_name_plural) for o in blocking})
        messages.error(
            request,
            _("%(object)s cannot be deleted: the platform's records refer to it (%(kinds)s).")
            % {"object": ", ".join(str(i) for i in instances), "kinds": ", ".join(kinds)},
        )
        return redirect(request.get_full_path())
    return None


@hooks.register("before_delete_snippet")
def refuse_deleting_referenced_snippets(request, instances):
    return _refuse_deleting_history(request, list(instances))


@hooks.register("before_delete_user")
def refuse_deleting_referenced_user(request, user):
    return _refuse_deleting_history(request, [user])
