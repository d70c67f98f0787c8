"""Admin for party branches, members and co-building units, inside the user's scope."""

from django.contrib import admin

from core.admin import AuditedScopedAdmin
from party.models import CoBuildingUnit, PartyBranch, PartyMember


class PartyAdmin(AuditedScopedAdmin):
    # These models have no service for a plain edit yet: each add and change is audited.
    audit_plain_saves = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is PartyBranch:
            kwargs["queryset"] = self.get_scope(request).filter(
                PartyBranch.objects.select_related("node"), "node"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PartyBranch)
class PartyBranchAdmin(PartyAdmin):
    list_display = ["name", "node", "founded_on"]
    list_select_related = ["node"]
    search_fields = ["name", "node__full_name"]
    autocomplete_fields = ["node"]


@admin.register(PartyMember)
class PartyMemberAdmin(PartyAdmin):
    scope_node_field = ("branch__node", "reported_community")
    list_display = ["user", "branch", "is_in_service", "work_unit", "reported_community"]
    list_filter = ["is_in_service"]
    list_select_related = ["user", "branch", "reported_community"]
    search_fields = ["user__real_name", "work_unit"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["reported_community"]


@admin.register(CoBuildingUnit)
class CoBuildingUnitAdmin(PartyAdmin):
    scope_node_field = "community"
    list_display = ["name", "kind", "community", "contact_name", "contact_phone"]
    list_filter = ["kind"]
    list_select_related = ["community"]
    search_fields = ["name", "contact_name"]
