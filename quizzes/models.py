"""Knowledge quizzes (竞答): question bank, campaigns and their rules, answers, lottery draws.

Data and database invariants only; the rules live in quizzes/services/.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


class Category(models.Model):
    """A subject of questions: 禁毒, 消防, 垃圾分类, 防诈骗, 党史 ..."""

    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true or false")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("easy")
        MEDIUM = 2, _("medium")
        HARD = 3, _("hard")

    # The street or community whose bank holds the question (scopes who may edit it).
    node = models.ForeignKey(
        Node, verbose_name=_("question bank of"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=pgettext_lazy("quizzes", "category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    is_active = models.BooleanField(pgettext_lazy("quizzes", "active"), default=True)
    source = models.CharField(_("imported from"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category", "id"]
        indexes = [models.Index(fields=["category", "is_active"], name="quizzes_q_cat_active")]

    def __str__(self):
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class QuestionImport(models.Model):
    """A question file held while staff read which of its questions will be left out.

    A Moodle export mixes question types the quiz cannot play; staff see the list (line and
    reason) and confirm importing the rest. The file is kept until then (at most a day) and
    emptied once imported, the outcome kept for the record.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting for confirmation")
        IMPORTED = "imported", _("imported")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    node = models.ForeignKey(
        Node, verbose_name=_("question bank of"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    fmt = models.CharField(_("format"), max_length=16)
    content = models.BinaryField(editable=False)
    default_category = models.CharField(max_length=50, blank=True)
    difficulty = models.PositiveSmallIntegerField(choices=Question.Difficulty.choices)
    importable = models.PositiveIntegerField(_("questions to import"))
    skipped = models.JSONField(_("questions left out"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        indexes = [models.Index(fields=["status", "created_at"], name="quizzes_import_waiting")]

    def __str__(self):
        return self.filename


class Campaign(models.Model):
    """A quiz campaign over a place; its rule settings default to the 6·26 campaign's."""

    node = models.ForeignKey(
        Node,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The street or community whose residents take part."),
    )
    title = models.CharField(_("title"), max_length=100)
    rules_text = models.TextField(_("rules"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    categories = models.ManyToManyField(
        Category, verbose_name=_("question categories"), related_name="campaigns"
    )
    is_published = models.BooleanField(_("published"), default=True)
    streak_length = models.PositiveSmallIntegerField(
        _("correct answers in a row for a draw"), default=5
    )
    points_per_correct = models.PositiveSmallIntegerField(
        _("points per correct answer once the streak is reached"), default=1
    )
    daily_point_cap = models.PositiveIntegerField(_("daily point cap"), default=50)
    seconds_per_question = models.PositiveSmallIntegerField(
        _("seconds allowed per question"),
        null=True,
        blank=True,
        help_text=_("Empty: no time limit."),
    )
    daily_draw_limit = models.PositiveSmallIntegerField(
        _("draws per day"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("quiz campaign")
        verbose_name_plural = _("quiz campaigns")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="quizzes_campaign_dates"
            ),
            models.CheckConstraint(
                condition=Q(streak_length__gte=1), name="quizzes_campaign_streak_gte_1"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def board_scope(self) -> str:
        """The key its answer postings carry, so they count for the campaign's boards."""
        return self.board_scope_of(self.pk)

    @staticmethod
    def board_scope_of(pk: int) -> str:
        return f"quiz-campaign:{pk}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.starts_at <= now < self.ends_at


class Participant(models.Model):
    """A user's standing in a campaign: the running streak (which crosses midnight), draws."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_participations"
    )
    streak = models.PositiveIntegerField(_("correct answers in a row"), default=0)
    answers = models.PositiveIntegerField(_("answers"), default=0)
    correct = models.PositiveIntegerField(_("correct answers"), default=0)
    points = models.PositiveIntegerField(_("points earned"), default=0)
    draws_earned = models.PositiveIntegerField(_("draws earned"), default=0)
    draws_used = models.PositiveIntegerField(_("draws used"), default=0)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    # The answer rate limit, counted on the row every answer locks anyway (quizzes.limits):
    # the number of the current fixed window (Unix time // period) and the answers taken in it.
    rate_window = models.PositiveBigIntegerField(default=0, editable=False)
    rate_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="quizzes_participant_once"),
            models.CheckConstraint(
                condition=Q(draws_used__lte=models.F("draws_earned")),
                name="quizzes_participant_draws_not_overused",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.user}"

    @property
    def draws_available(self) -> int:
        return self.draws_earned - self.draws_used


class DayRecord(models.Model):
    """One participant's local day (Asia/Shanghai) with the rule settings frozen at its start.

    Staff editing the campaign changes only days that have not started yet.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(pgettext_lazy("quizzes", "day"))
    streak_length = models.PositiveSmallIntegerField()
    points_per_correct = models.PositiveSmallIntegerField()
    daily_point_cap = models.PositiveIntegerField()
    seconds_per_question = models.PositiveSmallIntegerField(null=True, blank=True)
    daily_draw_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    answers = models.PositiveIntegerField(_("answers"), default=0)
    correct = models.PositiveIntegerField(_("correct answers"), default=0)
    points = models.PositiveIntegerField(_("points"), default=0)
    draws_earned = models.PositiveIntegerField(_("draws earned"), default=0)
    draws_used = models.PositiveIntegerField(_("draws used"), default=0)

    class Meta:
        verbose_name = _("day record")
        verbose_name_plural = _("day records")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="quizzes_day_once"),
            models.CheckConstraint(
                condition=Q(points__lte=models.F("daily_point_cap")),
                name="quizzes_day_points_within_cap",
            ),
        ]

    def __str__(self):
        return f"{self.participant} · {self.day}"


class ServedQuestion(models.Model):
    """One question handed to one user; answered at most once (a conditional UPDATE)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="served")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="served")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="served")
    served_at = models.DateTimeField(_("served at"))
    expires_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    chosen = models.JSONField(_("chosen options"), default=list, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True)
    is_late = models.BooleanField(_("late"), default=False)
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    earned_draw = models.BooleanField(_("earned a draw"), default=False)

    class Meta:
        verbose_name = _("served question")
        verbose_name_plural = _("served questions")
        indexes = [
            models.Index(fields=["participant", "answered_at"], name="quizzes_served_pending"),
            # The participant's latest pending question (ORDER BY id DESC LIMIT 1, MAX(id)): with
            # statistics, PostgreSQL otherwise walks the primary key back from the newest row,
            # through every question served since (measured: 74 ms of PostgreSQL CPU an answer).
            models.Index(
                fields=["participant", "id"],
                condition=models.Q(answered_at__isnull=True),
                name="quizzes_served_pending_last",
            ),
            models.Index(fields=["campaign", "question"], name="quizzes_served_stats"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.question_id}"


class Prize(models.Model):
    """One outcome of a campaign's lottery: points, an item with stock, or "thanks"."""

    class Kind(models.TextChoices):
        POINTS = "points", _("points")
        ITEM = "item", _("item (gift or coupon)")
        THANKS = "thanks", _("thanks for taking part")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    weight = models.PositiveIntegerField(
        _("weight"), default=1, help_text=_("Chance relative to the other prizes.")
    )
    points = models.PositiveIntegerField(_("points"), default=0)
    item = models.ForeignKey(
        "points.PrizeItem",
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("What is handed out or issued (a gift or a merchant's coupon)."),
    )
    stock = models.PositiveIntegerField(
        _("left to win in this lottery"),
        default=0,
        help_text=_(
            "For items: how many more can be won here. Each win also takes one from the "
            "item's own stock."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("lottery prize")
        verbose_name_plural = _("lottery prizes")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="points") & Q(points__gt=0) & Q(item__isnull=True))
                | (Q(kind="item") & Q(item__isnull=False))
                | (Q(kind="thanks") & Q(item__isnull=True)),
                name="quizzes_prize_kind_fields",
            ),
        ]

    def __str__(self):
        return self.name


class Draw(models.Model):
    """One lottery draw: the outcome and what was given. Never changed after the draw."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="draws")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="draws")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prize = models.ForeignKey(
        Prize, null=True, blank=True, on_delete=models.PROTECT, related_name="draws"
    )
    prize_name = models.CharField(_("outcome"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Prize.Kind.choices)
    points = models.PositiveIntegerField(_("points"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "-created_at"], name="quizzes_draw_log"),
            models.Index(fields=["participant", "-created_at"], name="quizzes_draw_mine"),
        ]

    def __str__(self):
        return f"{self.user} · {self.prize_name}"

    @property
    def is_win(self) -> bool:
        return self.kind != Prize.Kind.THANKS
