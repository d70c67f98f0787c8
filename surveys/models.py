"""Needs surveys on a place (问卷) and the needs catalogue (需求清单) residents mark."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Household, Node
from volunteers.models import Team


class Survey(models.Model):
    """A survey to the residents living at a place (its subtree).

    `anonymous`: answers keep no link to the person or household, only the grid (for results
    per grid) and a keyed hash that enforces one answer per person or household.
    """

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=100)
    intro = models.TextField(_("introduction"), max_length=2000, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    per_household = models.BooleanField(_("one answer per household"), default=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="surveys_published",
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closes_at is None or self.closes_at > timezone.now()


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RATING = "rating", _("Rating (1 to 5)")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=200)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("option"), max_length=100)

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self):
        return self.label


class Response(models.Model):
    """One person's (or household's) answers. `respondent` and `household` stay empty on an
    anonymous survey; `key` is an HMAC of the person or household, unique per survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    key = models.CharField(max_length=64)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The respondent's grid (their building where no grid lies above it): results per grid.
    place = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Someone other than the resident who answered for them (代办)."),
    )
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="survey_one_response_per_key")
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """One answer to one question: a choice (one row per ticked option), a rating or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="survey_answer_rating_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.choice or self.rating or self.text}"


class NeedCategory(models.Model):
    """A category of the needs catalogue (e.g. 养老服务); the catalogue is data, kept in the admin."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class NeedItem(models.Model):
    """One need residents can mark, with the kind of volunteer team and the services that
    meet it (the demand page lists the teams of that kind at each place)."""

    category = models.ForeignKey(
        NeedCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    team_kind = models.CharField(
        _("volunteer teams that meet it"), max_length=16, choices=Team.Kind.choices, blank=True
    )
    services = models.CharField(
        pgettext_lazy("needs", "services that meet it"), max_length=200, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs catalogue")
        ordering = ["category__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="need_item_unique_name")
        ]

    def __str__(self):
        return self.name


class NeedMark(models.Model):
    """A resident needs this; `node` is their home's place when marked (demand by place)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_marks"
    )
    item = models.ForeignKey(NeedItem, on_delete=models.CASCADE, related_name="marks")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="need_mark_one_per_person")
        ]

    def __str__(self):
        return f"{self.item} @ {self.node}"
