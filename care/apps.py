from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Care")

    def ready(self):
        from accounts.selectors import register_personal_data_exporter
        from care.models import Visit
        from care.selectors.export import care_export_for_user

        register_personal_data_exporter("care", care_export_for_user)
        from care.selectors.visits import may_visit
        from core.media import register_media

        # Visit photos: to those who may visit the person (care roles over the home, the
        # plan's visitor), never to anyone else.
        register_media(
            "care/visits/",
            model=Visit,
            field="photo",
            select_related=("residency__household__node",),
            may_view=lambda user, visit: may_visit(user, visit.residency),
        )
