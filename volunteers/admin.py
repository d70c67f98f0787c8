"""Admin for community and street staff; every class is scoped through communities.scoping.

Verifications and relation checks run through the services (admin actions), so the ledger,
the audit log and the notifications behave exactly as on the pages.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedDeleteMixin
from communities.scoping import ScopedAdminMixin, scope_for_user
from volunteers import services
from volunteers.models import (
    Certificate,
    HelpRequest,
    HourRecord,
    Membership,
    Project,
    RelativeLink,
    Shift,
    Team,
    TimeBankPolicy,
    VolunteerProfile,
    Wish,
)


class ScopedAdmin(AuditedDeleteMixin, ScopedAdminMixin, admin.ModelAdmin):
    show_full_result_count = False
    list_per_page = 50

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_for_user(request.user)
        if db_field.related_model is Team:
            kwargs["queryset"] = scope.filter(Team.objects.select_related("node"), "node")
        elif db_field.related_model is Project:
            kwargs["queryset"] = scope.filter(Project.objects.all(), "node")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _run(self, request, queryset, call) -> None:
        done = 0
        for obj in queryset:
            try:
                call(obj)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d done.") % {"n": done}, messages.SUCCESS)


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(ScopedAdmin):
    scope_node_field = "community"
    list_display = ["number", "user", "community", "verified_minutes", "stars"]
    search_fields = ["number", "user__real_name", "user__phone"]
    list_select_related = ["user", "community"]
    readonly_fields = ["number", "user", "verified_minutes", "stars"]
    fields = [
        "number",
        "user",
        "community",
        "skills",
        "availability",
        "service_areas",
        "verified_minutes",
        "stars",
    ]

    def has_add_permission(self, request):
        return False  # volunteers register themselves (the number is assigned then)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "created_at"]
    readonly_fields = ["user", "role", "status", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ["name", "kind", "node", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["node"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        from audit.services import audit_record

        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"volunteers.admin_{'change' if change else 'add'}_team",
            target=obj,
            scope_path=obj.node.path,
            details={"fields": form.changed_data},
        )


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 1
    fields = ["starts_at", "ends_at", "capacity", "cancel_cutoff_hours"]


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ["title", "team", "node", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["team", "node"]
    inlines = [ShiftInline]
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        from audit.services import audit_record

        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"volunteers.admin_{'change' if change else 'add'}_project",
            target=obj,
            scope_path=obj.node.path,
            details={"fields": form.changed_data},
        )


@admin.register(HourRecord)
class HourRecordAdmin(ScopedAdmin):
    list_display = [
        "service_date",
        "volunteer",
        "content",
        "minutes_claimed",
        "minutes_verified",
        "status",
        "team",
    ]
    list_filter = ["status", "source"]
    search_fields = ["volunteer__real_name", "content"]
    list_select_related = ["volunteer", "team"]
    date_hierarchy = "service_date"
    actions = ["approve"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided through the verification action only

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve the selected hours"))
    def approve(self, request, queryset):
        self._run(
            request,
            queryset.filter(status=HourRecord.Status.PENDING),
            lambda record: services.hour_record_verify(
                actor=request.user, record=record, decision="approve"
            ),
        )


@admin.register(Wish)
class WishAdmin(ScopedAdmin):
    list_display = ["title", "node", "status", "team", "claimer", "created_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["node", "team", "claimer"]
    readonly_fields = [f.name for f in Wish._meta.fields]
    actions = ["open_to_claims"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Open the selected wishes to all volunteers"))
    def open_to_claims(self, request, queryset):
        self._run(
            request,
            queryset.filter(status=Wish.Status.SUBMITTED),
            lambda wish: services.wish_review(actor=request.user, wish=wish, decision="open"),
        )


@admin.register(RelativeLink)
class RelativeLinkAdmin(ScopedAdmin):
    list_display = ["user", "relative", "relation", "status", "created_at"]
    list_filter = ["status", "relation"]
    list_select_related = ["user", "relative"]
    readonly_fields = [f.name for f in RelativeLink._meta.fields]
    actions = ["verify", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("The relation is checked: verify"))
    def verify(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda link: services.relative_link_decide(actor=request.user, link=link, approve=True),
        )

    @admin.action(description=_("Reject the relation"))
    def reject(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda link: services.relative_link_decide(
                actor=request.user, link=link, approve=False
            ),
        )


@admin.register(HelpRequest)
class HelpRequestAdmin(ScopedAdmin):
    list_display = ["title", "requester", "helper", "minutes", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["requester", "helper"]
    readonly_fields = [f.name for f in HelpRequest._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    scope_node_field = "issuer"
    list_display = ["number", "name", "volunteer_number", "minutes", "issued_on"]
    search_fields = ["number", "volunteer_number"]
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TimeBankPolicy)
class TimeBankPolicyAdmin(admin.ModelAdmin):
    """Street-wide settings: only street staff (superusers) may change them."""

    list_display = ["__str__", "storage_cap_hours", "points_per_hour", "updated_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser and not TimeBankPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
