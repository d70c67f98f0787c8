from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from cases import counters

        counters.register()
        from cases.acting import acting_links
        from communities.acting import register_acting_links

        register_acting_links(acting_links)
        from cases import place_settings

        place_settings.register()

        from accounts.selectors import register_personal_data_exporter
        from cases.selectors.export import cases_export_for_user

        register_personal_data_exporter("cases", cases_export_for_user)

        from cases.models import CasePhoto
        from cases.selectors import case_get_for_user
        from core.media import register_media

        # A report's photos: to those who may see the case (its reporter, staff in scope).
        register_media(
            "cases/",
            model=CasePhoto,
            field="image",
            select_related=("event",),
            may_view=lambda user, photo: bool(case_get_for_user(user=user, pk=photo.event.case_id)),
        )

        from cases.selectors.duties import captain_case_responses
        from communities.duties import register_case_response_provider

        register_case_response_provider(captain_case_responses)

        from cases.open311 import refused_input_response
        from core.middleware import register_error_renderer

        register_error_renderer("/open311/", refused_input_response)
