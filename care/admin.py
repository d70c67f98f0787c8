"""Admin of the care app: tag types (data, editable) and care roles (granted through services).

Care tags themselves are not in the admin: their reads must be audited, which the register
pages and the API do and the admin's change lists would not.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedDeleteMixin
from audit.services import audit_record
from care import services
from care.models import CareRole, CareTagType
from communities.scoping import ScopedAdminMixin


@admin.register(CareTagType)
class CareTagTypeAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "visit_every_days", "alarm_after_days", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # A type in use is switched off (is_active), never deleted: tags point to it.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"care.admin_{'change' if change else 'add'}_tag_type",
            target=obj,
            details={"fields": form.changed_data},
        )


@admin.register(CareRole)
class CareRoleAdmin(AuditedDeleteMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Granting and ending care roles; a role is ended (kept as history), never deleted."""

    list_display = ["user", "kind", "node", "granted_at", "ended_at"]
    list_filter = ["kind"]
    search_fields = ["user__real_name", "user__phone", "node__name"]
    autocomplete_fields = ["user"]
    fields = ["user", "kind", "node"]
    actions = ["end_roles"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "kind", "node"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            role = services.care_role_grant(
                actor=request.user, user=obj.user, node=obj.node, kind=obj.kind
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.pk = role.pk

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("End the selected care roles"))
    def end_roles(self, request, queryset):
        for role in queryset.select_related("node", "user"):
            try:
                services.care_role_end(actor=request.user, role=role)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
