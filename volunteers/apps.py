from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def roles_from_volunteering(user) -> set[str]:
    """A registered volunteer has the volunteer role (navigation reads it)."""
    from accounts.roles import Role
    from volunteers.models import VolunteerProfile

    if VolunteerProfile.objects.filter(user=user).exists():
        return {Role.VOLUNTEER.value}
    return set()


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        from communities.acting import register_acting_links
        from volunteers.acting import acting_links

        register_acting_links(acting_links)
        from volunteers import place_settings

        place_settings.register()

        from accounts.roles import register_role_provider
        from accounts.selectors import register_personal_data_exporter
        from volunteers.selectors import volunteer_export_for_user

        register_role_provider(roles_from_volunteering)
        register_personal_data_exporter("volunteering", volunteer_export_for_user)
