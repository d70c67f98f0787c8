"""Admin of the cases app.

Categories, office hours and calendar overrides are street-wide settings: street staff change
them (through the audited config service). Cases and their timelines are read-only here
(every change goes through the case pages, so it lands in the timeline) and scoped to the
user's area. Permissions come from the scope, so community staff need no extra group.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.models import CalendarOverride, Case, CaseEvent, Category, OfficeHours, Open311Client
from communities.models import Node
from communities.scoping import ScopedAdminMixin, scope_for_user

OPEN311_CLIENT_PLACE_KINDS = [
    Node.Kind.STREET,
    Node.Kind.COMMUNITY,
    Node.Kind.GRID,
    Node.Kind.STREET_SEGMENT,
]


class StreetSettingsAdmin(admin.ModelAdmin):
    """Visible to managing staff, changed only by street staff; every save is audited."""

    def has_module_permission(self, request):
        return scope_for_user(request.user).managing

    def has_view_permission(self, request, obj=None):
        return scope_for_user(request.user).managing

    def has_add_permission(self, request):
        return services.may_configure(request.user)

    def has_change_permission(self, request, obj=None):
        return services.may_configure(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.config_save(actor=request.user, obj=obj, changed=form.changed_data)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)


@admin.register(Category)
class CategoryAdmin(StreetSettingsAdmin):
    list_display = [
        "code",
        "__str__",
        "response_limit",
        "response_unit",
        "resolve_limit",
        "resolve_unit",
        "is_active",
    ]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(OfficeHours)
class OfficeHoursAdmin(StreetSettingsAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not OfficeHours.objects.exists()


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(StreetSettingsAdmin):
    list_display = ["date", "is_workday", "note"]
    date_hierarchy = "date"


@admin.register(Open311Client)
class Open311ClientAdmin(StreetSettingsAdmin):
    list_display = ["name", "key_prefix", "account", "node", "is_active", "created_at"]
    fields = ["name", "account", "node", "is_active", "key_prefix"]
    readonly_fields = ["key_prefix"]
    raw_id_fields = ["account"]
    list_select_related = ["account", "node"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "node":
            # The upper levels of the issuer's own area (a street has thousands of buildings).
            kwargs["queryset"] = scope_for_user(request.user).places(OPEN311_CLIENT_PLACE_KINDS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            client, key = services.open311_client_create(
                actor=request.user, name=obj.name, account=obj.account, node=obj.node
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.pk = client.pk
        self.message_user(
            request,
            _("The api_key of %(name)s is %(key)s – copy it now, it is not shown again.")
            % {"name": client.name, "key": key},
            messages.WARNING,
        )


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ["created_at", "action", "actor", "from_state", "to_state", "note", "satisfaction"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Case)
class CaseAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_node_field = "node"
    list_display = [
        "id",
        "category",
        "state",
        "node",
        "assignee_post",
        "created_at",
        "resolve_due_at",
        "escalation_level",
    ]
    list_filter = ["state", "source", "escalation_level", "category__parent"]
    list_select_related = ["category__parent", "node", "assignee_post__user"]
    search_fields = ["description", "address", "=id"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [CaseEventInline]
    exclude = ["reporter", "followers"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Case._meta.fields if f.name != "reporter"]

    def has_module_permission(self, request):
        return scope_for_user(request.user).managing

    def has_view_permission(self, request, obj=None):
        scope = scope_for_user(request.user)
        return scope.managing if obj is None else scope.manages(obj.node)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
