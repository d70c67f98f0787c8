"""Admin: staff set up their venues; bookings are read here and decided on /bookings/pending/."""

from django.contrib import admin

from bookings.models import Booking, Venue
from core.admin import AuditedScopedAdmin


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
