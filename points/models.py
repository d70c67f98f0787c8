"""The points ledger (double entry, append-only) and leaderboards with their settlement.

Direction: a posting moves `amount` FROM its `debit` account TO its `credit` account. A user's
balance is what was credited to them minus what was debited from them. System accounts (no owner)
are where value comes from and goes to; they may go negative, so the balances of each currency
always sum to zero.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.append_only import AppendOnlyModel


class Currency(models.TextChoices):
    POINT = "POINT", _("points")
    # Service time of the time bank (时间银行), counted in minutes, shown as hours.
    MINUTE = "MINUTE", _("service time")
    # Money of the elders' canteen (subsidies from a street's budget, payments at the counter),
    # counted in fen (0.01 CNY). Only system accounts hold it: no resident has a money balance.
    FEN = "FEN", _("money (fen, CNY)")


# The currencies people hold (balances pages, leaderboards); money stays in system accounts.
USER_CURRENCIES = (Currency.POINT, Currency.MINUTE)


class Account(models.Model):
    """A user's account in one currency, or a system account named by a `code`.

    The balance is a stored copy of (credits - debits) of the account's postings, changed only by
    the ledger services in the posting's transaction; `verify_ledger` checks the copy.

    A source account (`is_source`, e.g. "issuance") is the exception: every award debits it, so a
    stored balance would be one row locked by all concurrent awards. Its stored balance stays 0 and
    its balance is derived from its postings when read (points.selectors.account_balance).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("points", "owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="point_accounts",
    )
    code = models.CharField(
        _("system code"),
        max_length=100,
        blank=True,
        help_text=_('For system accounts, e.g. "issuance" or "campaign:12:prize_pool".'),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    currency = models.CharField(_("currency"), max_length=8, choices=Currency.choices)
    balance = models.BigIntegerField(_("balance"), default=0, editable=False)
    is_source = models.BooleanField(
        _("source account"),
        default=False,
        editable=False,
        help_text=_("A system account whose balance is derived from its postings, not stored."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("points account")
        verbose_name_plural = _("points accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "currency"],
                condition=Q(owner__isnull=False),
                name="points_account_one_per_user_currency",
            ),
            models.UniqueConstraint(
                fields=["code", "currency"],
                condition=Q(owner__isnull=True),
                name="points_account_one_per_code_currency",
            ),
            models.CheckConstraint(
                condition=(Q(owner__isnull=True) & ~Q(code=""))
                | (Q(owner__isnull=False) & Q(code="")),
                name="points_account_owner_xor_code",
            ),
            # The last line of defence: the services already refuse an overdraft.
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(balance__gte=0),
                name="points_account_user_balance_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(is_source=False) | (Q(owner__isnull=True) & Q(balance=0)),
                name="points_account_source_is_system_without_stored_balance",
            ),
        ]

    def __str__(self):
        if self.owner_id:
            return f"{self.owner} · {self.get_currency_display()}"
        return f"{self.name or self.code} · {self.get_currency_display()}"

    @property
    def is_system(self) -> bool:
        return self.owner_id is None


class Posting(AppendOnlyModel):
    """One movement of value: `amount` leaves `debit` and arrives in `credit`.

    Never changed and never deleted (an ORM guard and, on PostgreSQL, a trigger); a mistake is
    corrected by a reversing posting (`reverses`).
    """

    debit = models.ForeignKey(
        Account,
        verbose_name=_("from account"),
        on_delete=models.PROTECT,
        related_name="debit_postings",
    )
    credit = models.ForeignKey(
        Account,
        verbose_name=_("to account"),
        on_delete=models.PROTECT,
        related_name="credit_postings",
    )
    amount = models.PositiveBigIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=8, choices=Currency.choices)
    reason = models.CharField(pgettext_lazy("points", "reason"), max_length=255)
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("source type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    # Board keys the caller asked this posting to count for (e.g. ["campaign:12"]).
    board_keys = models.JSONField(_("board keys"), default=list, blank=True)
    # The exact board scores it changed: [[board_id, period_key], ...]; a reversal undoes these.
    scored_on = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["debit", "-created_at"], name="points_posting_debit_time"),
            models.Index(fields=["credit", "-created_at"], name="points_posting_credit_time"),
            models.Index(fields=["source_type", "source_id"], name="points_posting_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="points_posting_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(debit=models.F("credit")), name="points_posting_two_accounts"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.amount} {self.currency}: {self.reason}"


