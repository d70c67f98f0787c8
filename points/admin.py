"""Staff admin of the ledger (read-only, corrections by reversal) and of leaderboards.

Every write here calls a service: posting_reverse() for corrections, settlement_run() for
settlements; the preview is settlement_preview(), a read.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedDeleteMixin
from points import selectors, services
from points.forms import StockEditForm
from points.models import (
    Account,
    Board,
    BoardPrize,
    BoardScore,
    LedgerCheck,
    Posting,
    PrizeAward,
    PrizeItem,
    Settlement,
    SettlementRank,
)
from points.periods import current_period_key, period_is_valid, period_label


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "owner", "code", "currency", "balance_shown", "created_at"]
    list_filter = ["currency"]
    search_fields = ["code", "name", "owner__phone", "owner__real_name"]
    list_select_related = ["owner"]
    show_full_result_count = False

    @admin.display(description=_("balance"))
    def balance_shown(self, obj):
        # A source account ("issuance") stores no balance; a few per page, each one aggregate.
        return selectors.account_balance(obj)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)


@admin.register(LedgerCheck)
class LedgerCheckAdmin(ReadOnlyAdmin):
    """Runs of verify_ledger; the workbench links here when the latest one failed."""

    list_display = ["checked_at", "ok", "accounts_checked", "postings_checked"]
    list_filter = ["ok"]
    readonly_fields = ["checked_at", "ok", "accounts_checked", "postings_checked", "details"]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "debit", "credit", "amount", "currency", "reason", "actor"]
    list_filter = ["currency"]
    search_fields = ["key", "reason", "debit__owner__phone", "credit__owner__phone"]
    list_select_related = ["debit__owner", "credit__owner", "actor"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["reverse_postings"]

    def has_reverse_permission(self, request):
        # Corrections are for staff who may create postings (a separate, grantable permission).
        return request.user.has_perm("points.add_posting")

    @admin.action(description=_("Reverse (correct) the selected postings"), permissions=["reverse"])
    def reverse_postings(self, request, queryset):
        form = ReverseForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/points/posting/reverse.html",
                {
                    **self.admin_site.each_context(request),
                    "title": gettext("Reverse postings"),
                    "postings": queryset,
                    "form": form,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        done = 0
        for posting in queryset:
            try:
                services.posting_reverse(
                    posting=posting,
                    key=f"admin-reversal:{posting.pk}",
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"#{posting.pk}: {' '.join(error.messages)}", messages.ERROR
                )
        if done:
            self.message_user(
                request, gettext("%(count)d postings reversed.") % {"count": done}, messages.SUCCESS
            )
        return None


class BoardPrizeInline(admin.TabularInline):
    model = BoardPrize
    extra = 1
    autocomplete_fields = ["item"]


class SettleForm(forms.Form):
    period_key = forms.CharField(label=_("Period"), max_length=16)


@admin.register(Board)
class BoardAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "scope", "period", "currency", "is_active", "settle_link"]
    list_filter = ["period", "currency", "is_active"]
    search_fields = ["name", "scope"]
    inlines = [BoardPrizeInline]

    @admin.display(description=_("Settlement"))
    def settle_link(self, board):
        url = reverse("admin:points_board_settle", args=[board.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Preview / settle"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/settle/",
                self.admin_site.admin_view(self.settle_view),
                name="points_board_settle",
            ),
            *super().get_urls(),
        ]

    def settle_view(self, request, pk: int):
        """Preview (a dry run, no writes) and trigger the settlement of one period."""
        board = get_object_or_404(Board, pk=pk)
        if not self.has_view_permission(request, board):
            raise PermissionDenied
        key = request.POST.get("period_key") or request.GET.get("period_key") or ""
        if request.method == "POST" and "settle" in request.POST:
            if not request.user.has_perm("points.add_settlement"):
                self.message_user(request, gettext("You may not settle."), messages.ERROR)
            else:
                try:
                    settlement = services.settlement_run(
                        board=board, period_key=key, actor=request.user
                    )
                    self.message_user(
                        request,
                        gettext("Settled: %(settlement)s (%(state)s).")
                        % {"settlement": settlement, "state": settlement.get_state_display()},
                        messages.SUCCESS,
                    )
                    return redirect("admin:points_settlement_change", settlement.pk)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
        periods = list(
            BoardScore.objects.filter(board=board)
            .order_by("-period_key")
            .values_list("period_key", flat=True)
            .distinct()[:50]
        )
        key = key or (periods[0] if periods else current_period_key(board))
        preview = selectors.settlement_preview(board, key) if period_is_valid(board, key) else None
        return TemplateResponse(
            request,
            "admin/points/board/settle.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Settle %(board)s") % {"board": board.name},
                "opts": self.model._meta,
                "original": board,
                "board": board,
                "periods": [(p, period_label(board.period, p)) for p in periods],
                "period_key": key,
                "preview": preview,
                "can_settle": request.user.has_perm("points.add_settlement"),
            },
        )


@admin.register(PrizeItem)
class PrizeItemAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    form = StockEditForm
    fields = ["name", "kind", "description", "stock", "stock_shown", "reference"]
    list_display = ["name", "kind", "stock"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(BoardScore)
class BoardScoreAdmin(ReadOnlyAdmin):
    list_display = ["board", "period_key", "user", "score", "reached_at"]
    list_filter = ["board"]
    search_fields = ["user__phone", "period_key"]
    list_select_related = ["board", "user"]
    show_full_result_count = False


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ["board", "period_key", "state", "ranked_count", "started_at", "finished_at"]
    list_filter = ["state", "board"]
    list_select_related = ["board"]
    actions = ["resume"]

    def has_resume_permission(self, request):
        return request.user.has_perm("points.add_settlement")

    @admin.action(description=_("Resume unfinished settlements"), permissions=["resume"])
    def resume(self, request, queryset):
        for settlement in queryset.exclude(state=Settlement.State.DONE).select_related("board"):
            try:
                services.settlement_run(
                    board=settlement.board, period_key=settlement.period_key, actor=request.user
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)


@admin.register(SettlementRank)
class SettlementRankAdmin(ReadOnlyAdmin):
    list_display = ["settlement", "rank", "user", "score", "reached_at"]
    list_filter = ["settlement__board"]
    search_fields = ["user__phone"]
    list_select_related = ["settlement__board", "user"]
    show_full_result_count = False


@admin.register(PrizeAward)
class PrizeAwardAdmin(ReadOnlyAdmin):
    list_display = ["settlement", "rank", "user", "prize", "outcome", "created_at"]
    list_filter = ["outcome", "settlement__board"]
    search_fields = ["user__phone"]
    list_select_related = ["settlement__board", "user", "prize__item"]
