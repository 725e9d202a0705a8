"""The events back office: the Event snippet (editors and staff) and the staff-only
registration list, CSV export, waitlist and check-in views."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community import roles, selectors
from community.models import User
from community.services import is_house_staff

from . import admin_views, services
from .models import Event


def is_events_manager(user):
    """House staff and editors keep the events; registrations, lists and check-in are for
    house staff only (``is_house_staff``)."""
    return is_house_staff(user) or (user.is_active and roles.user_has_role(user, roles.EDITOR))


class EventPermissionPolicy(BasePermissionPolicy):
    """Editors and staff manage events; events are cancelled, not deleted (superusers may
    delete a draft)."""

    def user_has_permission(self, user, action):
        if not user.is_authenticated:
            return False
        if action == "delete":
            return user.is_active and user.is_superuser
        return is_events_manager(user)

    def users_with_any_permission(self, actions):
        # The same people ``user_has_permission`` answers yes for: superusers alone may delete.
        staff = selectors.house_staff()
        if set(actions) <= {"delete"}:
            return staff.filter(is_superuser=True)
        editors = User.objects.filter(groups__name=roles.EDITOR).values("pk")
        return User.objects.filter(pk__in=staff.values("pk")) | User.objects.filter(
            is_active=True, pk__in=editors
        )


class EventForm(WagtailAdminModelForm):
    def clean_status(self):
        status = self.cleaned_data["status"]
        previous = self.instance.status if self.instance.pk else Event.Status.DRAFT
        if status == Event.Status.CANCELLED and previous != Event.Status.CANCELLED:
            self.add_error(
                "status",
                _("Use “Cancel event” in the list of events, so everyone registered is told."),
            )
            return previous
        if previous == Event.Status.CANCELLED and status != Event.Status.CANCELLED:
            self.add_error("status", _("A cancelled event cannot be reopened."))
            return previous
        return status


Event.base_form_class = EventForm


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "start", "status", "audience", "capacity"]
    list_filter = ["status", "audience", "topic"]
    search_fields = ["title", "title_en"]
    # Searched in the database, not the search index: the index can neither autocomplete the
    # English title nor filter by the list's status, audience and topic.
    search_backend_name = None
    ordering = ["-start"]


register_permission_policy(Event, EventPermissionPolicy(Event))
register_snippet(EventViewSet)


@hooks.register("after_edit_snippet")
def event_after_edit(request, instance):
    if isinstance(instance, Event):
        services.event_after_edit(event=instance)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("arrangementer/", include((admin_views.urlpatterns, "events_admin")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_house_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return StaffMenuItem(
        _("Registrations and check-in"),
        reverse("events_admin:overview"),
        icon_name="group",
        order=251,
    )


@hooks.register("register_snippet_listing_buttons")
def event_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Event):
        return []
    buttons = []
    if is_house_staff(user):
        buttons.append(
            Button(
                _("Registrations"),
                reverse("events_admin:registrations", args=[snippet.pk]),
                icon_name="group",
                priority=50,
            )
        )
        buttons.append(
            Button(
                _("Check-in"),
                reverse("events_admin:check_in", args=[snippet.pk]),
                icon_name="tick",
                priority=51,
            )
        )
    if is_events_manager(user) and snippet.status != Event.Status.CANCELLED:
        buttons.append(
            Button(
                _("Cancel event"),
                reverse("events_admin:cancel_event", args=[snippet.pk]),
                icon_name="warning",
                priority=52,
            )
        )
    return buttons
