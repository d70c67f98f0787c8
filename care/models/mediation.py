"""Mediation (人民调解): a dispute, its parties, sessions, the outcome and follow-up visits.

"小事不出网格，大事不出社区": each dispute records the level it was settled at, so the monthly
counts show how much stays in the grid and the community.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models import Node


class Dispute(models.Model):
    class Kind(models.TextChoices):
        NEIGHBOURS = "neighbours", _("Between neighbours")
        FAMILY = "family", _("Family and marriage")
        PROPERTY = "property", _("Property and housing")
        LABOUR = "labour", _("Work and wages")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Being mediated")
        AGREED = "agreed", _("Agreement reached")
        FAILED = "failed", _("No agreement")
        REFERRED = "referred", _("Referred elsewhere")

    class Level(models.TextChoices):
        GRID = "grid", _("In the grid")
        COMMUNITY = "community", _("In the community")
        STREET = "street", _("At the street office")

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    summary = models.TextField(_("what the dispute is about"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    settled_level = models.CharField(
        _("settled at"), max_length=16, choices=Level.choices, blank=True
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    agreement_terms = models.TextField(_("terms of the agreement"), max_length=4000, blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.title}"


class DisputeParty(models.Model):
    class Side(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        RESPONDENT = "respondent", _("Respondent")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["side", "id"]

    def __str__(self):
        return self.name


class MediationSession(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("held at"))
    notes = models.TextField(_("notes"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_at", "id"]

    def __str__(self):
        return f"{self.dispute_id} {self.held_at:%Y-%m-%d}"


class DisputeFollowUp(models.Model):
    """A follow-up visit after the outcome: did the agreement hold?"""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.dispute_id} {self.due_on}"
