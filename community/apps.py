from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _ensure_roles(sender, **kwargs):
    from .services import roles_ensure

    roles_ensure()


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_roles, sender=self)


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for a user that has one full-name field."""

    user_viewset = "community.viewsets.UserViewSet"
