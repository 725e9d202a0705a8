from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Events")

    def ready(self):
        from community.dashboard import register_panel
        from community.staff_work import register_work_item
        from home import slots

        from . import notify, panels, people

        slots.register("events.upcoming", panels.home_upcoming_slot, order=10)
        register_panel("events.my_registrations", panels.dashboard_panel, order=30)
        people.register()
        register_work_item("events", panels.staff_work_items, order=40)
        try:
            from notifications.calendar import register_feed_provider
        except ImportError:  # the notifications backbone is not installed yet
            return
        register_feed_provider("events", panels.personal_feed_items)
        notify.register_kinds()
