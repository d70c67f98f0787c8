from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from accounts.selectors import register_personal_data_exporter
        from events.selectors import personal_data_export

        register_personal_data_exporter("events", personal_data_export)
