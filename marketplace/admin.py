"""Admin for street and community staff, scoped to their part of the tree.

Reviews go through the services (admin actions), so they are audited and checked the same way
as on the staff pages. Coupons are read-only here: they change only by redemption,
verification and expiry.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedDeleteMixin
from communities.scoping import ScopedAdminMixin
from core.admin import run_per_row
from marketplace import services
from marketplace.models import Coupon, Merchant, MerchantStaff, Offer


class MerchantStaffInline(admin.TabularInline):
    model = MerchantStaff
    extra = 0
    fields = ["user", "is_manager", "created_at"]
    readonly_fields = ["user", "is_manager", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Merchant)
class MerchantAdmin(AuditedDeleteMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_node_field = "node"
    list_display = ["name", "category", "node", "status", "licence_number", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "licence_number", "address"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "applied_by", "created_at"]
    inlines = [MerchantStaffInline]
    actions = ["approve", "suspend"]
    show_full_result_count = False

    def has_add_permission(self, request):
        # Shops apply through their own page (the service checks the licence and adds a manager).
        return False

    @admin.action(description=_("Approve the selected shops"))
    def approve(self, request, queryset):
        run_per_row(
            self,
            request,
            queryset,
            lambda m: services.merchant_approve(actor=request.user, merchant=m),
        )

    @admin.action(description=_("Suspend the selected shops"))
    def suspend(self, request, queryset):
        run_per_row(
            self,
            request,
            queryset,
            lambda m: services.merchant_suspend(actor=request.user, merchant=m, note=""),
        )


@admin.register(Offer)
class OfferAdmin(AuditedDeleteMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_node_field = "node"
    list_display = [
        "title",
        "merchant",
        "kind",
        "points_price",
        "stock_left",
        "stock_total",
        "issued_count",
        "status",
        "redeem_until",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["title", "merchant__name"]
    list_select_related = ["merchant", "node"]
    actions = ["approve", "withdraw"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # Offers are written by the shops through the service; staff review them.
        return [field.name for field in Offer._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve the selected offers"))
    def approve(self, request, queryset):
        run_per_row(
            self, request, queryset, lambda o: services.offer_approve(actor=request.user, offer=o)
        )

    @admin.action(description=_("Take the selected offers off the market"))
    def withdraw(self, request, queryset):
        run_per_row(
            self, request, queryset, lambda o: services.offer_withdraw(actor=request.user, offer=o)
        )


@admin.register(Coupon)
class CouponAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_node_field = "merchant__node"
    list_display = ["pk", "offer", "merchant", "status", "source", "issued_at", "used_at"]
    list_filter = ["status", "source"]
    list_select_related = ["offer", "merchant"]
    # The code is a bearer secret: staff search by holder's phone, never list codes.
    search_fields = ["user__phone"]
    exclude = ["code", "request_key"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Coupon._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
