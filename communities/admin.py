"""Admin for street and community staff; every class goes through the scoping layer."""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin

from accounts.masking import name_in_full
from audit.admin import AuditedDeleteMixin
from audit.services import PhoneColumn, audit_export, audit_record
from communities import services
from communities.models import (
    Allowance,
    DailyReport,
    EvaluationEntry,
    EvaluationRound,
    Household,
    ImportJob,
    Node,
    PatrolLog,
    PatrolPhoto,
    Post,
    Residency,
)
from communities.resources import (
    AllowanceResource,
    BuildingResource,
    HouseholdResource,
    ResidentResource,
)
from communities.scoping import ScopedAdminMixin, scope_for_user, scope_forget_users
from core.admin import LargeChangelistMixin, ValidInitialDataMixin
from core.exports import SafeCSV, SafeXLSX
from core.http import client_ip


class ScopedAdmin(
    LargeChangelistMixin,
    ValidInitialDataMixin,
    AuditedDeleteMixin,
    ScopedAdminMixin,
    admin.ModelAdmin,
):
    """Scoped; plain saves (models without a dedicated service) and deletions are audited."""

    # The path from the model to the users whose scope a deleted row is part of (their posts or
    # homes: communities.scoping keeps scopes across requests), or None.
    scope_user_field: str | None = None

    def _scope_users(self, queryset) -> list[int]:
        if self.scope_user_field is None:
            return []
        return list(queryset.values_list(self.scope_user_field, flat=True))

    def delete_model(self, request, obj):
        users = self._scope_users(type(obj).objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        scope_forget_users(users)

    def delete_queryset(self, request, queryset):
        users = self._scope_users(queryset)
        super().delete_queryset(request, queryset)
        scope_forget_users(users)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"communities.admin_{'change' if change else 'add'}_{obj._meta.model_name}",
            target=obj,
            scope_path=self.audit_scope_path(obj),
            details={"fields": form.changed_data},
        )

    def _run_service(self, request, call):
        try:
            call()
            return True
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return False


class AuditedExportMixin(ExportMixin):
    """The admin's spreadsheet exports: formula-free cells, and each file is an audit entry
    (who, which export, how many rows, whether it carried full phone numbers)."""

    formats = [SafeXLSX, SafeCSV]
    export_name = ""
    export_phones = PhoneColumn.NONE

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        roots = scope_for_user(request.user).root_paths
        audit_export(
            actor=request.user,
            export=self.export_name or self.model._meta.model_name,
            rows=dataset.height,
            phones=self.export_phones,
            ip_address=client_ip(request),
            scope_path=roots[0] if len(roots) == 1 else "",
        )
        return dataset

    def export_action(self, request):
        # The export builds its rows through a ChangeList from the query string; a parameter
        # no filter knows (`?page=abc`) raised IncorrectLookupParameters, a 500. Answer as the
        # change list does: back to it with its "?e=1" notice.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            opts = self.model._meta
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(f"{changelist}?{ERROR_FLAG}=1")


