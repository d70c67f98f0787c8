from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User
from audit.admin import AuditedDeleteMixin


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["phone", "real_name"]


@admin.register(User)
class UserAdmin(AuditedDeleteMixin, DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["-date_joined"]
    list_display = [
        "masked_phone",
        "real_name",
        "display_name",
        "is_staff",
        "is_active",
        "locked_until",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["phone", "real_name", "display_name", "email"]
    readonly_fields = ["id_number_masked", "last_login", "date_joined", "locked_until"]
    fieldsets = [
        (None, {"fields": ["phone", "password"]}),
        (
            _("Personal information"),
            {"fields": ["real_name", "display_name", "email", "id_number_masked"]},
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates and security"), {"fields": ["last_login", "date_joined", "locked_until"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["phone", "real_name", "password1", "password2"]}),
    ]
    actions = ["unlock_accounts"]

    @admin.display(description=_("mobile number"), ordering="phone")
    def masked_phone(self, user):
        return user.masked_phone

    @admin.action(description=_("Unlock the selected accounts"))
    def unlock_accounts(self, request, queryset):
        for user in queryset:
            services.user_unlock(user=user, actor=request.user)
        messages.success(request, _("%(count)d accounts unlocked.") % {"count": queryset.count()})
