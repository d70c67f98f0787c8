"""Admin for community and street staff; every class is scoped through communities.scoping.

Verifications and relation checks run through the services (admin actions), so the ledger,
the audit log and the notifications behave exactly as on the pages.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from communities.scoping import scope_for_user
from core.admin import AuditedScopedAdmin, ServiceRefusalAdminMixin
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


class ScopedAdmin(AuditedScopedAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_for_user(request.user)
        if db_field.related_model is Team:
            kwargs["queryset"] = scope.filter(Team.objects.select_related("node"), "node")
        elif db_field.related_model is Project:
            kwargs["queryset"] = scope.filter(Project.objects.all(), "node")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.volunteer_update(
            actor=request.user,
            profile=VolunteerProfile.objects.select_related("community").get(pk=obj.pk),
            community=data["community"],
            skills=data["skills"],
            availability=data["availability"],
            service_areas=data["service_areas"],
        )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "created_at"]
    readonly_fields = ["user", "role", "status", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TeamAdminForm(forms.ModelForm):
    """A new team names its leader by volunteer number (a registered volunteer in the staff
    member's area); the leader changes afterwards through the team's roles."""

    leader_number = forms.CharField(
        label=_("Leader's volunteer number"),
        max_length=20,
        required=False,
        help_text=_("The leader must be a registered volunteer."),
    )

    class Meta:
        model = Team
        fields = ["node", "name", "kind", "description", "is_active"]

    scope = None  # the staff member's scope, set by TeamAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["leader_number"]
        else:
            self.fields["leader_number"].required = True

    def clean_leader_number(self):
        number = self.cleaned_data["leader_number"].strip()
        profiles = VolunteerProfile.objects.select_related("user").filter(number=number)
        profile = self.scope.filter(profiles, "community").first() if self.scope else None
        if profile is None:
            raise forms.ValidationError(_("No volunteer with this number in your area."))
        return profile.user


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    form = TeamAdminForm
    list_display = ["name", "kind", "node", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["node"]
    inlines = [MembershipInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class TeamFormInScope(form_class):
            scope = scope_for_user(request.user)

        return TeamFormInScope

    def get_readonly_fields(self, request, obj=None):
        return ["node"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.team_update(
                actor=request.user,
                team=obj,
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                is_active=data["is_active"],
            )
            return
        team = services.team_create(
            actor=request.user,
            node=data["node"],
            name=data["name"],
            kind=data["kind"],
            leader=data["leader_number"],
            description=data["description"],
        )
        if not data["is_active"]:
            services.team_update(
                actor=request.user,
                team=team,
                name=team.name,
                kind=team.kind,
                description=team.description,
                is_active=False,
            )
        obj.pk, obj._state.adding = team.pk, False


class ShiftInline(admin.TabularInline):
    """Read only: shifts change on the organiser's page (`services.shift_update` and
    `shift_cancel`), where the people signed up are told and the waiting list moves up."""

    model = Shift
    fields = ["starts_at", "ends_at", "capacity", "cancel_cutoff_hours", "status", "change"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("starts_at")

    @admin.display(description=_("organiser's page"))
    def change(self, shift):
        if shift.pk is None:  # the inline's blank template row
            return ""
        url = reverse("volunteers:organise_shift", args=[shift.pk])
        return format_html('<a href="{}">{}</a>', url, _("Change or cancel"))


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ["title", "team", "node", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["team", "node"]
    inlines = [ShiftInline]
    fields = [
        "node",
        "team",
        "title",
        "description",
        "place",
        "starts_on",
        "ends_on",
        "skills_wanted",
        "status",
    ]

    def get_readonly_fields(self, request, obj=None):
        # The place and team are chosen when publishing; the status changes with the shifts.
        return ["node", "team", "status"] if obj is not None else ["status"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            "title": data["title"],
            "description": data["description"],
            "place": data["place"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "skills_wanted": data["skills_wanted"],
        }
        if change:
            services.project_update(actor=request.user, project=obj, **fields)
            return
        project = services.project_create(
            actor=request.user, node=data["node"], team=data["team"], **fields
        )
        obj.pk, obj._state.adding = project.pk, False


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
        self.run_per_row(
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
        self.run_per_row(
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
        self.run_per_row(
            request,
            queryset,
            lambda link: services.relative_link_decide(actor=request.user, link=link, approve=True),
        )

    @admin.action(description=_("Reject the relation"))
    def reject(self, request, queryset):
        self.run_per_row(
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
class TimeBankPolicyAdmin(ServiceRefusalAdminMixin, admin.ModelAdmin):
    """Street-wide settings: only street staff (superusers) may change them, through the
    service (the same checks as a place's own policy, audited)."""

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

    def save_model(self, request, obj, form, change):
        policy = services.time_bank_policy_save(actor=request.user, values=form.cleaned_data)
        obj.pk, obj._state.adding = policy.pk, False