class Period(models.TextChoices):
    DAY = "day", _("day")
    WEEK = "week", _("week")
    MONTH = "month", pgettext_lazy("points", "month")
    YEAR = "year", _("year")
    CAMPAIGN = "campaign", _("whole campaign")


class Board(models.Model):
    """A leaderboard: which postings count (scope key + currency) and over which period.

    A posting counts for a board when it credits a user account in the board's currency, its
    board keys contain the board's `scope` and it falls inside the board's window. Callers name
    the keys: `posting_create(..., boards=["campaign:12"])`. Every user credit also carries the
    implicit keys "all" and "year:<local year>" (unless `overall=False`), so an annual overall
    board is scope "all" with period "year".
    """

    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(
        _("scope key"),
        max_length=100,
        db_index=True,
        help_text=_('Which postings count, e.g. "campaign:12", "team:5", "community:3" or "all".'),
    )
    period = models.CharField(_("period"), max_length=16, choices=Period.choices)
    currency = models.CharField(
        _("currency"), max_length=8, choices=Currency.choices, default=Currency.POINT
    )
    starts_at = models.DateTimeField(_("counts from"), null=True, blank=True)
    ends_at = models.DateTimeField(
        _("counts until"),
        null=True,
        blank=True,
        help_text=_("Required for a campaign board: its single period ends here."),
    )
    is_active = models.BooleanField(pgettext_lazy("points", "active"), default=True)
    is_public = models.BooleanField(
        _("shown to residents"), default=True, help_text=_("Listed on the leaderboard pages.")
    )
    auto_settle = models.BooleanField(
        _("settle automatically"),
        default=True,
        help_text=_("Settle each period by the scheduled task once it has ended."),
    )
    prize_account_code = models.CharField(
        _("prize points come from"),
        max_length=100,
        default="issuance",
        help_text=_("Code of the system account that pays prize points."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("leaderboard")
        verbose_name_plural = _("leaderboards")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(period="campaign") | Q(ends_at__isnull=False),
                name="points_board_campaign_has_end",
            ),
        ]

    def __str__(self):
        return self.name


class BoardScore(models.Model):
    """A user's live score on a board in one period; ties rank by who reached it first."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="scores")
    period_key = models.CharField(_("period"), max_length=16)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.BigIntegerField(_("score"), default=0)
    reached_at = models.DateTimeField(_("reached at"))

    class Meta:
        verbose_name = _("leaderboard score")
        verbose_name_plural = _("leaderboard scores")
        constraints = [
            models.UniqueConstraint(
                fields=["board", "period_key", "user"], name="points_boardscore_one_per_user"
            ),
        ]
        indexes = [
            # The ranking order itself: top N is an index range, a rank is a counted range.
            models.Index(
                fields=["board", "period_key", "-score", "reached_at", "user"],
                name="points_boardscore_ranking",
            ),
        ]

    def __str__(self):
        return f"{self.board} {self.period_key} {self.user}: {self.score}"


class ScoreBucket(models.Model):
    """How many users of a board's period hold each score (> 0): BoardScore's histogram, for
    ranks without counting every row above (points.histogram)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    period_key = models.CharField(_("period"), max_length=16)
    score = models.BigIntegerField(_("score"))
    users = models.BigIntegerField(_("users at this score"), default=0)

    class Meta:
        verbose_name = _("score bucket")
        verbose_name_plural = _("score buckets")
        constraints = [
            models.UniqueConstraint(
                fields=["board", "period_key", "score"], name="points_scorebucket_one_per_score"
            ),
        ]

    def __str__(self):
        return f"{self.board_id} {self.period_key} {self.score}: {self.users}"


