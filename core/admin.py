from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.models import OutboxTask

admin.site.site_header = format_lazy(
    "{} · {}", settings.ADMIN_SITE_TITLE, _("Gongzhi administration")
)
admin.site.site_title = format_lazy("{} {}", settings.ADMIN_SITE_TITLE, _("Gongzhi"))
admin.site.index_title = _("Community governance")
# The admin logs in through the portal's own log-in page, so the lock and audit apply there too.
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """Read only: operators see what waits for the broker (superusers; the drain does the rest)."""

    list_display = ("task_name", "args", "created_at", "published_at", "attempts", "last_error")
    list_filter = ("task_name",)
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ValidInitialDataMixin:
    """ModelAdmin mixin: an add page's prefill from the query string (`?node=12`) keeps only
    values its field can hold.

    Django passes any query parameter named like a field to the form as initial data; a
    relation prefilled with `?node=abc` made the select widget query `pk IN ('abc')`, a
    ValueError and a 500. Such a value is dropped: the page opens empty, as without it.
    """

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            target = getattr(field, "target_field", None) if field.is_relation else field
            if target is None:
                continue
            values = value if isinstance(value, list) else [value]
            try:
                for item in values:
                    target.to_python(item)
            except ValidationError:
                del initial[name]
        return initial
