"""Admin: a scoped, read-only record of the council's work for street and community staff.

Every change goes through the staff pages (/consultations/), which call the services so rules,
audit entries and notifications exist once; ballots are not listed at all (secret ballot).
"""

from django.contrib import admin

from communities.scoping import ScopedAdminMixin
from consultations.models import (
    Comment,
    Consultation,
    Council,
    CouncilMember,
    FollowUp,
    Matter,
    Meeting,
    Resolution,
)


class ReadOnlyScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(ReadOnlyScopedAdmin):
    scope_node_field = "community"
    list_display = ["name", "community"]
    list_select_related = ["community"]


@admin.register(CouncilMember)
class CouncilMemberAdmin(ReadOnlyScopedAdmin):
    scope_node_field = "council__community"
    list_display = ["user", "role", "council", "matter", "represents", "starts_on", "ends_on"]
    list_filter = ["role"]
    list_select_related = ["user", "council", "matter"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScopedAdmin):
    scope_node_field = "council__community"
    list_display = ["title", "council", "starts_at", "place"]
    list_select_related = ["council"]


@admin.register(Matter)
class MatterAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "node", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["node"]
    search_fields = ["title"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyScopedAdmin):
    scope_node_field = "matter__node"
    list_display = ["matter", "body", "created_at", "hidden_at", "hidden_reason"]
    list_select_related = ["matter"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyScopedAdmin):
    list_display = ["question", "node", "electorate", "status", "opens_at", "closes_at"]
    list_filter = ["status", "electorate"]
    list_select_related = ["node"]
    exclude = ["result"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyScopedAdmin):
    scope_node_field = "matter__node"
    list_display = ["matter", "decided_on", "text"]
    list_select_related = ["matter"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyScopedAdmin):
    scope_node_field = "resolution__matter__node"
    list_display = ["title", "owner", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["owner"]
