"""The admin site's settings and the glue every app's admin builds on: the audited scoped
base class, the per-row action runner, a service's refusal shown on the form."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as django_gettext  # Django's own msgids
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedDeleteMixin
from audit.services import audit_record
from communities.scoping import ScopedAdminMixin
from core.forms import refusal_text, show_refusal
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


class CappedCountPaginator(Paginator):
    """A changelist's paginator that counts at most `cap` rows.

    An exact count of a street's rows joins every one of them to its place on each page
    (100,000 residents: 0.6 s at 20 streets; its 6,000 posts: 0.15 s, walking all 19,000
    places). This count reads the first `cap` + 1 rows in the list's own order, so a list that
    walks an index stops there (20 ms). Below the cap the count is exact; above it the page
    says "more than N" (templates/admin/pagination.html), the pages run to the cap's row and
    the actions offer no "select all": a filter or a search narrows a longer list.
    """

    cap = 1_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class LargeChangelistMixin:
    """ModelAdmin mixin for changelists that may hold a street's or district's rows (every
    scoped admin): one count, stopped at its cap, and a page that renders its rows cheaply.
    """

    # Counting a whole street's rows for "(N total)" costs a second full count per page.
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    # Rows rendered from a plan made once per page (core.admin_rows), the same HTML as Django's.
    change_list_template = "admin/large_change_list.html"

    def action_checkbox(self, obj):
        """Django's row checkbox, the same markup without a widget template rendered per row
        (those were a quarter of a 50-row page's rendering)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(django_gettext("Select this object for an action - {}"), str(obj)),
        )


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


def run_per_row(modeladmin, request, queryset, call, *, done_message=None) -> int:
    """An admin action that calls a service once per selected row: each row's refusal is said
    with the row's name, the others go on; returns how many were done.

    `call(obj)` is the service call; `done_message(count)` what to say when some were done
    (default "N done.").
    """
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {refusal_text(error)}", messages.ERROR)
        else:
            done += 1
    if done:
        text = done_message(done) if done_message else _("%(count)d done.") % {"count": done}
        modeladmin.message_user(request, text, messages.SUCCESS)
    return done


class ServiceRefusalAdminMixin:
    """ModelAdmin mixin: a service's refusal raised while saving (`save_model`,
    `save_related`) comes back as the form's error with what was typed, instead of a 500.

    The admin saves inside one transaction; the refusal rolls all of it back, then the page is
    built again from the same POST with the refusal added to the form's errors, so nothing is
    saved and the form shows why.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST" or hasattr(request, "_service_refusal"):
                raise
            request._service_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                show_refusal(self, refusal)
                return cleaned_data

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm


class AuditedScopedAdmin(
    LargeChangelistMixin,
    ServiceRefusalAdminMixin,
    ValidInitialDataMixin,
    AuditedDeleteMixin,
    ScopedAdminMixin,
    admin.ModelAdmin,
):
    """The base of every scoped admin: rows, choices and objects inside the user's scope
    (`communities.scoping`), every deletion audited, a query-string prefill that its field
    cannot hold dropped, a service's refusal shown on the form.

    Writes go through the owning service: override `save_model` (and `save_related` for
    inlines) to call it. A model without a service of its own may keep the plain save by
    setting `audit_plain_saves = True`: each add and change is then an audit entry
    (`<app>.admin_add_<model>` / `<app>.admin_change_<model>`, with the changed fields).
    """

    audit_plain_saves = False

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # a page of read-only fields saved as it was: nothing to write
        if not self.audit_plain_saves:
            raise ImproperlyConfigured(
                f"{type(self).__name__} saves without a service: override save_model to call "
                "the owning service, or set audit_plain_saves = True."
            )
        super().save_model(request, obj, form, change)
        opts = obj._meta
        audit_record(
            actor=request.user,
            action=f"{opts.app_label}.admin_{'change' if change else 'add'}_{opts.model_name}",
            target=obj,
            scope_path=self.audit_scope_path(obj),
            details={"fields": form.changed_data},
        )

    def run_per_row(self, request, queryset, call, *, done_message=None) -> int:
        return run_per_row(self, request, queryset, call, done_message=done_message)
