from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts.selectors import register_personal_data_exporter
        from notifications import place_settings
        from notifications.selectors import messages_export_for_user

        register_personal_data_exporter("messages", messages_export_for_user)
        place_settings.register()
