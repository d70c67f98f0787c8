from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The staff's home per place. It reads other apps' selectors; no app imports it."""

    name = "workbench"
    verbose_name = _("Workbench")

    def ready(self):
        from workbench import place_settings

        place_settings.register()
