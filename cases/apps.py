from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from accounts.selectors import register_personal_data_exporter
        from cases.selectors.export import cases_export_for_user

        register_personal_data_exporter("cases", cases_export_for_user)
