from django.contrib import admin
from django.db import transaction

from audit.models import AuditEntry
from audit.services import audit_record
from core.http import client_ip


class AuditedDeleteMixin:
    """ModelAdmin mixin: every deletion through the admin leaves an audit entry.

    Covers the delete page, the "delete selected" action and rows deleted from an inline, each
    in the transaction of the deletion (written just before it, while the row still exists).
    Every admin that may delete uses it; a test walks the admin registry to keep it so.
    """

    def audit_scope_path(self, obj) -> str:
        """The tree path of the place `obj` belongs to, along the admin's `scope_node_field`."""
        field = getattr(self, "scope_node_field", None)
        if field is None:
            return ""
        target = obj
        for part in filter(None, (field if isinstance(field, str) else field[0]).split("__")):
            target = getattr(target, part, None)
        return getattr(target, "path", "") or ""

    def _audit_deletion(self, request, obj) -> None:
        opts = obj._meta
        audit_record(
            actor=request.user,
            action=f"{opts.app_label}.admin_delete_{opts.model_name}"[:64],
            target=obj,
            scope_path=self.audit_scope_path(obj),
            ip_address=client_ip(request),
            details={"model": opts.label, "object": str(obj)[:200]},
        )

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit_deletion(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._audit_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            for inline_form in getattr(formset, "deleted_forms", []):
                if inline_form.instance.pk is not None:
                    self._audit_deletion(request, inline_form.instance)
            super().save_formset(request, form, formset, change)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr", "outcome", "ip_address"]
    list_filter = ["outcome", "action"]
    search_fields = ["action", "target_repr", "actor__phone", "actor__real_name"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _audit_third_party_deletions() -> None:
    """The admins other packages register (groups, email addresses, beat schedules) are
    registered again with the same audit; audit is listed after them in INSTALLED_APPS."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    for model in (
        Group,
        EmailAddress,
        PeriodicTask,
        ClockedSchedule,
        CrontabSchedule,
        SolarSchedule,
        IntervalSchedule,
    ):
        model_admin = admin.site._registry.get(model)
        if model_admin is None or isinstance(model_admin, AuditedDeleteMixin):
            continue
        admin_class = type(model_admin)

        class AuditedThirdPartyAdmin(AuditedDeleteMixin, admin_class):
            """The third-party admin, its deletions audited."""

        AuditedThirdPartyAdmin.__name__ = f"Audited{admin_class.__name__}"
        admin.site.unregister(model)
        admin.site.register(model, AuditedThirdPartyAdmin)


_audit_third_party_deletions()
