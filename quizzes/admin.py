"""Staff admin of the question bank, campaigns (rules, prize pool) and the draw log; scoped."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedDeleteMixin
from communities.scoping import ScopedAdminMixin, scope_for_user
from core.admin import AuditedScopedAdmin, run_per_row
from points.forms import StockEditForm
from quizzes import services
from quizzes.boards import campaign_board
from quizzes.models import Campaign, Category, Choice, Draw, Prize, Question
from quizzes.place_settings import quiz_defaults


@admin.register(Category)
class CategoryAdmin(AuditedDeleteMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 4
    max_num = 6


@admin.register(Question)
class QuestionAdmin(AuditedScopedAdmin):
    list_display = ["text", "kind", "category", "difficulty", "is_active", "node"]
    list_filter = ["kind", "category", "difficulty", "is_active"]
    search_fields = ["text"]
    list_select_related = ["category", "node"]
    inlines = [ChoiceInline]
    actions = ["deactivate"]

    @admin.action(description=_("Take the selected questions out of play"))
    def deactivate(self, request, queryset):
        run_per_row(
            self,
            request,
            queryset.filter(is_active=True).select_related("node"),
            lambda question: services.question_deactivate(actor=request.user, question=question),
        )

    def save_model(self, request, obj, form, change):
        # The choices are the inline's rows, saved after the question (save_related).
        services.question_save(
            actor=request.user, question=obj, is_new=not change, changed=form.changed_data
        )


class PrizeInline(admin.TabularInline):
    model = Prize
    form = StockEditForm
    extra = 1
    autocomplete_fields = ["item"]
    fields = ["name", "kind", "weight", "points", "item", "stock", "stock_shown", "won", "order"]
    readonly_fields = ["won"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(won_count=Count("draws"))

    @admin.display(description=_("won so far"))
    def won(self, prize):
        return getattr(prize, "won_count", 0)


@admin.register(Campaign)
class CampaignAdmin(AuditedDeleteMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "node", "starts_at", "ends_at", "is_published", "links"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    list_select_related = ["node"]
    filter_horizontal = ["categories"]
    inlines = [PrizeInline]
    fieldsets = [
        (None, {"fields": ["node", "title", "rules_text", "starts_at", "ends_at", "categories"]}),
        (
            _("Rules (a day already under way keeps the rules it started with)"),
            {
                "fields": [
                    "streak_length",
                    "points_per_correct",
                    "daily_point_cap",
                    "seconds_per_question",
                    "daily_draw_limit",
                    "is_published",
                ]
            },
        ),
    ]

    @admin.display(description=_("Statistics and leaderboard"))
    def links(self, campaign):
        board = campaign_board(campaign)
        parts = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("quizzes:staff_campaign", args=[campaign.pk]),
                gettext("Statistics"),
            )
        ]
        if board is not None:
            parts.append(
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:points_board_change", args=[board.pk]),
                    gettext("Rank prizes"),
                )
            )
        return format_html(" · ".join(["{}"] * len(parts)), *parts)

    def get_changeform_initial_data(self, request):
        # A new campaign's rules start as the quiz defaults of the user's place (a setting
        # per place); what the link's query string gives wins.
        roots = scope_for_user(request.user).roots
        defaults = quiz_defaults(roots[0] if roots else None)
        return {**defaults, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        # The service validates, keeps the leaderboards in line and writes the audit entry.
        services.campaign_save(actor=request.user, campaign=obj, is_new=not change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from quizzes.services.play import campaign_question_ids_forget

        campaign_question_ids_forget(form.instance)


@admin.register(Draw)
class DrawAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_node_field = "campaign__node"
    list_display = ["created_at", "campaign", "user", "prize_name", "kind", "points"]
    list_filter = ["kind"]
    search_fields = ["prize_name", "user__phone", "user__real_name"]
    list_select_related = ["campaign", "user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
