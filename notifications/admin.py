from django.contrib import admin

from audit.admin import AuditedDeleteMixin
from notifications.models import Message


@admin.register(Message)
class MessageAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "recipient", "category", "created_at", "read_at", "email_sent_at"]
    list_filter = ["category"]
    search_fields = ["title", "recipient__phone", "recipient__real_name"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"
