from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def roles_from_merchant_staff(user) -> set[str]:
    """Role.MERCHANT for staff of an approved merchant (accounts.roles caches per request)."""
    from accounts.roles import Role
    from marketplace.selectors import user_is_merchant_staff

    return {Role.MERCHANT.value} if user_is_merchant_staff(user) else set()


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from accounts.roles import register_role_provider
        from accounts.selectors import register_personal_data_exporter
        from marketplace.selectors import coupons_export_for_user
        from marketplace.services import prize_issuer
        from points.models import PrizeItem
        from points.prizes import register_prize_issuer

        register_role_provider(roles_from_merchant_staff)
        register_prize_issuer(PrizeItem.Kind.COUPON, prize_issuer)
        register_personal_data_exporter("coupons", coupons_export_for_user)
