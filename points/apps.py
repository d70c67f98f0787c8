from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Points")

    def ready(self):
        from core.jobs import register_stuck_job_recoverer
        from points.services.settlements import settlements_recover

        register_stuck_job_recoverer("points.settlement", settlements_recover)
