from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from community.dashboard import register_panel
        from community.staff_work import register_work_item

        from .panels import dashboard_panel, staff_work_items

        register_panel("notifications", dashboard_panel, order=900)
        register_work_item("notifications.outbox", staff_work_items, order=90)
