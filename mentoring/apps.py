from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Mentoring")

    def ready(self):
        from community.dashboard import register_panel
        from community.staff_work import register_work_item

        from . import notify, panels, people

        register_panel("mentoring.overview", panels.dashboard_panel, order=20)
        people.register()
        register_work_item("mentoring", panels.staff_work_items, order=30)
        try:
            from notifications.calendar import register_feed_provider
        except ImportError:  # the notifications backbone is not installed yet
            return
        register_feed_provider("mentoring", panels.personal_feed_items)
        notify.register_kinds()
