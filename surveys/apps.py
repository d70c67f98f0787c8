from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys and needs")

    def ready(self):
        from communities.acting import register_acting_links
        from surveys.acting import acting_links

        register_acting_links(acting_links)