class PrizeItem(models.Model):
    """A prize with stock (a hotel night, a buffet voucher) or a coupon issued by an extension."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("goods (handed out by staff)")
        COUPON = "coupon", _("coupon")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        pgettext_lazy("points", "kind"), max_length=16, choices=Kind.choices, default=Kind.GOODS
    )
    description = models.TextField(_("description"), blank=True)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    # For coupons: what the registered issuer needs to know (e.g. a marketplace offer id).
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("prize item")
        verbose_name_plural = _("prize items")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="points_prizeitem_stock_gte_0")
        ]

    def __str__(self):
        return self.name


class BoardPrize(models.Model):
    """What ranks rank_from..rank_to receive when a period is settled: points or an item."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="prizes")
    rank_from = models.PositiveIntegerField(_("from rank"))
    rank_to = models.PositiveIntegerField(_("to rank"))
    points = models.PositiveIntegerField(_("prize points"), default=0)
    item = models.ForeignKey(
        PrizeItem,
        verbose_name=_("prize item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_prizes",
    )

    class Meta:
        verbose_name = _("leaderboard prize")
        verbose_name_plural = _("leaderboard prizes")
        ordering = ["rank_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank_from__gte=1) & Q(rank_to__gte=models.F("rank_from")),
                name="points_boardprize_rank_range",
            ),
            models.CheckConstraint(
                condition=(Q(points__gt=0) & Q(item__isnull=True))
                | (Q(points=0) & Q(item__isnull=False)),
                name="points_boardprize_points_xor_item",
            ),
        ]

    def __str__(self):
        what = self.item.name if self.item_id else _("%(points)d points") % {"points": self.points}
        return f"{self.rank_from}-{self.rank_to}: {what}"


class Settlement(models.Model):
    """The closing of one board period. Its state only moves forward.

    started -> frozen (ranking snapshot written, one transaction) -> done (every prize awarded,
    each in its own idempotent transaction). Re-running an unfinished settlement resumes it.
    """

    class State(models.TextChoices):
        STARTED = "started", _("started")
        FROZEN = "frozen", _("ranking frozen, awarding prizes")
        DONE = "done", _("done")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="settlements")
    period_key = models.CharField(_("period"), max_length=16)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.STARTED
    )
    ranked_count = models.PositiveIntegerField(_("ranked users"), default=0)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Saved at the start and after each award; stale while unfinished = the worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "period_key"], name="points_settlement_one_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.board} · {self.period_key}"


class SettlementRank(AppendOnlyModel):
    """One line of a frozen final ranking."""

    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="ranks")
    rank = models.PositiveIntegerField(_("rank"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.BigIntegerField(_("score"))
    reached_at = models.DateTimeField(_("reached at"))

    class Meta:
        verbose_name = _("settled rank")
        verbose_name_plural = _("settled ranks")
        ordering = ["settlement", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "rank"], name="points_settlementrank_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=["settlement", "user"], name="points_settlementrank_one_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.settlement} #{self.rank}"


class PrizeAward(AppendOnlyModel):
    """A prize given (or not, when its stock ran out) to one winner of a settlement."""

    class Outcome(models.TextChoices):
        AWARDED = "awarded", pgettext_lazy("points", "awarded")
        OUT_OF_STOCK = "out_of_stock", _("out of stock")

    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="awards")
    prize = models.ForeignKey(BoardPrize, on_delete=models.PROTECT, related_name="awards")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("rank"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    posting = models.ForeignKey(
        Posting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("prize award")
        verbose_name_plural = _("prize awards")
        ordering = ["settlement", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "prize", "user"], name="points_prizeaward_once"
            ),
        ]

    def __str__(self):
        return f"{self.settlement} #{self.rank} {self.prize}"


class LedgerCheck(models.Model):
    """The outcome of one run of `verify_ledger` (task or command), so that staff see a failure.

    The ledger itself is checked read-only; this row is the one thing a check writes. Staff's
    workbench raises an alert while the latest check failed."""

    checked_at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    ok = models.BooleanField(_("consistent"))
    accounts_checked = models.PositiveIntegerField(default=0)
    postings_checked = models.PositiveBigIntegerField(default=0)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("ledger check")
        verbose_name_plural = _("ledger checks")
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'FAILED'}"
