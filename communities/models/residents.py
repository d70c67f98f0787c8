"""Households (户) and the residents linked to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.masking import name_for_others
from communities.models.tree import Node


class Household(models.Model):
    """A dwelling (户) in a unit or building."""

    node = models.ForeignKey(
        Node,
        verbose_name=_("building or unit"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    room = models.CharField(_("room number"), max_length=32)
    floor_area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Exclusive floor area; counts in owners' votes (Civil Code art. 278)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["node__path", "room"]
        constraints = [
            models.UniqueConstraint(fields=["node", "room"], name="household_unique_room"),
            models.CheckConstraint(
                condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0),
                name="household_floor_area_positive",
            ),
        ]

    def __str__(self):
        return f"{self.node.full_name} / {self.room}"


class Residency(models.Model):
    """A user living in (or owning) a household; claimed by the resident, decided by staff.

    An import that names an existing account (by phone) only invites it: the link waits for
    that person to confirm, and until then staff see the person's name masked.
    """

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        MEMBER = "member", _("Family member")
        TENANT = "tenant", _("Tenant")

    class ResidenceType(models.TextChoices):
        REGISTERED = "registered", _("Registered (hukou)")
        NON_REGISTERED = "non_registered", _("Non-registered permanent resident")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ENDED = "ended", _("Moved out")
        INVITED = "invited", _("Waiting for the resident to confirm")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="residencies",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="residencies"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    is_owner = models.BooleanField(_("owner"), default=False)
    residence_type = models.CharField(
        _("residence type"),
        max_length=16,
        choices=ResidenceType.choices,
        default=ResidenceType.REGISTERED,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residents")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live link per person and household; rejected and ended ones stay as history.
            models.UniqueConstraint(
                fields=["user", "household"],
                condition=Q(status__in=["pending", "approved", "invited"]),
                name="residency_one_live_per_household",
            )
        ]
        indexes = [
            models.Index(fields=["household", "status"], name="residency_hh_status_idx"),
            # The residents changelist (newest first) reads a page off this index.
            models.Index(fields=["-created_at", "-id"], name="residency_newest_idx"),
        ]

    def __str__(self):
        return f"{self.resident_label} @ {self.household}"

    @property
    def resident_label(self) -> str:
        """The person as staff may see them: masked until they confirm an invitation."""
        if self.status == self.Status.INVITED:
            return name_for_others(self.user)
        return str(self.user)
