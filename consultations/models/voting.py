"""Consultations put to an electorate (residents, households, owners): options, voters, ballots."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Household, Node
from consultations.models.matters import Matter


class Consultation(models.Model):
    """A question put to an electorate of a place, with a voting window."""

    class Electorate(models.TextChoices):
        RESIDENTS = "residents", _("All residents")
        HOUSEHOLDS = "households", _("One voice per household")
        OWNERS = "owners", _("Owners (Civil Code art. 278)")

    class ChoiceKind(models.TextChoices):
        YES_NO = "yes_no", _("Agree / disagree / abstain")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")

    class OwnerMatter(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary matter (more than half)")
        SPECIAL = (
            "special",
            _(
                "Special matter: maintenance funds, rebuilding, use of common parts (three quarters)"
            ),
        )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", pgettext_lazy("consultations", "Closed")

    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="consultations"
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place voting"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.CharField(pgettext_lazy("consultations", "question"), max_length=200)
    explanation = models.TextField(pgettext_lazy("consultations", "explanation"), blank=True)
    electorate = models.CharField(_("who votes"), max_length=16, choices=Electorate.choices)
    choice_kind = models.CharField(_("kind of answer"), max_length=16, choices=ChoiceKind.choices)
    max_choices = models.PositiveSmallIntegerField(_("most choices per ballot"), default=1)
    owner_matter = models.CharField(
        _("owners' matter"), max_length=16, choices=OwnerMatter.choices, blank=True
    )
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    hide_results_until_close = models.BooleanField(_("hide results until the close"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Fixed when published: the electorate's size (and owners' total floor area).
    electorate_size = models.PositiveIntegerField(default=0)
    electorate_area = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    opening_notified_at = models.DateTimeField(null=True, blank=True)
    closing_reminded_at = models.DateTimeField(null=True, blank=True)
    # The tally frozen at the close, kept as the record of the outcome.
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_window_ordered"
            ),
            # Art. 278 thresholds are defined for agree/disagree questions put to owners.
            models.CheckConstraint(
                condition=(Q(electorate="owners") & Q(choice_kind="yes_no") & ~Q(owner_matter=""))
                | (~Q(electorate="owners") & Q(owner_matter="")),
                name="consultation_owner_matter_kind",
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1), name="consultation_max_choices_positive"
            ),
        ]

    def __str__(self):
        return self.question

    def window_state(self, now=None) -> str:
        """ "draft", "upcoming", "open" or "closed", from the status and the clock."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.CLOSED or now >= self.closes_at:
            return "closed"
        if now < self.opens_at:
            return "upcoming"
        return "open"


class Option(models.Model):
    class Code(models.TextChoices):
        YES = "yes", _("Agree")
        NO = "no", _("Disagree")
        ABSTAIN = "abstain", _("Abstain")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=150)
    code = models.CharField(max_length=8, choices=Code.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class Voter(models.Model):
    """One member of a consultation's electorate, fixed when it is published.

    For residents and owners the member is a person; for households it is the household and any
    of its approved residents may cast (or change) its one ballot. An owner with several homes in
    the place is one member by head carrying the sum of their floor areas.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("electorate")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="voter_one_per_user"),
            models.UniqueConstraint(
                fields=["consultation", "household"], name="voter_one_per_household"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(household__isnull=False),
                name="voter_is_someone",
            ),
        ]

    def __str__(self):
        return self.label


class Ballot(models.Model):
    """The one ballot of an electorate member: cast online or entered from paper by staff.

    One row per member (unique), so paper and online can never both count. A paper entry
    replaces an online ballot, and afterwards only staff may change it.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper, entered by staff")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="ballots")
    voter = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="ballot")
    options = models.ManyToManyField(Option, related_name="ballots")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField()
    changes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "voter"], name="ballot_one_per_voter")
        ]

    def __str__(self):
        return f"{self.consultation_id}/{self.voter_id}"
