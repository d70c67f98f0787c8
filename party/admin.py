"""Admin for party branches, members and co-building units, inside the user's scope."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedScopedAdmin
from party import services
from party.models import (
    Alliance,
    AllianceMember,
    AllianceTeam,
    CoBuildingUnit,
    Commitment,
    CommitmentFollowUp,
    Pairing,
    PartyBranch,
    PartyMember,
    PartyOfficer,
    PartyTransfer,
    ServicePost,
    ServiceReport,
    UnitOffer,
)


def _last_year() -> int:
    return timezone.localdate().year - 1


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
    list_display = ["name", "level", "form", "node", "parent", "ends_on"]
    list_filter = ["level", "form"]
    list_select_related = ["node", "parent"]
    search_fields = ["name", "node__full_name"]
    autocomplete_fields = ["node", "other_places"]
    fields = ["name", "level", "form", "parent", "node", "other_places", "founded_on", "ends_on"]

    def save_model(self, request, obj, form, change):
        # Through the tree's services: its rules (a child below its parent, temporary branches
        # end, inside the user's area) hold here as on the pages, and each write is audited.
        if change and not form.has_changed():
            return
        values = {
            "actor": request.user,
            "node": obj.node,
            "name": obj.name,
            "level": obj.level,
            "form": obj.form,
            "parent": obj.parent,
            "ends_on": obj.ends_on,
            "founded_on": obj.founded_on,
            "other_places": list(form.cleaned_data.get("other_places") or ()),
        }
        if change:
            services.organisation_update(organisation=obj, **values)
        else:
            obj.pk = services.organisation_create(**values).pk

    def save_related(self, request, form, formsets, change):
        # The further places were saved by the service with the organisation.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(PartyOfficer)
class PartyOfficerAdmin(PartyAdmin):
    scope_node_field = "organisation__node"
    list_display = ["organisation", "role", "user", "starts_on", "ends_on"]
    list_filter = ["role"]
    list_select_related = ["organisation", "user"]
    search_fields = ["organisation__name", "user__real_name"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        officer = services.officer_appoint(
            actor=request.user,
            organisation=obj.organisation,
            user=obj.user,
            role=obj.role,
            starts_on=obj.starts_on,
        )
        obj.pk = officer.pk


@admin.register(PartyTransfer)
class PartyTransferAdmin(PartyAdmin):
    """Records only: transfers are made through `member_transfer`, never edited."""

    scope_node_field = ("from_branch__node", "to_branch__node")
    list_display = ["on", "member", "direction", "from_branch", "to_branch", "other_organisation"]
    list_filter = ["direction"]
    list_select_related = ["member__user", "from_branch", "to_branch"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PartyMember)
class PartyMemberAdmin(PartyAdmin):
    scope_node_field = ("branch__node", "reported_community")
    list_display = [
        "user",
        "branch",
        "status",
        "is_in_service",
        "is_mobile",
        "work_unit",
        "reported_community",
        "left_on",
    ]
    list_filter = ["status", "is_in_service", "is_mobile"]
    list_select_related = ["user", "branch", "reported_community"]
    search_fields = ["user__real_name", "work_unit"]
    raw_id_fields = ["user", "employer"]
    autocomplete_fields = ["reported_community"]
    actions = ["issue_reports"]

    @admin.action(description=_("Issue last year's 双报到 report of the selected members"))
    def issue_reports(self, request, queryset):
        self.run_per_row(
            request,
            queryset.filter(is_in_service=True),
            lambda member: services.report_issue(
                actor=request.user, year=_last_year(), member=member
            ),
        )


class UnitOfferInline(admin.TabularInline):
    model = UnitOffer
    extra = 1


@admin.register(CoBuildingUnit)
class CoBuildingUnitAdmin(PartyAdmin):
    # Offers are plain rows of the unit, saved (and audited) with it.
    inlines = [UnitOfferInline]
    scope_node_field = "community"
    list_display = ["name", "kind", "community", "contact_name", "contact_phone"]
    list_filter = ["kind"]
    list_select_related = ["community"]
    search_fields = ["name", "contact_name"]
    raw_id_fields = ["contact_user"]
    actions = ["issue_reports"]

    @admin.action(description=_("Issue last year's 双报到 report of the selected units"))
    def issue_reports(self, request, queryset):
        self.run_per_row(
            request,
            queryset,
            lambda unit: services.report_issue(actor=request.user, year=_last_year(), unit=unit),
        )


@admin.register(ServicePost)
class ServicePostAdmin(PartyAdmin):
    scope_node_field = "community"
    list_display = ["title", "community", "places", "is_open"]
    list_filter = ["is_open"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        post = services.service_post_publish(
            actor=request.user,
            community=obj.community,
            title=obj.title,
            places=obj.places,
            description=obj.description,
        )
        obj.pk = post.pk


@admin.register(ServiceReport)
class ServiceReportAdmin(PartyAdmin):
    """Issued reports: read only (issued through the members' and units' actions)."""

    scope_node_field = ("unit__community", "member__reported_community")
    list_display = ["number", "year", "member", "unit", "minutes", "wishes", "issued_at"]
    list_select_related = ["member__user", "unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FollowUpInline(admin.TabularInline):
    model = CommitmentFollowUp
    extra = 0
    fields = ["on", "status", "note", "recorded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(PartyAdmin):
    """共建项目: created through the service; progress is recorded as follow-ups."""

    scope_node_field = "community"
    list_display = ["title", "unit", "community", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["unit", "community"]
    autocomplete_fields = ["community", "unit"]
    readonly_fields = ["status"]
    inlines = [FollowUpInline]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        commitment = services.commitment_create(
            actor=request.user,
            unit=obj.unit,
            community=obj.community,
            title=obj.title,
            due_on=obj.due_on,
        )
        obj.pk = commitment.pk


class _RecordsOnly:
    """The alliance's rows are written through the co-building staff pages (their services);
    the admin shows them as records."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AllianceMemberInline(_RecordsOnly, admin.TabularInline):
    model = AllianceMember
    extra = 0
    fields = ["unit", "joined_on", "left_on"]
    readonly_fields = fields


class AllianceTeamInline(_RecordsOnly, admin.TabularInline):
    model = AllianceTeam
    extra = 0
    fields = ["team", "joined_on"]
    readonly_fields = fields


@admin.register(Alliance)
class AllianceAdmin(_RecordsOnly, PartyAdmin):
    list_display = ["name", "node", "parent", "founded_on"]
    list_select_related = ["node", "parent"]
    inlines = [AllianceMemberInline, AllianceTeamInline]


@admin.register(Pairing)
class PairingAdmin(_RecordsOnly, PartyAdmin):
    scope_node_field = "community"
    list_display = ["unit", "team", "community", "started_on", "ended_on"]
    list_filter = ["ended_on"]
    list_select_related = ["unit", "team", "community"]
    search_fields = ["unit__name", "team__name"]
