from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from accounts.selectors import register_personal_data_exporter
        from consultations.selectors import personal_data_export

        register_personal_data_exporter("consultations", personal_data_export)
