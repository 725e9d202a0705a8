"""The outbox in the Wagtail admin: staff read it, filter it and retry failed rows."""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from community import selectors as community_selectors
from community.services import is_house_staff

from . import admin_views, selectors
from .models import Notification
from .registry import all_kinds
from .templatetags.notification_tags import oslo_format


class OutboxPermissionPolicy(BasePermissionPolicy):
    """Staff may look; nobody adds, edits or deletes outbox rows by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and is_house_staff(user)

    def users_with_any_permission(self, actions):
        staff = community_selectors.house_staff()
        return staff if "view" in actions else staff.none()


def _kind_choices():
    return [(k.key, f"{k.label} ({k.key})") for k in all_kinds()]


class NotificationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Notification.State.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=_kind_choices, empty_label=_("All"))

    class Meta:
        model = Notification
        fields = ["state", "kind"]


class OutboxIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.notifications_outbox()


class OutboxInspectView(InspectView):
    template_name = "notifications/admin/inspect.html"

    def get_queryset(self):
        return selectors.notifications_outbox()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_retry"] = self.object.state == Notification.State.FAILED
        return context


def _oslo(name):
    return lambda obj: oslo_format(getattr(obj, name))


def _why(notification):
    text = notification.last_error or notification.cancel_reason
    return (text[:80] + "…") if len(text) > 80 else text


class NotificationViewSet(ModelViewSet):
    model = Notification
    icon = "mail"
    menu_label = _("Outbox")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "varsler"
    index_view_class = OutboxIndexView
    inspect_view_class = OutboxInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = NotificationFilterSet
    # The add/edit views exist in Wagtail's URL set but the permission policy refuses them.
    form_fields = ["state"]
    list_per_page = 50
    list_display = [
        Column("kind", label=_("Kind")),
        Column("recipient", label=_("Recipient"), accessor=lambda n: n.recipient_email),
        Column("due_at", label=_("Due at"), accessor=_oslo("due_at"), sort_key="due_at"),
        Column("state", label=_("State"), accessor=lambda n: n.get_state_display()),
        Column("attempts", label=_("Attempts")),
        # Why a row is not sent: the mail server's last error, or why it was cancelled
        # (skipped as too late, the session cancelled, the recipient gone).
        Column("last_error", label=_("Error or reason"), accessor=_why),
    ]
    inspect_view_fields = [
        "kind",
        "recipient",
        "guest_email",
        "guest_name",
        "content_type",
        "object_id",
        "offset",
        "state",
        "due_at",
        "next_attempt_at",
        "attempts",
        "last_error",
        "claimed_at",
        "sent_at",
        "cancelled_at",
        "cancel_reason",
        "created_at",
    ]


register_permission_policy(Notification, OutboxPermissionPolicy(Notification))
outbox_viewset = NotificationViewSet("notifications_notification")


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return outbox_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("varsler/<int:pk>/prov-igjen/", admin_views.retry, name="notifications_retry")]
