from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from accounts.selectors import register_personal_data_exporter
        from quizzes import place_settings
        from quizzes.selectors import personal_data

        register_personal_data_exporter("quizzes", personal_data)
        place_settings.register()
