from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from communities.acting import register_acting_links
        from consultations.acting import acting_links

        register_acting_links(acting_links)

        from accounts.selectors import register_personal_data_exporter
        from consultations.selectors import personal_data_export

        register_personal_data_exporter("consultations", personal_data_export)

        from consultations.models import MatterAttachment
        from consultations.selectors import matter_get_for_user
        from core.media import register_media

        # Seeing the matter is what allows opening its files.
        register_media(
            "consultations/",
            model=MatterAttachment,
            field="file",
            may_view=lambda user, item: bool(matter_get_for_user(user=user, pk=item.matter_id)),
        )
