"""Captains' work: patrols, daily reports, evaluations, allowances."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models.posts import Post
from communities.models.tree import Node


class PatrolLog(models.Model):
    """One daily patrol (日巡查) of a building by its captain."""

    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        on_delete=models.PROTECT,
        related_name="patrol_logs",
    )
    building = models.ForeignKey(
        Node, verbose_name=_("building"), on_delete=models.PROTECT, related_name="patrol_logs"
    )
    date = models.DateField(_("date"), db_index=True)
    findings = models.TextField(_("findings"), blank=True)
    has_problem = models.BooleanField(_("problem found"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol log")
        verbose_name_plural = _("patrol logs")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["captain", "date"], name="patrol_captain_date_idx")]

    def __str__(self):
        return f"{self.date} {self.building.name}"


def patrol_photo_path(instance, filename):
    return f"patrols/{instance.log.date:%Y/%m}/{filename}"


class PatrolPhoto(models.Model):
    log = models.ForeignKey(PatrolLog, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=patrol_photo_path)

    class Meta:
        verbose_name = _("patrol photo")
        verbose_name_plural = _("patrol photos")

    def __str__(self):
        return self.image.name


class DailyReport(models.Model):
    """A captain's daily report (日报告): what was seen and what was handled that day."""

    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        on_delete=models.PROTECT,
        related_name="daily_reports",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="daily_reports"
    )
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    problems_found = models.PositiveIntegerField(_("problems found"), default=0)
    problems_handled = models.PositiveIntegerField(_("problems handled"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["captain", "node", "date"], name="daily_report_one_per_day"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.captain}"


class EvaluationRound(models.Model):
    """A periodic selection (优秀楼栋长, 文明楼道) inside a place, with criteria and a result."""

    class Kind(models.TextChoices):
        EXCELLENT_CAPTAIN = "excellent_captain", _("Excellent building captain")
        CIVILISED_STAIRWAY = "civilised_stairway", _("Civilised stairway")

    class Status(models.TextChoices):
        OPEN = "open", _("Scoring")
        PUBLISHED = "published", _("Result published")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    title = models.CharField(_("title"), max_length=100)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    criteria = models.TextField(_("criteria"))
    awards = models.PositiveSmallIntegerField(_("number of awards"), default=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="evaluation_period_ordered",
            )
        ]

    def __str__(self):
        return self.title


class EvaluationEntry(models.Model):
    """A candidate of a round: a captain's post, or a stairway (unit) node; scored, maybe awarded."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="entries"
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="evaluation_entries"
    )
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_entries",
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, default=0)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    awarded = models.BooleanField(_("awarded"), default=False)
    remarks = models.CharField(_("remarks"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("evaluation entry")
        verbose_name_plural = _("evaluation entries")
        ordering = ["rank", "-score"]
        constraints = [
            # A captain once per place and round; a stairway (no captain) once per round. Two
            # partial constraints, as SQLite has no NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["round", "node", "captain"],
                condition=Q(captain__isnull=False),
                name="evaluation_entry_unique_captain",
            ),
            models.UniqueConstraint(
                fields=["round", "node"],
                condition=Q(captain__isnull=True),
                name="evaluation_entry_unique_place",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="evaluation_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.captain or self.node}"


class Allowance(models.Model):
    """A captain's monthly allowance (e.g. 150 yuan) and whether it has been paid."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="allowances"
    )
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        on_delete=models.PROTECT,
        related_name="allowances",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    # The duties the amount was computed from (communities.services.allowances); a paid
    # allowance keeps the figures it was paid on.
    working_days = models.PositiveSmallIntegerField(_("working days in the term"), default=0)
    patrol_days = models.PositiveSmallIntegerField(_("working days patrolled"), default=0)
    report_days = models.PositiveSmallIntegerField(_("working days reported"), default=0)
    cases_assigned = models.PositiveIntegerField(_("cases dispatched to the captain"), default=0)
    cases_on_time = models.PositiveIntegerField(_("cases answered in time"), default=0)
    score = models.DecimalField(_("duty score (%)"), max_digits=5, decimal_places=1, default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    paid = models.BooleanField(_("paid"), default=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")
        ordering = ["-month", "post__node__path"]
        constraints = [
            models.UniqueConstraint(fields=["post", "month"], name="allowance_one_per_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allowance_not_negative"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.captain}"
