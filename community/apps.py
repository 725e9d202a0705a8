from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _ensure_roles(sender, **kwargs):
    """After the last app's post_migrate: by then every app's permissions exist (Wagtail's
    ``access_admin`` among them, which a flushed test database gets back only here)."""
    from django.apps import apps

    from .services import roles_ensure

    if sender.label == list(apps.get_app_configs())[-1].label:
        roles_ensure()


class CommunityConfig(AppConfig):
    # This module holds a second AppConfig (the users admin); without ``default`` Django would
    # pick neither for "community" and ready() would never run.
    default = True
    name = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_roles, dispatch_uid="community.roles_ensure")
        from . import seats_admin, seats_setup
        from .staff_work import register_work_item

        seats_setup.register()
        register_work_item("seats", seats_admin.work_items, order=10)


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for a user that has one full-name field."""

    user_viewset = "community.viewsets.UserViewSet"
