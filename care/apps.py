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
        from care.selectors.visits import visit_photo_may_view
        from core.media import register_media

        # Visit photos: to care roles over the person's home only, each read (and refusal)
        # audited.
        register_media(
            "care/visits/",
            model=Visit,
            field="photo",
            select_related=("residency__household__node",),
            may_view=visit_photo_may_view,
        )
