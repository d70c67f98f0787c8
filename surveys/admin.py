from django.contrib import admin

from audit.admin import AuditedDeleteMixin
from surveys.models import NeedCategory, NeedItem


class NeedItemInline(admin.TabularInline):
    model = NeedItem
    extra = 3
    fields = ["position", "name", "team_kind", "services", "is_active"]


@admin.register(NeedCategory)
class NeedCategoryAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    """The needs catalogue (需求清单) is data: street staff keep its categories and items here."""

    list_display = ["name", "position"]
    inlines = [NeedItemInline]
