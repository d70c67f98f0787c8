"""Admin: staff set up venues and providers; bookings are read here and decided on their pages.

Providers and their staff are written through bookings.services (audit, role cache)."""

from django.contrib import admin

from bookings import services
from bookings.models import Booking, Diner, MealOrder, Menu, Provider, ProviderStaff, Venue
from communities.models import Node
from core.admin import AuditedScopedAdmin
from party.models import CoBuildingUnit


@admin.register(Venue)
class VenueAdmin(AuditedScopedAdmin):
    list_display = ["name", "node", "capacity", "opens_at", "closes_at", "requires_approval"]
    list_filter = ["requires_approval", "is_active"]
    list_select_related = ["node"]
    search_fields = ["name"]


@admin.register(Booking)
class BookingAdmin(AuditedScopedAdmin):
    # Read-only: a booking changes through the services (overlap check, audit, notification).
    scope_node_field = "venue__node"
    list_display = ["venue", "starts_at", "ends_at", "booker", "status"]
    list_filter = ["status"]
    list_select_related = ["venue", "booker"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Provider)
class ProviderAdmin(AuditedScopedAdmin):
    list_display = ["name", "kind", "node", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["node"]
    search_fields = ["name"]
    filter_horizontal = ["places"]
    exclude = ["created_by"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Node:
            kwargs["queryset"] = self.get_scope(request).places(
                [Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.COMPOUND]
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is CoBuildingUnit:
            kwargs["queryset"] = self.get_scope(request).filter(
                CoBuildingUnit.objects.all(), "community"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in ("name", "kind", "address", "contact_name", "contact_phone")
            if name in data
        }
        if change:
            fields["is_active"] = data.get("is_active", obj.is_active)
            fields["co_building_unit"] = data.get("co_building_unit")
            services.provider_update(
                actor=request.user, provider=obj, places=data["places"], **fields
            )
        else:
            provider = services.provider_create(
                actor=request.user,
                node=data["node"],
                places=data["places"],
                co_building_unit=data.get("co_building_unit"),
                **fields,
            )
            obj.pk = provider.pk

    def save_related(self, request, form, formsets, change):
        # The service set the places served (and audited them); nothing is left to save.
        pass

    def has_delete_permission(self, request, obj=None):
        # A provider with orders or bookings is kept; it is made inactive instead.
        return False


@admin.register(ProviderStaff)
class ProviderStaffAdmin(AuditedScopedAdmin):
    scope_node_field = "provider__node"
    list_display = ["provider", "user", "is_manager"]
    list_select_related = ["provider", "user"]
    raw_id_fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Provider:
            kwargs["queryset"] = self.get_scope(request).filter(Provider.objects.all(), "node")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Added and removed through the service; a change is a removal and a new row.
        return False

    def save_model(self, request, obj, form, change):
        member = services.provider_staff_add(
            actor=request.user,
            provider=form.cleaned_data["provider"],
            user=form.cleaned_data["user"],
            is_manager=form.cleaned_data.get("is_manager", False),
        )
        obj.pk = member.pk

    def delete_model(self, request, obj):
        services.provider_staff_remove(actor=request.user, member=obj)

    def delete_queryset(self, request, queryset):
        for member in queryset.select_related("provider__node"):
            services.provider_staff_remove(actor=request.user, member=member)


class _ReadOnlyAdmin(AuditedScopedAdmin):
    """Read here; written through the canteen's pages and services (locks, ledger, audit)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Menu)
class MenuAdmin(_ReadOnlyAdmin):
    scope_node_field = "provider__node"
    list_display = ["provider", "day", "meal", "price_fen", "ordered", "capacity"]
    list_filter = ["meal"]
    list_select_related = ["provider"]
    date_hierarchy = "day"


@admin.register(Diner)
class DinerAdmin(_ReadOnlyAdmin):
    list_display = ["user", "node", "birth_year", "status"]
    list_select_related = ["user", "node"]


@admin.register(MealOrder)
class MealOrderAdmin(_ReadOnlyAdmin):
    scope_node_field = "household__node"
    list_display = ["menu", "elder", "mode", "status", "price_fen", "subsidy_fen", "paid_at"]
    list_filter = ["status", "mode"]
    list_select_related = ["menu__provider", "elder"]