@admin.register(Node)
class NodeAdmin(AuditedExportMixin, ScopedAdmin):
    scope_node_field = ""
    resource_classes = [BuildingResource]
    list_display = ["full_name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "full_name"]
    readonly_fields = ["path", "depth", "full_name"]
    autocomplete_fields = ["parent"]
    fields = ["kind", "parent", "name", "code", "address", "full_name", "path", "depth"]
    ordering = ["path"]

    def get_readonly_fields(self, request, obj=None):
        # Codes and kinds are identifiers other records and spreadsheets refer to.
        return [*self.readonly_fields, "kind", "code"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            node = services.node_update(
                actor=request.user, node=obj, name=obj.name, parent=obj.parent
            )
        else:
            node = services.node_create(
                actor=request.user,
                kind=obj.kind,
                name=obj.name,
                parent=obj.parent,
                code=obj.code,
                address=obj.address,
            )
        obj.pk, obj.path, obj.full_name = node.pk, node.path, node.full_name


@admin.register(Household)
class HouseholdAdmin(AuditedExportMixin, ScopedAdmin):
    resource_classes = [HouseholdResource]
    scope_user_field = "residencies__user"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "node" in form.changed_data:
            # The household's residents now live elsewhere (their scopes' homes).
            scope_forget_users(obj.residencies.values_list("user_id", flat=True))

    list_display = ["room", "place", "floor_area"]
    list_select_related = ["node"]
    search_fields = ["room", "node__full_name", "node__code"]
    autocomplete_fields = ["node"]
    ordering = ["node__path", "room"]

    @admin.display(description=_("place"), ordering="node__path")
    def place(self, household):
        return household.node.full_name


@admin.register(Residency)
class ResidencyAdmin(AuditedExportMixin, ScopedAdmin):
    scope_node_field = "household__node"
    scope_user_field = "user"
    resource_classes = [ResidentResource]
    export_name = "residents"
    export_phones = PhoneColumn.FULL
    list_display = [
        "resident_name",
        "phone",
        "household",
        "relation",
        "is_owner",
        "residence_type",
        "status",
    ]
    list_filter = ["status", "relation", "residence_type", "is_owner"]
    list_select_related = ["user", "household__node"]
    # Staff who manage residents may see and search the full number. See get_search_results.
    search_fields = ["user__real_name", "=user__phone", "=household__room"]
    search_help_text = _("A full mobile number, a room number, or the start of a name.")
    # Users are not scoped (anyone may live here), so no user search for community staff.
    raw_id_fields = ["user"]
    autocomplete_fields = ["household"]
    readonly_fields = ["status", "decided_by", "decided_at", "created_at"]
    actions = ["approve", "reject"]
    ordering = ["-created_at", "-id"]

    def get_ordering(self, request):
        """Newest first where the newest are found without sorting a street: for a district or
        more the whole table's created_at index (its rows are most of the table), for a
        community or smaller a sort of its few thousand rows after they are found.

        A street's 100,000 are too many to sort per page (0.6 s at 20 streets) and the index
        walk reads every newer street's residents first (12 s for the first-seeded street):
        a street's staff get them in place order (community, building, room), which the index
        on the place's path serves a page at a time (Node.path is compared bytewise)."""
        scope = scope_for_user(request.user)
        wide = {Node.Kind.CITY, Node.Kind.DISTRICT}
        if scope.unrestricted or any(root.kind in wide for root in scope.roots):
            return super().get_ordering(request)
        if any(root.kind == Node.Kind.STREET for root in scope.roots):
            return ["household__node__path", "household__room", "id"]
        # "+ 0 seconds": the same order, which the created_at index cannot give.
        created = ExpressionWrapper(
            F("created_at") + Value(datetime.timedelta(0)), output_field=DateTimeField()
        )
        return [created.desc(), "-id"]

    def get_search_results(self, request, queryset, search_term):
        """One indexed condition per kind of term instead of Django's OR over three joins,
        which scans a whole street's residents (measured: 0.6 s for 100,000)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.isdigit() and len(term) == 11:
            return queryset.filter(user__phone=term), False
        if len(term) <= 6 and term.replace("-", "").isalnum() and not term.isalpha():
            return queryset.filter(household__room=term), False
        users = get_user_model().objects.filter(real_name__startswith=term).values("pk")
        # An invited person's name is not theirs to find until they confirm.
        return (
            queryset.filter(user_id__in=users).exclude(status=Residency.Status.INVITED),
            False,
        )

    @admin.display(description=_("resident"), ordering="user__real_name")
    def resident_name(self, residency):
        if residency.status == Residency.Status.INVITED:
            return residency.resident_label
        return name_in_full(residency.user)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.status == Residency.Status.INVITED:
            # The account itself (and its name) is not shown before the person confirms.
            return ["resident_name" if f == "user" else f for f in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status == Residency.Status.INVITED:
            return [*readonly, "resident_name"]
        return readonly

    @admin.display(description=_("mobile number"))
    def phone(self, residency):
        return residency.user.phone

    def save_model(self, request, obj, form, change):
        if not change:
            # Staff adding a resident directly approve it at once, through the same service.
            obj.status = Residency.Status.PENDING
        elif {"user", "household"} & set(form.changed_data):
            # A home moved to another household or person: both people's homes changed.
            scope_forget_users([obj.user_id, form.initial.get("user")])
        super().save_model(request, obj, form, change)
        if not change:
            self._run_service(
                request, lambda: services.residency_approve(actor=request.user, residency=obj)
            )

    @admin.action(description=_("Approve the selected claims"))
    def approve(self, request, queryset):
        done = sum(
            self._run_service(
                request, lambda r=r: services.residency_approve(actor=request.user, residency=r)
            )
            for r in queryset.filter(status=Residency.Status.PENDING)
        )
        self.message_user(
            request, ngettext("%d claim approved.", "%d claims approved.", done) % done
        )

    @admin.action(description=_("Reject the selected claims"))
    def reject(self, request, queryset):
        done = sum(
            self._run_service(
                request, lambda r=r: services.residency_reject(actor=request.user, residency=r)
            )
            for r in queryset.filter(status=Residency.Status.PENDING)
        )
        self.message_user(
            request, ngettext("%d claim rejected.", "%d claims rejected.", done) % done
        )


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    scope_user_field = "user"
    list_display = ["kind", "user", "place", "starts_on", "ends_on"]
    list_filter = ["kind", ("ends_on", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "node"]
    search_fields = ["user__real_name", "=user__phone", "node__full_name"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["node"]
    readonly_fields = ["appointed_by"]
    actions = ["end_posts"]

    @admin.display(description=_("place"), ordering="node__path")
    def place(self, post):
        return post.node.full_name

    def get_readonly_fields(self, request, obj=None):
        if obj:  # history: only the end of a term may be set, through post_end
            return ["kind", "user", "node", "starts_on", "appointed_by"]
        return [*self.readonly_fields, "ends_on"]

    def save_model(self, request, obj, form, change):
        if change:
            if "ends_on" in form.changed_data and obj.ends_on:
                ends_on = obj.ends_on
                obj.ends_on = None
                services.post_end(actor=request.user, post=obj, ends_on=ends_on)
                obj.ends_on = ends_on
            return
        post = services.post_appoint(
            actor=request.user, user=obj.user, node=obj.node, kind=obj.kind, starts_on=obj.starts_on
        )
        obj.pk = post.pk

    @admin.action(description=_("End the selected posts today"))
    def end_posts(self, request, queryset):
        for post in queryset.filter(ends_on__isnull=True):
            self._run_service(request, lambda p=post: services.post_end(actor=request.user, post=p))


class PatrolPhotoInline(admin.TabularInline):
    model = PatrolPhoto
    extra = 0
    readonly_fields = ["image"]
    can_delete = False


@admin.register(PatrolLog)
class PatrolLogAdmin(ScopedAdmin):
    scope_node_field = "building"
    list_display = ["date", "building", "captain", "has_problem"]
    list_filter = ["has_problem", "date"]
    list_select_related = ["building", "captain"]
    search_fields = ["building__full_name", "captain__real_name", "findings"]
    raw_id_fields = ["captain"]
    autocomplete_fields = ["building"]
    date_hierarchy = "date"
    inlines = [PatrolPhotoInline]


@admin.register(DailyReport)
class DailyReportAdmin(ScopedAdmin):
    list_display = ["date", "captain", "node", "problems_found", "problems_handled"]
    list_select_related = ["captain", "node"]
    raw_id_fields = ["captain"]
    autocomplete_fields = ["node"]
    date_hierarchy = "date"


class EvaluationEntryInline(admin.TabularInline):
    model = EvaluationEntry
    extra = 0
    fields = ["node", "captain", "score", "remarks", "rank", "awarded"]
    readonly_fields = ["node", "captain", "rank", "awarded"]
    can_delete = False


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ScopedAdmin):
    list_display = ["title", "kind", "node", "period_end", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    readonly_fields = ["status", "published_at"]
    inlines = [EvaluationEntryInline]
    actions = ["publish"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        evaluation = services.evaluation_round_create(
            actor=request.user,
            node=obj.node,
            kind=obj.kind,
            title=obj.title,
            period_start=obj.period_start,
            period_end=obj.period_end,
            criteria=obj.criteria,
            awards=obj.awards,
        )
        obj.pk = evaluation.pk

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.has_changed() and inline_form.instance.pk:
                entry = inline_form.instance
                self._run_service(
                    request,
                    lambda e=entry: services.evaluation_entry_score(
                        actor=request.user, entry=e, score=e.score, remarks=e.remarks
                    ),
                )

    @admin.action(description=_("Publish the result"))
    def publish(self, request, queryset):
        for evaluation in queryset:
            self._run_service(
                request,
                lambda e=evaluation: services.evaluation_publish(actor=request.user, evaluation=e),
            )


@admin.register(Allowance)
class AllowanceAdmin(AuditedExportMixin, ScopedAdmin):
    scope_node_field = "post__node"
    resource_classes = [AllowanceResource]
    list_display = ["month", "captain", "post", "amount", "paid", "paid_at"]
    list_filter = ["paid", "month"]
    list_select_related = ["captain", "post__node", "post__user"]
    search_fields = ["captain__real_name"]
    raw_id_fields = ["captain"]
    autocomplete_fields = ["post"]
    readonly_fields = ["paid", "paid_at"]
    actions = ["mark_paid"]

    @admin.action(description=_("Mark the selected allowances paid"))
    def mark_paid(self, request, queryset):
        for allowance in queryset.filter(paid=False):
            self._run_service(
                request,
                lambda a=allowance: services.allowance_mark_paid(actor=request.user, allowance=a),
            )


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    scope_node_field = "root"
    list_display = ["created_at", "kind", "original_name", "root", "status", "total_rows"]
    list_filter = ["kind", "status"]
    list_select_related = ["root", "created_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # uploads go through the import page, which checks the file first


from communities import admin_teams  # noqa: E402,F401  (承责团队, kept in its own module)

_site_each_context = admin.site.each_context


def _each_context_named_for_the_place(request):
    """The admin's header names the user's place (its branding setting) when they have one."""
    context = _site_each_context(request)
    roots = scope_for_user(request.user).roots if request.user.is_authenticated else ()
    if len(roots) == 1:
        from communities.place_setting_specs import BRANDING
        from communities.place_settings import place_setting

        name = place_setting(roots[0], BRANDING)["name"]
        context["site_header"] = f"{name} · {_('Gongzhi administration')}"
    return context


admin.site.each_context = _each_context_named_for_the_place
