from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _ensure_roles(sender, **kwargs):
    from .services import roles_ensure

    roles_ensure()


class CommunityConfig(AppConfig):
    # This module holds a second AppConfig (the users admin); without ``default`` Django would
    # pick neither for "community" and ready() would never run.
    default = True
    name = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_roles, sender=self)
        from . import seats_admin, seats_setup
        from .staff_work import register_work_item

        seats_setup.register()
        register_work_item("seats", seats_admin.work_items, order=10)


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for a user that has one full-name field."""

    user_viewset = "community.viewsets.UserViewSet"
