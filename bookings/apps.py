from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def roles_from_provider_staff(user) -> set[str]:
    """Role.PROVIDER for staff of an active provider (accounts.roles caches per request)."""
    from accounts.roles import Role
    from bookings.selectors.providers import user_is_provider_staff

    return {Role.PROVIDER.value} if user_is_provider_staff(user) else set()


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Venue bookings")

    def ready(self):
        from accounts.roles import register_role_provider
        from bookings.place_settings import register

        register_role_provider(roles_from_provider_staff)
        register()
