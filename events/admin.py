"""Admin for community staff: events, sessions, registrations, topic menus; all scoped."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.masking import name_in_full
from core.admin import AuditedScopedAdmin
from events import services
from events.forms import EventAdminForm
from events.models import Event, Occurrence, Registration, Topic, TopicMenu
from party.models import CoBuildingUnit


class ScopedAdmin(AuditedScopedAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is CoBuildingUnit:
            kwargs["queryset"] = self.get_scope(request).filter(
                CoBuildingUnit.objects.select_related("community"), "community"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    fields = ["starts_at", "ends_at", "capacity", "seats_taken", "status"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("starts_at")


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "node", "starts_at", "rrule", "capacity", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["node"]
    search_fields = ["title", "place", "node__name"]
    autocomplete_fields = ["node"]
    raw_id_fields = ["organiser_user"]
    actions = ["publish"]
    inlines = [OccurrenceInline]
    ordering = ["-starts_at"]

    def save_model(self, request, obj, form, change):
        # The cover goes through image_clean in the service, never straight from the form.
        upload = form.cleaned_data.get("cover") if "cover" in form.changed_data else None
        if upload:
            obj.cover = form.initial.get("cover") or ""
        # The form already ran the service's checks (EventAdminForm._post_clean).
        services.event_save(
            actor=request.user, event=obj, cover_upload=upload or None, changed=form.changed_data
        )

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        done = 0
        for event in queryset.filter(status=Event.Status.DRAFT):
            services.event_publish(actor=request.user, event=event)
            done += 1
        self.message_user(request, _("%(count)d published.") % {"count": done})


@admin.register(Occurrence)
class OccurrenceAdmin(ScopedAdmin):
    scope_node_field = "event__node"
    list_display = ["event", "starts_at", "capacity", "seats_taken", "status", "attendance"]
    list_filter = ["status"]
    list_select_related = ["event__node"]
    search_fields = ["event__title"]
    readonly_fields = ["event", "starts_at", "ends_at", "capacity", "seats_taken", "status"]
    fields = [*readonly_fields, "summary"]
    ordering = ["-starts_at"]

    @admin.display(description=_("attendance"))
    def attendance(self, occurrence):
        url = reverse("events:attendance", args=[occurrence.pk])
        return format_html('<a href="{}">{}</a>', url, _("Attendance"))

    def has_add_permission(self, request):
        return False  # sessions come from the event's schedule

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead, so attendees are told

    def save_model(self, request, obj, form, change):
        services.occurrence_summary_publish(actor=request.user, occurrence=obj, summary=obj.summary)


@admin.register(Registration)
class RegistrationAdmin(ScopedAdmin):
    scope_node_field = "occurrence__event__node"
    list_display = ["name", "phone", "occurrence", "status", "checked_in_at"]
    list_filter = ["status"]
    list_select_related = ["user", "occurrence__event"]
    search_fields = ["user__real_name", "=user__phone", "occurrence__event__title"]
    readonly_fields = [
        "occurrence",
        "user",
        "registered_by",
        "status",
        "created_at",
        "waitlisted_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
    ]
    fields = readonly_fields
    ordering = ["-created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("attendee"), ordering="user__real_name")
    def name(self, registration):
        return name_in_full(registration.user)

    @admin.display(description=_("mobile number"))
    def phone(self, registration):
        return registration.user.masked_phone


class TopicInline(admin.TabularInline):
    model = Topic
    fields = ["title", "speaker", "description", "vote_count"]
    readonly_fields = ["vote_count"]
    extra = 3


@admin.register(TopicMenu)
class TopicMenuAdmin(ScopedAdmin):
    list_display = ["title", "node", "is_open", "created_at"]
    list_select_related = ["node"]
    autocomplete_fields = ["node"]
    fields = ["node", "title", "description", "is_open"]
    inlines = [TopicInline]

    def get_readonly_fields(self, request, obj=None):
        return ["node"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        # The topics are the inline's rows, saved after the menu (save_related).
        data = form.cleaned_data
        if change:
            services.topic_menu_update(
                actor=request.user,
                menu=obj,
                title=data["title"],
                description=data["description"],
                is_open=data["is_open"],
            )
            return
        menu = services.topic_menu_create(
            actor=request.user,
            node=data["node"],
            title=data["title"],
            description=data["description"],
            is_open=data["is_open"],
        )
        obj.pk, obj._state.adding = menu.pk, False
