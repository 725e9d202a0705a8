from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from grunderhus.forms import admin_date_fields_register

        from . import page_cache

        page_cache.connect_signals()
        admin_date_fields_register()
